package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A user's DL4J configuration and CSV files through the commands: what works, and each bad input refused. */
class UserDataTest {

    @TempDir
    Path tmp;
    Path conf;
    Path train;
    Path test;

    @BeforeEach
    void writeUserFiles() throws IOException {
        String json = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
        conf = Files.writeString(tmp.resolve("net.json"), json);
        train = Files.writeString(tmp.resolve("train.csv"), rows(40));
        test = Files.writeString(tmp.resolve("test.csv"), rows(10));
    }

    /** x, y, z then class 1 when x + y > z: a task a small MLP learns. */
    private static String rows(int count) {
        StringBuilder text = new StringBuilder("x,y,z,class\n");
        Random random = new Random(count);
        for (int i = 0; i < count; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            double z = 2 * random.nextDouble();
            text.append(x).append(',').append(y).append(',').append(z).append(',').append(x + y > z ? 1 : 0).append('\n');
        }
        return text.toString();
    }

    private String spec() {
        return "dl4j:conf=" + conf + ",data=" + train + ",test=" + test + ",batch=8";
    }

    @Test
    void metaTrainAndCompareRunOnAUsersConfigurationAndCsvFiles() throws IOException {
        Path optimizer = tmp.resolve("my.l2l");
        CliRun trained = CliRun.l2l("meta-train", "--problem", spec(), "--out", optimizer.toString(), "--steps", "6",
                "--unroll", "3", "--epochs", "2", "--validate-every", "2", "--validation-seeds", "2",
                "--calibration-seeds", "2", "--threads", "1");
        assertEquals(0, trained.code(), trained.err());
        assertTrue(Files.readString(optimizer).contains("net.json"), "the .l2l file records the problem spec");

        Path out = tmp.resolve("out");
        CliRun compared = CliRun.l2l("compare", "--problem", spec(), "--optimizer", optimizer.toString(), "--steps", "5",
                "--seeds", "2", "--tuning-seeds", "1", "--out", out.toString());
        assertEquals(0, compared.code(), compared.err());
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"problem\"") && summary.contains("train.csv"), summary);
    }

    @Test
    void raggedCsvRowNamesTheKeyTheFileAndTheLineAndWritesNothing() throws IOException {
        Files.writeString(train, "x,y,z,class\n1,2,3,0\n1,2,1\n");
        Path out = tmp.resolve("out");
        CliRun.l2l("compare", "--problem", spec(), "--no-bundled", "--out", out.toString())
                .assertUsageError("--problem:", "data=" + train, "line 3 has 3 fields, expected 4");
        assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "no file written");
    }

    @Test
    void badDataGivenByTheDataFlagIsNamedByTheFlag() throws IOException {
        Files.writeString(train, "1,2,3,0\n1,2,x,1\n");
        CliRun.l2l("evaluate", "--optimizer", "adam", "--lr", "0.1", "--problem", "dl4j:conf=" + conf,
                "--data", train.toString()).assertUsageError("--data: " + train, "line 2, field 3");
    }

    @Test
    void configurationThatIsNotDl4jJsonOrDoesNotFitTheDataIsNamedAndWritesNothing() throws IOException {
        Path optimizer = tmp.resolve("my.l2l");
        Files.writeString(conf, "not json");
        CliRun.l2l("meta-train", "--problem", spec(), "--out", optimizer.toString())
                .assertUsageError("--problem:", "conf=" + conf, "not JSON");
        Files.writeString(conf, new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build().toJson());
        CliRun.l2l("meta-train", "--problem", spec(), "--out", optimizer.toString())
                .assertUsageError("--problem:", "conf=" + conf, "does not take data=" + train, "rows of 3 features");
        assertFalse(Files.exists(optimizer));
    }
}
