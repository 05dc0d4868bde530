package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final LstmWeights weights = LstmWeights.initial(
            new LstmConfig(2, 20, Preprocessing.logSign(5).withClamp(3), 0.01), 7);
    private final Map<String, Object> training = Map.of("seed", 42L, "metaLr", 1e-3, "problem", "mnist",
            "secondOrder", false);

    private Path saved() throws IOException {
        Path file = dir.resolve("opt.json");
        OptimizerFile.write(file, weights, "mnist:hidden=20", training);
        return file;
    }

    @Test
    void roundTripRestoresWeightsConfigSpecAndTrainingSettings() throws IOException {
        Path file = saved();
        OptimizerFile.Loaded loaded = OptimizerFile.read(file);
        assertEquals(weights.config(), loaded.weights().config());
        assertArrayEquals(weights.values(), loaded.weights().values());
        assertEquals("mnist:hidden=20", loaded.problemSpec());
        assertEquals(training, loaded.training());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void loadGivesAnOptimizerWithTheSavedWeights() throws IOException {
        LstmOptimizer optimizer = LstmOptimizer.load(saved(), Kernels.plain(1));
        assertEquals(weights, optimizer.weights());
    }

    @Test
    void rejectsAFileThatIsNotJson() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"format\": \"l2l4j-lstm-optimizer\", ");
        assertRefused(file, "not valid JSON");
    }

    @Test
    void rejectsJsonOfAnotherFormat() throws IOException {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"name\": \"something else\"}");
        assertRefused(file, "not an l2l4j LSTM optimizer file");
    }

    @Test
    void rejectsAnUnknownVersion() throws IOException {
        Path file = edited(root -> root.put("version", 99), true);
        assertRefused(file, "unsupported format version 99");
    }

    @Test
    void rejectsADamagedFile() throws IOException {
        Path file = saved();
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"mnist:hidden=20\"", "\"mnist:hidden=40\""));
        assertRefused(file, "checksum mismatch");
    }

    @Test
    void rejectsTheWrongNumberOfWeights() throws IOException {
        Path file = edited(root -> {
            float[] fewer = new float[weights.values().length - 1];
            ((ObjectNode) root.get("weights")).put("data", OptimizerFile.encode(fewer)).put("count", fewer.length);
        }, true);
        assertRefused(file, "has 5140 weights (count says 5140) but an LSTM");
    }

    @Test
    void rejectsNonFiniteWeights() throws IOException {
        Path file = edited(root -> {
            float[] bad = weights.values().clone();
            bad[17] = Float.NaN;
            ((ObjectNode) root.get("weights")).put("data", OptimizerFile.encode(bad));
        }, true);
        assertRefused(file, "weight #17 is NaN");
    }

    @Test
    void rejectsBadConfigValues() throws IOException {
        Path file = edited(root -> ((ObjectNode) root.get("config")).put("hidden", 0), true);
        assertRefused(file, "bad \"config\": hidden must be >= 1, got 0");
        Path p = edited(root -> ((ObjectNode) root.get("config").get("preprocessing")).put("p", -1.0), true);
        assertRefused(p, "p = -1.0");
        Path kind = edited(root -> ((ObjectNode) root.get("config").get("preprocessing")).put("kind", "SQRT"), true);
        assertRefused(kind, "SQRT");
    }

    @Test
    void refusesToWriteNonFiniteWeightsOrOddTrainingValues() {
        LstmWeights bad = weights.copy();
        bad.values()[3] = Float.POSITIVE_INFINITY;
        Path file = dir.resolve("x.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerFile.write(file, bad, "q", Map.of()));
        assertTrue(e.getMessage().contains("weight #3 is Infinity"), e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> OptimizerFile.write(file, weights, "q", Map.of("curve", new double[] {1})));
        assertTrue(t.getMessage().contains("\"curve\""), t.getMessage());
    }

    /** A saved file changed by {@code edit}, with its checksum recomputed if {@code reseal}. */
    private Path edited(Consumer<ObjectNode> edit, boolean reseal) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(saved().toFile());
        edit.accept(root);
        if (reseal) {
            root.remove("sha256");
            root.put("sha256", OptimizerFile.checksum(root));
        }
        Path file = dir.resolve("edited-" + System.nanoTime() + ".json");
        Files.write(file, JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static void assertRefused(Path file, String expected) {
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> OptimizerFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says \"" + expected + "\": " + e.getMessage());
        assertEquals(file, e.file());
    }
}
