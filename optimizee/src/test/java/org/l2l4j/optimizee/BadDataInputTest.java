package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Each bad input of issue 16 is refused while the spec is parsed, before any task runs, by the key that
 * names it ({@code conf=}, {@code data=}, {@code test=}), the file and the problem, on one line; data given
 * as the default (the CLI's {@code --data}) are refused as unreadable data for the caller to name.
 */
class BadDataInputTest {

    @TempDir
    Path dir;

    private IllegalArgumentException refused(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.parse(spec));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e;
    }

    private Path csv(int features, int classes) throws IOException {
        return DataTestFiles.csv(dir.resolve("data" + features + "x" + classes + ".csv"), 20, features, classes, false);
    }

    @Test
    void configurationThatIsNotDl4jJsonIsNamed() throws IOException {
        Path data = csv(4, 3);
        Path text = Files.writeString(dir.resolve("net.txt"), "layers: 3\n");
        assertMessage(refused("dl4j:conf=" + text + ",data=" + data), "conf=" + text, "not JSON");
        Path json = Files.writeString(dir.resolve("other.json"), "{\"name\": \"resnet\"}");
        assertMessage(refused("dl4j:conf=" + json + ",data=" + data), "conf=" + json,
                "neither a DL4J MultiLayerConfiguration");
        Path zip = dir.resolve("other.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
        }
        assertMessage(refused("dl4j:conf=" + zip + ",data=" + data), "conf=" + zip, "configuration.json");
        Path missing = dir.resolve("missing.json");
        assertMessage(refused("dl4j:conf=" + missing + ",data=" + data), "conf=", missing.toString());
    }

    /** A FIFO as data would block the reader until some other process writes to it. */
    @Test
    void dataThatIsNeitherFileNorDirectoryIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo unavailable");
        assertMessage(refused("mnist:data=" + fifo), "data=" + fifo, "neither a file nor a directory");
    }

    @Test
    void networkWhoseInputSizeDiffersFromTheFeaturesIsNamed() throws IOException {
        Path conf = Files.writeString(dir.resolve("net.json"), DataTestFiles.mlp(5, 3).toJson());
        Path data = csv(4, 3);
        assertMessage(refused("dl4j:conf=" + conf + ",data=" + data), "conf=" + conf, "does not take data=" + data,
                "rows of 4 features");
    }

    @Test
    void labelsOutsideTheOutputLayersClassesAreNamed() throws IOException {
        Path conf = Files.writeString(dir.resolve("net.json"), DataTestFiles.mlp(4, 3).toJson());
        Path data = csv(4, 5);
        assertMessage(refused("dl4j:conf=" + conf + ",data=" + data), "data=" + data, "labels go up to 4",
                "outside the 3 classes of conf=" + conf);
    }

    @Test
    void networkWithoutALossToTrainIsNamed() throws IOException {
        String regularized = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).l2(1e-4).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
        Path conf = Files.writeString(dir.resolve("l2.json"), regularized);
        assertMessage(refused("dl4j:conf=" + conf + ",data=" + csv(4, 3)), "conf=" + conf, "cannot be trained",
                "regularizes");
    }

    @Test
    void raggedOrNonNumericCsvRowIsNamedByKeyFileAndLine() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "1,2,0\n3,4,1\n5,0\n");
        assertMessage(refused("mnist:data=" + ragged), "data=" + ragged, "line 3 has 2 fields");
        Path good = csv(2, 2);
        Path text = Files.writeString(dir.resolve("text.csv"), "1,2,0\n3,x,1\n");
        assertMessage(refused("mnist:data=" + good + ",test=" + text), "test=" + text, "line 2, field 2");
    }

    @Test
    void imageFolderWithOneClassOrAnUnreadableImageIsNamed() throws IOException {
        Path one = DataTestFiles.imageFolders(dir.resolve("one"), "png", 4, 3, "only");
        assertMessage(refused("cnn:data=" + one), "data=" + one, "at least two");
        Path broken = DataTestFiles.imageFolders(dir.resolve("broken"), "png", 4, 3, "a", "b");
        Path bad = Files.write(broken.resolve("a").resolve("zz.jpg"), new byte[] {1, 2, 3});
        assertMessage(refused("cnn:data=" + broken), "data=" + bad, "unreadable image");
    }

    @Test
    void emptyDataSetIsNamed() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "a,b,label\n");
        assertMessage(refused("mnist:data=" + empty), "data=" + empty, "empty data set");
    }

    @Test
    void cnnOnRowsWithoutAnImageShapeIsNamed() throws IOException {
        Path data = csv(4, 3);
        assertMessage(refused("cnn:data=" + data), "cnn needs images", data.toString());
    }

    @Test
    void testWithoutDataAndDl4jWithoutConfOrDataAreNamed() throws IOException {
        Path data = csv(4, 3);
        assertMessage(refused("mnist:test=" + data), "test=" + data, "needs data=PATH");
        assertMessage(refused("dl4j:data=" + data), "dl4j needs conf=FILE");
        Path conf = Files.writeString(dir.resolve("net.json"), DataTestFiles.mlp(4, 3).toJson());
        assertMessage(refused("dl4j:conf=" + conf), "dl4j needs data=PATH");
    }

    @Test
    void badDefaultDataIsUnreadableDataForTheCallerToName() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "1,2,0\n3,4,1\n5,0\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Problems.parse("mnist", ragged));
        assertMessage(e, ragged.toString(), "line 3 has 2 fields");
    }
}
