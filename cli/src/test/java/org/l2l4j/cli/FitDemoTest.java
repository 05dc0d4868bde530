package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.lstm.BundledOptimizers;
import org.l2l4j.lstm.LearnedUpdater;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.optimizee.CnnProblem;
import org.l2l4j.optimizee.TrainTestData;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@code l2l fit-demo}: the files of a tiny run (a one-layer conv net of 2 channels, 64 examples, 1 epoch), its
 * minibatches, its tuning rule and its flags.
 */
class FitDemoTest {

    @TempDir
    Path tmp;

    @Test
    void aTinyRunWritesEachUpdatersTestAccuracyPerEpochAndThePicture() throws IOException {
        CnnProblem tiny = new CnnProblem(TrainTestData.embedded(), 2, 3, 1, CnnProblem.DEFAULT_ACTIVATION, 16);
        LearnedUpdater learned = LearnedUpdater.of(LstmWeights.initial(LstmConfig.defaults(), 5));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FitDemo.run(new FitDemo.Settings(tiny, 64, 1, 3, learned, "untrained.l2l"), tmp, new Progress(new PrintWriter(err), null),
                new PrintWriter(out));

        JsonNode json = new ObjectMapper().readTree(tmp.resolve(FitDemo.JSON_FILE).toFile());
        assertEquals(tiny.spec(), json.get("network").asText());
        assertEquals(64, json.get("train_examples").asInt());
        assertEquals(TrainTestData.embedded().test().size(), json.get("test_examples").asInt());
        assertEquals(16, json.get("batch").asInt());
        assertEquals(1, json.get("epochs").asInt());
        assertEquals(3, json.get("seed").asLong());
        List<String> names = new ArrayList<>();
        json.get("updaters").forEach(u -> names.add(u.get("name").asText()));
        assertEquals(List.of("learned", "adam", "adam-tuned"), names);
        JsonNode first = json.get("updaters").get(0);
        for (JsonNode updater : json.get("updaters")) {
            assertEquals(2, updater.get("test_accuracy").size(), "epochs 0 and 1");
            assertEquals(2, updater.get("train_loss").size());
            // the same network and data: before training every updater measures the same
            assertEquals(first.get("test_accuracy").get(0), updater.get("test_accuracy").get(0));
            assertTrue(updater.get("train_loss").get(0).isNull(), "no minibatch loss before training");
            assertTrue(updater.get("train_loss").get(1).asDouble() > 0);
            assertTrue(updater.get("fit_seconds").get(0).isNull(), "no fit before training");
            assertTrue(updater.get("fit_seconds").get(1).asDouble() > 0, "the epoch's fit was timed");
        }
        assertTrue(first.get("lr").isNull());
        assertEquals("untrained.l2l", first.get("optimizer").asText());
        assertEquals(FitDemo.DEFAULT_ADAM_RATE, json.get("updaters").get(1).get("lr").asDouble());

        JsonNode tuning = json.get("updaters").get(2).get("tuning");
        assertEquals(8, tuning.get("validation_examples").asInt(), "one in eight of the 64");
        assertEquals(56, tuning.get("train_examples").asInt());
        Map<Double, Double> byRate = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tuning.get("validation_accuracy_by_lr").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byRate.put(Double.parseDouble(e.getKey()), e.getValue().asDouble());
        }
        assertTrue(byRate.size() >= 7, "six of the coarse grid, at least one refined: " + byRate);
        double tuned = json.get("updaters").get(2).get("lr").asDouble();
        assertEquals(FitDemo.best(byRate), tuned);
        List<Double> rates = new ArrayList<>(byRate.keySet());
        int at = rates.indexOf(tuned);
        assertTrue(at > 0 || tuned == FitDemo.grid(FitDemo.MIN_EXPONENT), "a rate tried below the winner: " + byRate);
        assertTrue(at < rates.size() - 1 || tuned == FitDemo.grid(FitDemo.MAX_EXPONENT), "and one above: " + byRate);

        BufferedImage picture = ImageIO.read(tmp.resolve(FitDemo.PICTURE).toFile());
        assertEquals(960, picture.getWidth());
        assertTrue(err.toString().contains("l2l fit-demo: adam-tuned: epoch 1/1: test accuracy"), err.toString());
        assertTrue(out.toString().lines().anyMatch(line -> line.startsWith("adam-tuned")), out.toString());
    }

    @Test
    void oneEpochTakesOneStepPerMinibatch() {
        CnnProblem tiny = new CnnProblem(TrainTestData.embedded(), 2, 3, 1, CnnProblem.DEFAULT_ACTIVATION, 16);
        DataSet data = TrainTestData.embedded().test().toDataSet();
        ConvNetFit fit = new ConvNetFit(tiny, (DataSet) data.getRange(0, 40), (DataSet) data.getRange(40, 60), 1);
        MultiLayerNetwork net = fit.network(new Adam(1e-3));
        assertTrue(fit.fitEpoch(net, 1) > 0);
        assertEquals(3, net.getIterationCount(), "40 examples in minibatches of 16");
        assertEquals(List.of(16, 16, 8), fit.minibatches(2).stream().map(DataSet::numExamples).toList());
    }

    @Test
    void theBestRateHasTheHighestAccuracyAndATieGoesToTheSmallerRate() {
        assertEquals(0.001, FitDemo.best(Map.of(0.01, 0.5, 0.001, 0.9, 0.0001, 0.8)));
        assertEquals(0.001, FitDemo.best(Map.of(0.01, 0.9, 0.001, 0.9, 0.0001, 0.8)));
        assertEquals(0.0032, FitDemo.grid(-2.5), "rates rounded to two digits");
        assertEquals(1.8e-4, FitDemo.grid(-3.75));
    }

    @Test
    void badFlagsExitTwoBeforeAnyWorkAndWriteNothing() throws IOException {
        Path out = tmp.resolve("out");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String known = "known ids: " + String.join(", ", BundledOptimizers.IDS);
        CliRun.l2l("fit-demo", "--out", out.toString(), "--epochs", "0").assertUsageError("--epochs: must be in 1..100, got 0");
        CliRun.l2l("fit-demo", "--out", out.toString(), "--examples", "3").assertUsageError("--examples: must be in 16..");
        CliRun.l2l("fit-demo", "--out", out.toString(), "--optimizer", "bundled:nope")
                .assertUsageError("--optimizer: unknown bundled optimizer \"nope\"; " + known);
        CliRun.l2l("fit-demo", "--out", out.toString(), "--optimizer", tmp.resolve("none.l2l").toString())
                .assertUsageError("--optimizer: " + tmp.resolve("none.l2l") + " does not exist");
        CliRun.l2l("fit-demo", "--out", file.toString()).assertUsageError("--out: " + file + " is a file, not a directory");
        CliRun.l2l("fit-demo", "--epochs", "2").assertUsageError("Missing required option", "--out");
        CliRun.l2l("fit-demo", "--out", out.toString(), "--seed", "x").assertUsageError("--seed");
        assertFalse(Files.exists(out.resolve(FitDemo.JSON_FILE)));
    }
}
