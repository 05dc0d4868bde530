package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedInitFileTest {

    @TempDir
    Path dir;

    private static final float[] INIT = {0.5f, -1.25f, 3f};
    private static final java.util.List<String> LAYOUT = java.util.List.of("0_W:1x2", "0_b:1x1");

    @Test
    void eachMethodsArraysRoundTrip() throws IOException {
        Path maml = dir.resolve("maml.l2l");
        LearnedInitFile.write(maml, "maml", INIT, LAYOUT, Optional.empty(), Optional.empty(), "sinusoid", Map.of("innerSteps", 1));
        LearnedInitFile.Loaded a = LearnedInitFile.read(maml);
        assertEquals("maml", a.method());
        assertArrayEquals(INIT, a.init());
        assertEquals(LAYOUT, a.layout());
        assertTrue(a.learningRates().isEmpty() && a.lstm().isEmpty());
        assertEquals(Map.of("innerSteps", 1L), a.training());
        assertEquals("sinusoid", a.problemSpec());

        Path sgd = dir.resolve("meta-sgd.l2l");
        float[] rates = {0.01f, 0.02f, 0.03f};
        LearnedInitFile.write(sgd, "meta-sgd", INIT, LAYOUT, Optional.of(rates), Optional.empty(), "sinusoid", Map.of());
        assertArrayEquals(rates, LearnedInitFile.read(sgd).learningRates().orElseThrow());

        Path lstm = dir.resolve("lstm.l2l");
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 3);
        LearnedInitFile.write(lstm, "lstm", INIT, LAYOUT, Optional.empty(), Optional.of(weights), "sinusoid", Map.of());
        LstmWeights read = LearnedInitFile.read(lstm).lstm().orElseThrow();
        assertEquals(weights.config(), read.config());
        assertArrayEquals(weights.values(), read.values());
    }

    @Test
    void anEditedFileIsRefusedByItsChecksum() throws IOException {
        Path file = dir.resolve("maml.l2l");
        LearnedInitFile.write(file, "maml", INIT, LAYOUT, Optional.empty(), Optional.empty(), "sinusoid", Map.of());
        String text = Files.readString(file).replace("\"maml\"", "\"reptile\"");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> LearnedInitFile.read(file));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void anOptimizerFileIsNotALearnedInitialisation() throws IOException {
        Path file = dir.resolve("lstm.l2l");
        OptimizerFile.write(file, LstmWeights.initial(LstmConfig.defaults(), 3), "quadratic", Map.of());
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> LearnedInitFile.read(file));
        assertTrue(e.getMessage().contains("not an l2l4j learned initialisation file"), e.getMessage());
    }

    /** The rule a file adapts with: SGD at the recorded rate, Meta-SGD's rates, or its LSTM. */
    @Test
    void eachFileAdaptsWithTheRuleItWasLearnedWith() throws IOException {
        Path maml = dir.resolve("maml.l2l");
        LearnedInitFile.write(maml, "maml", INIT, LAYOUT, Optional.empty(), Optional.empty(), "sinusoid",
                Map.of("innerLearningRate", 0.25));
        assertTrue(LearnedInitFile.holdsOne(maml));
        float[] update = new float[3];
        LearnedInitFile.read(maml).rule(LstmKernel.create(1)).update(new float[] {1, 2, 4}, null, update);
        assertArrayEquals(new float[] {-0.25f, -0.5f, -1f}, update);

        Path sgd = dir.resolve("meta-sgd.l2l");
        LearnedInitFile.write(sgd, "meta-sgd", INIT, LAYOUT, Optional.of(new float[] {1, 2, 3}), Optional.empty(),
                "sinusoid", Map.of());
        LearnedInitFile.read(sgd).rule(LstmKernel.create(1)).update(new float[] {1, 1, 1}, null, update);
        assertArrayEquals(new float[] {-1, -2, -3}, update);

        Path lstm = dir.resolve("lstm.l2l");
        LearnedInitFile.write(lstm, "lstm", INIT, LAYOUT, Optional.empty(), Optional.of(LstmWeights.initial(
                LstmConfig.defaults(), 3)), "sinusoid", Map.of());
        assertEquals("lstm", LearnedInitFile.read(lstm).rule(LstmKernel.create(1)).name());

        Path optimizer = dir.resolve("optimizer.l2l");
        OptimizerFile.write(optimizer, LstmWeights.initial(LstmConfig.defaults(), 3), "quadratic", Map.of());
        assertFalse(LearnedInitFile.holdsOne(optimizer));
    }

    /** Telling files apart neither blocks on a FIFO nor takes a directory or a foreign JSON file for one. */
    @Test
    void onlyARegularFileOfThisFormatHoldsOne() throws Exception {
        assertFalse(LearnedInitFile.holdsOne(dir));
        Path other = Files.writeString(dir.resolve("other.json"), "{\"weights\": [1, 2], \"format\": \"something\"}");
        assertFalse(LearnedInitFile.holdsOne(other));
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo unavailable");
        assertFalse(LearnedInitFile.holdsOne(fifo));
    }
}
