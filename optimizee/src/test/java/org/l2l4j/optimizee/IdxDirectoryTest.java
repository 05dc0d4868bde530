package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;
import static org.l2l4j.optimizee.IdxTestFiles.images;
import static org.l2l4j.optimizee.IdxTestFiles.labels;
import static org.l2l4j.optimizee.IdxTestFiles.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

class IdxDirectoryTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void loadReadsBothSplitsAsPixelsOver255(boolean gzip) throws IOException {
        IdxTestFiles.writeDataSet(dir, 5, 3, gzip);
        TrainTestData data = IdxDirectory.read(dir);

        assertEquals(5, data.train().size());
        assertEquals(3, data.test().size());
        assertEquals(6, data.train().featuresPerExample());
        assertEquals(Optional.of(new ImageShape(1, 2, 3)), data.train().imageShape());
        assertEquals(5, data.classes(), "labels 0..4 in training, 0..2 in test");
        float[] image = Arrays.copyOfRange(data.train().features(), 6, 12);
        for (int p = 0; p < 6; p++) {
            // IdxTestFiles writes pixel i of the file as (byte) (37 i); image 1 starts at i = 6.
            assertEquals(Byte.toUnsignedInt((byte) (37 * (6 + p))) / 255f, image[p], 0f);
        }
        assertEquals(4, data.train().label(4));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, data.train().labels());
        assertEquals(2, data.test().label(2));
    }

    @Test
    void toDataSetHasOneHotLabelsAndTheSamePixels() throws IOException {
        IdxTestFiles.writeDataSet(dir, 4, 2, false);
        LabelledData train = IdxDirectory.read(dir).train();
        DataSet all = train.toDataSet();
        assertArrayEquals(new long[] {4, 6}, all.getFeatures().shape());
        assertArrayEquals(new long[] {4, 4}, all.getLabels().shape(), "labels 0..3: four classes");
        float[] image = Arrays.copyOfRange(train.features(), 18, 24);
        assertArrayEquals(image, all.getFeatures().getRow(3).toFloatVector(), 0f);
        assertArrayEquals(new float[] {0, 0, 0, 1}, all.getLabels().getRow(3).toFloatVector(), 0f);
    }

    @Test
    void missingFileNamesTheRoleWithoutAFile() throws IOException {
        IdxTestFiles.writeDataSet(dir, 2, 2, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        IOException e = assertThrows(IOException.class, () -> IdxDirectory.read(dir));
        assertMessage(e, dir.toString(), "no IDX file for the test labels", "t10k-labels-idx1-ubyte");
    }

    @Test
    void filesAreFoundByMagicNumberAndNameWhateverElseTheyAreCalled() throws IOException {
        IdxTestFiles.writeDataSet(dir, 3, 2, false);
        Files.move(dir.resolve("train-images-idx3-ubyte"), dir.resolve("my-train.img"));
        Files.move(dir.resolve("train-labels-idx1-ubyte"), dir.resolve("TRAIN.labels"));
        Files.move(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("test_x"));
        Files.move(dir.resolve("t10k-labels-idx1-ubyte"), dir.resolve("test_y"));
        Files.writeString(dir.resolve("README-train.txt"), "not an IDX file");
        TrainTestData data = IdxDirectory.read(dir);
        assertEquals(3, data.train().size());
        assertEquals(2, data.test().size());
    }

    @Test
    void twoCandidatesForOneRoleAreAmbiguous() throws IOException {
        IdxTestFiles.writeDataSet(dir, 3, 2, false);
        Files.copy(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-images-copy"));
        IOException e = assertThrows(IOException.class, () -> IdxDirectory.read(dir));
        assertMessage(e, "ambiguous", "train-images-copy", "train-images-idx3-ubyte", "training images");
    }

    @Test
    void imageAndLabelCountMismatchNamesBothFiles() throws IOException {
        IdxTestFiles.writeDataSet(dir, 3, 2, false);
        write(dir, "train-labels-idx1-ubyte", labels((byte) 1, (byte) 2));
        IOException e = assertThrows(IOException.class, () -> IdxDirectory.read(dir));
        assertMessage(e, "train-images-idx3-ubyte holds 3 images", "train-labels-idx1-ubyte holds 2 labels");
    }

    @Test
    void classesAreAsManyAsTheLargestLabelOfEitherSplitNeeds() throws IOException {
        IdxTestFiles.writeDataSet(dir, 2, 2, false);
        write(dir, "t10k-labels-idx1-ubyte", labels((byte) 3, (byte) 11));
        TrainTestData data = IdxDirectory.read(dir);
        assertEquals(12, data.classes());
        assertEquals(12, data.train().toDataSet().getLabels().size(1));
    }

    @Test
    void trainingAndTestImagesOfDifferentSizesAreRejected() throws IOException {
        IdxTestFiles.writeDataSet(dir, 2, 1, false);
        write(dir, "t10k-images-idx3-ubyte", images(1, 3, 3, new byte[9]));
        IOException e = assertThrows(IOException.class, () -> IdxDirectory.read(dir));
        assertMessage(e, dir.toString(), "training examples have images of 1x2x3 but test examples have images of 1x3x3");
    }

    @Test
    void filesAreToldApartByMagicNumberNotByTheirImagesOrLabelsName() throws IOException {
        IdxTestFiles.writeDataSet(dir, 2, 2, false);
        write(dir, "train-images-idx3-ubyte", labels((byte) 1, (byte) 2));
        IOException e = assertThrows(IOException.class, () -> IdxDirectory.read(dir));
        assertMessage(e, "ambiguous", "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "training labels");
    }

    @Test
    void embeddedDataIsMnist10kWithAllDigits() {
        TrainTestData data = TrainTestData.embedded();
        assertSame(data, TrainTestData.embedded(), "read once per JVM");
        assertEquals(8000, data.train().size());
        assertEquals(2000, data.test().size());
        assertEquals(784, data.train().featuresPerExample());
        assertEquals(10, data.classes());
        for (LabelledData split : new LabelledData[] {data.train(), data.test()}) {
            int[] perClass = new int[10];
            for (int i = 0; i < split.size(); i++) {
                perClass[split.label(i)]++;
            }
            for (int digit = 0; digit < 10; digit++) {
                // ~1,000 digits per class split 80/20: every digit has well over 5% of each split.
                assertTrue(perClass[digit] > split.size() / 20, "digit " + digit + ": " + perClass[digit]);
            }
        }
        float[] pixels = data.train().features();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : pixels) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void embeddedFilesMatchTheirChecksums() throws IOException, NoSuchAlgorithmException {
        String sums;
        try (InputStream in = TrainTestData.class.getResourceAsStream("mnist-10k/SHA256SUMS")) {
            sums = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        int checked = 0;
        for (String line : sums.strip().split("\n")) {
            String[] hashAndName = line.split("\\s+");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(
                    TrainTestData.class.getResourceAsStream("mnist-10k/" + hashAndName[1]), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            assertEquals(hashAndName[0], HexFormat.of().formatHex(sha.digest()), hashAndName[1]);
            checked++;
        }
        assertEquals(4, checked);
    }
}
