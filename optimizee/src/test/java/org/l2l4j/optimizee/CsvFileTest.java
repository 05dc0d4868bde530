package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {

    @TempDir
    Path dir;

    @Test
    void heldOutFileIsTheTestSplitStandardisedWithTheTrainingStatistics() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "a,b,label\n1,10,0\n3,10,2\n\n5,10,1\n");
        Path test = Files.writeString(dir.resolve("test.csv"), "\"7\", 10 ,1\n");
        TrainTestData data = CsvFile.read(train, test);

        assertEquals(3, data.train().size());
        assertEquals(1, data.test().size());
        assertEquals(2, data.train().featuresPerExample());
        assertEquals(Optional.empty(), data.train().imageShape());
        assertEquals(3, data.classes());
        assertArrayEquals(new int[] {0, 2, 1}, data.train().labels());
        // column a: mean 3, standard deviation sqrt(8/3); column b is constant: centred, scale 1
        float sd = (float) Math.sqrt(8.0 / 3);
        assertArrayEquals(new float[] {-2 / sd, 0, 0, 0, 2 / sd, 0}, data.train().features(), 1e-6f);
        assertArrayEquals(new float[] {4 / sd, 0}, data.test().features(), 1e-6f, "the training split's statistics");
        Standardisation standardisation = data.standardisation().orElseThrow();
        assertArrayEquals(new float[] {3, 10}, standardisation.mean(), 1e-6f);
        assertArrayEquals(new float[] {sd, 1}, standardisation.scale(), 1e-6f);
    }

    @Test
    void withoutATestFileTheRowsAreSplit80To20TheSameWayEveryTime() throws IOException {
        Path file = DataTestFiles.csv(dir.resolve("all.csv"), 50, 3, 4, false);
        TrainTestData data = CsvFile.read(file, null);
        assertEquals(40, data.train().size());
        assertEquals(10, data.test().size());
        assertEquals(4, data.classes());
        TrainTestData again = CsvFile.read(file, null);
        assertArrayEquals(data.train().labels(), again.train().labels());
        assertArrayEquals(data.test().features(), again.test().features(), 0f);
        float[] mean = data.standardisation().orElseThrow().mean();
        // the training rows' mean, not all rows' (24.5 + j/10): the statistics come from the 80%
        float[] all = {24.5f, 24.6f, 24.7f};
        assertTrue(!Arrays.equals(all, mean), Arrays.toString(mean));
        double columnMean = 0;
        float[] features = data.train().features();
        for (int i = 0; i < 40; i++) {
            columnMean += features[i * 3];
        }
        assertEquals(0, columnMean / 40, 1e-5, "standardised training columns have mean 0");
    }

    @Test
    void numbersInEveryPlainAndScientificFormAreRead() throws IOException {
        Path file = Files.writeString(dir.resolve("forms.csv"), "-1.5,+2,3e2,0.000125,12345678901234567,0\n0,0,0,0,0,1\n");
        float[] first = Arrays.copyOf(CsvFile.read(file, file).test().features(), 5);
        Standardisation s = CsvFile.read(file, file).standardisation().orElseThrow();
        float[] raw = new float[5];
        for (int j = 0; j < 5; j++) {
            raw[j] = first[j] * s.scale()[j] + s.mean()[j];
        }
        assertArrayEquals(new float[] {-1.5f, 2f, 300f, 0.000125f, 12345678901234567f}, raw, 1e-6f * 12345678901234567f);
        assertEquals(-1.5f, raw[0], 1e-6f);
        assertEquals(0.000125f, raw[3], 1e-9f);
    }

    @Test
    void raggedRowNamesTheFileAndTheLine() throws IOException {
        Path file = Files.writeString(dir.resolve("ragged.csv"), "x,y,label\n1,2,0\n3,1\n");
        IOException e = assertThrows(IOException.class, () -> CsvFile.read(file, null));
        assertMessage(e, file.toString(), "line 3 has 2 fields, expected 3");
    }

    @Test
    void nonNumericFieldNamesTheFileLineAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("text.csv"), "1,2,0\n3,abc,1\n");
        IOException e = assertThrows(IOException.class, () -> CsvFile.read(file, null));
        assertMessage(e, file.toString(), "line 2, field 2: 'abc' is not a finite number");
    }

    @Test
    void labelThatIsNotAClassNumberNamesTheLine() throws IOException {
        for (String label : new String[] {"1.5", "-1", "cat"}) {
            Path file = Files.writeString(dir.resolve("label.csv"), "1,2,0\n3,4," + label + "\n");
            IOException e = assertThrows(IOException.class, () -> CsvFile.read(file, null));
            assertMessage(e, file.toString(), "line 2: label '" + label + "'", "not a class number");
        }
    }

    @Test
    void testFileWithOtherColumnsIsNamed() throws IOException {
        Path train = DataTestFiles.csv(dir.resolve("train.csv"), 5, 3, 2, false);
        Path test = DataTestFiles.csv(dir.resolve("test.csv"), 5, 2, 2, false);
        IOException e = assertThrows(IOException.class, () -> CsvFile.read(train, test));
        assertMessage(e, test.toString(), "line 1 has 3 fields, expected 4");
    }

    @Test
    void fileWithoutExamplesIsAnEmptyDataSet() throws IOException {
        Path file = Files.writeString(dir.resolve("header-only.csv"), "x,y,label\n\n");
        IOException e = assertThrows(IOException.class, () -> CsvFile.read(file, null));
        assertMessage(e, file.toString(), "empty data set");
        Path one = Files.writeString(dir.resolve("one.csv"), "1,2,0\n");
        assertMessage(assertThrows(IOException.class, () -> CsvFile.read(one, null)), "too few to split");
    }
}
