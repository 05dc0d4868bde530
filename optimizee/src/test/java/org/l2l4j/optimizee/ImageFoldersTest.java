package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageFoldersTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "jpg", "gif"})
    void imagesBecomeGrayscaleResizedPixelsLabelledByTheirSortedFolder(String format) throws IOException {
        DataTestFiles.imageFolders(dir, format, 12, 5, "dog", "cat");
        TrainTestData data = ImageFolders.read(dir, null, 4, 6);
        assertEquals(2, data.classes());
        assertEquals(8, data.train().size());
        assertEquals(2, data.test().size());
        assertEquals(Optional.of(new ImageShape(1, 4, 6)), data.train().imageShape());
        for (LabelledData split : new LabelledData[] {data.train(), data.test()}) {
            float[] features = split.features();
            for (int i = 0; i < split.size(); i++) {
                // written dog (levels 0..40) then cat (40..80); sorted, cat is class 0 and dog class 1
                float level = features[i * 24] * 255;
                int label = split.label(i);
                int written = 1 - label;
                assertTrue(level >= 40 * written - 2 && level <= 40 * written + 42, "level " + level + " of class " + label);
                for (int p = 1; p < 24; p++) {
                    assertEquals(features[i * 24], features[i * 24 + p], 2 / 255f, "a uniform image stays uniform");
                }
            }
        }
    }

    @Test
    void testFoldersAreTheTestSplit() throws IOException {
        Path train = DataTestFiles.imageFolders(dir.resolve("train"), "png", 4, 3, "a", "b", "c");
        Path test = DataTestFiles.imageFolders(dir.resolve("test"), "png", 4, 1, "a", "b", "c");
        TrainTestData data = ImageFolders.read(train, test, 4, 4);
        assertEquals(9, data.train().size());
        assertArrayEquals(new int[] {0, 1, 2}, data.test().labels());
        assertArrayEquals(new float[] {0, 40 / 255f, 80 / 255f},
                new float[] {data.test().features()[0], data.test().features()[16], data.test().features()[32]}, 1e-6f);
    }

    @Test
    void fewerThanTwoClassesAreRefused() throws IOException {
        DataTestFiles.imageFolders(dir, "png", 4, 3, "only");
        IOException e = assertThrows(IOException.class, () -> ImageFolders.read(dir, null, 4, 4));
        assertMessage(e, dir.toString(), "1 class folder(s) [only]", "at least two");
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        DataTestFiles.imageFolders(dir, "png", 4, 3, "a", "b");
        Path broken = Files.writeString(dir.resolve("b").resolve("broken.png"), "not a png");
        IOException e = assertThrows(IOException.class, () -> ImageFolders.read(dir, null, 4, 4));
        assertMessage(e, broken.toString(), "unreadable image");
    }

    @Test
    void classFolderWithoutImagesIsNamed() throws IOException {
        DataTestFiles.imageFolders(dir, "png", 4, 3, "a", "b");
        Files.createDirectory(dir.resolve("c"));
        Files.writeString(dir.resolve("c").resolve("notes.txt"), "no images here");
        IOException e = assertThrows(IOException.class, () -> ImageFolders.read(dir, null, 4, 4));
        assertMessage(e, dir.resolve("c").toString(), "no PNG, JPEG or GIF image");
    }

    @Test
    void testFoldersWithOtherClassesAreNamed() throws IOException {
        Path train = DataTestFiles.imageFolders(dir.resolve("train"), "png", 4, 2, "a", "b");
        Path test = DataTestFiles.imageFolders(dir.resolve("test"), "png", 4, 1, "a", "c");
        IOException e = assertThrows(IOException.class, () -> ImageFolders.read(train, test, 4, 4));
        assertMessage(e, test.toString(), "[a, c] differ", "[a, b]");
    }
}
