package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2l4j.core.SettingsCodec;

class OptimizerFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {
    };

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
        assertRefused(file, "config.hidden: must be at least 1, got 0");
        Path p = edited(root -> ((ObjectNode) root.get("config").get("preprocessing")).put("p", -1.0), true);
        assertRefused(p, "p = -1.0");
        Path kind = edited(root -> ((ObjectNode) root.get("config").get("preprocessing")).put("kind", "SQRT"), true);
        assertRefused(kind, "config.preprocessing.kind is \"SQRT\"; valid: [LOG_SIGN, RAW, ADAM_NORMALISED]");
        Path unknown = edited(root -> ((ObjectNode) root.get("config")).put("dropout", 0.5), true);
        assertRefused(unknown, "config: unknown setting \"dropout\"");
    }

    @Test
    void adamNormalisedPreprocessingRoundTripsWithItsParameters() throws IOException {
        LstmWeights adam = LstmWeights.initial(
                new LstmConfig(2, 20, Preprocessing.adamNormalised(0.9, 0.999, 1e-7).withClamp(4), 0.1), 8);
        Path file = dir.resolve("adam.l2l");
        OptimizerFile.write(file, adam, "quadratic", training);
        assertEquals(adam, OptimizerFile.read(file).weights());
        ObjectNode pre = (ObjectNode) JSON.readTree(file.toFile()).get("config").get("preprocessing");
        assertEquals("ADAM_NORMALISED", pre.get("kind").textValue());
        assertEquals(0.999, pre.get("beta2").doubleValue());
        assertEquals(1e-7, pre.get("epsilon").doubleValue());
    }

    @Test
    void aBaseStepRoundTripsAndABadOneIsRefusedByName() throws IOException {
        LstmWeights based = LstmWeights.initial(LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9)), 8);
        Path file = dir.resolve("based.l2l");
        OptimizerFile.write(file, based, "mnist", training);
        assertEquals(based, OptimizerFile.read(file).weights());
        ObjectNode base = (ObjectNode) JSON.readTree(file.toFile()).get("config").get("base");
        assertEquals(1.0, base.get("learningRate").doubleValue());
        assertEquals(0.9, base.get("momentum").doubleValue());
        assertEquals(0, base.get("correctionSteps").intValue(), "0: corrected on every step");

        assertRefused(resealedConfig(file, config -> ((ObjectNode) config.get("base")).put("momentum", 1.0)),
                "config.base.momentum: must be in [0, 1) in float32, got 1.0");
        assertRefused(resealedConfig(file, config -> ((ObjectNode) config.get("base")).remove("learningRate")),
                "config.base.momentum: a base step with learning rate 0 is none");
        assertRefused(resealedConfig(file, config -> config.put("base", 1.0)), "config.base must be an object, got 1.0");
    }

    /** Correction steps round-trip; a file without them (as before they existed) corrects every step. */
    @Test
    void correctionStepsRoundTripAndBadOnesAreRefusedByName() throws IOException {
        LstmWeights limited = LstmWeights.initial(
                LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(200)), 8);
        Path file = dir.resolve("limited.l2l");
        OptimizerFile.write(file, limited, "mnist", training);
        assertEquals(limited, OptimizerFile.read(file).weights());
        assertEquals(200, JSON.readTree(file.toFile()).get("config").get("base").get("correctionSteps").intValue());
        LstmWeights unlimited = OptimizerFile.read(resealedConfig(file,
                config -> ((ObjectNode) config.get("base")).remove("correctionSteps"))).weights();
        assertEquals(0, unlimited.config().base().correctionSteps());

        assertRefused(resealedConfig(file, config -> ((ObjectNode) config.get("base")).put("correctionSteps", -5)),
                "config.base.correctionSteps: must be in [0, 16777216] (0 = every step), got -5");
        assertRefused(resealedConfig(file, config -> ((ObjectNode) config.get("base")).put("correctionSteps", 2.5)),
                "config.base.correctionSteps must be an integer, got 2.5");
    }

    @Test
    void rejectsOutOfRangeAdamParametersAndAdamParametersOfOtherKinds() throws IOException {
        LstmWeights adam = LstmWeights.initial(new LstmConfig(1, 3, Preprocessing.adamNormalised(), 0.1), 9);
        Path file = dir.resolve("adam.l2l");
        OptimizerFile.write(file, adam, "quadratic", training);
        assertRefused(resealed(file, pre -> pre.put("beta1", 1.0)), "config.preprocessing.beta1: must be in [0, 1), got 1.0");
        assertRefused(resealed(file, pre -> pre.put("epsilon", 0.0)), "epsilon = 0.0");
        assertRefused(resealed(file, pre -> pre.put("beta2", "high")), "config.preprocessing.beta2 must be a number, got high");
        assertRefused(resealed(file, pre -> pre.put("p", 100.0)), "config.preprocessing.p: ADAM_NORMALISED preprocessing"
                + " needs 0 <= p <= 88.0");
        // a log-scale input is a third input: weights for two do not fit it
        assertRefused(resealed(file, pre -> pre.put("p", 10.0)), "has 76 weights (count says 76) but an LSTM");
        assertRefused(resealed(saved(), pre -> pre.put("beta1", 0.9)),
                "config.preprocessing.beta1: LOG_SIGN preprocessing has no beta1, beta2 or epsilon");
    }

    /**
     * A version-1 file written by the build before ADAM_NORMALISED existed (resource legacy-log-sign.l2l:
     * LSTM 1 × 2, LOG_SIGN p = 10 with clamp 2, weights LstmWeights.initial(config, 5)), whose config left
     * out the settings that did not exist yet, loads; written again, it is version 2 with every setting.
     */
    @Test
    void aVersionOneFileFromBeforeAdamNormalisedLoadsAndIsRewrittenAsVersionTwo() throws Exception {
        Path legacy = Path.of(OptimizerFileTest.class.getResource("legacy-log-sign.l2l").toURI());
        assertEquals(1, JSON.readTree(legacy.toFile()).get("version").intValue());
        LstmConfig config = new LstmConfig(1, 2, Preprocessing.logSign(10).withClamp(2), 0.1);
        OptimizerFile.Loaded loaded = OptimizerFile.read(legacy);
        assertEquals(LstmWeights.initial(config, 5), loaded.weights());
        Path again = dir.resolve("again.l2l");
        OptimizerFile.write(again, loaded.weights(), loaded.problemSpec(), loaded.training());
        assertEquals(2, JSON.readTree(again.toFile()).get("version").intValue());
        assertEquals(loaded, OptimizerFile.read(again));
    }

    /** Every spec of {@link TestData#specs()} is written with all its components and reads back equal. */
    @Test
    void everySpecRoundTripsThroughAFileWithEveryComponentWritten() throws IOException {
        for (LstmConfig spec : TestData.specs()) {
            LstmWeights written = LstmWeights.initial(spec, 6);
            Path file = dir.resolve("spec.l2l");
            OptimizerFile.write(file, written, "quadratic", training);
            assertEquals(written, OptimizerFile.read(file).weights(), spec.toString());
            Map<String, Object> config = JSON.convertValue(JSON.readTree(file.toFile()).get("config"), SETTINGS);
            assertEquals(SettingsCodec.canonicalJson(SettingsCodec.encode(spec)), SettingsCodec.canonicalJson(config));
        }
    }

    /** {@code file} with its config object changed by {@code edit}, resealed. */
    private Path resealedConfig(Path file, Consumer<ObjectNode> edit) throws IOException {
        return resealed(file, pre -> { }, edit);
    }

    /** {@code file} with its preprocessing object changed by {@code edit}, resealed. */
    private Path resealed(Path file, Consumer<ObjectNode> edit) throws IOException {
        return resealed(file, edit, config -> { });
    }

    /** {@code file} with its preprocessing object, then its config object, changed, resealed. */
    private Path resealed(Path file, Consumer<ObjectNode> editPreprocessing, Consumer<ObjectNode> editConfig)
            throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        editPreprocessing.accept((ObjectNode) root.get("config").get("preprocessing"));
        editConfig.accept((ObjectNode) root.get("config"));
        root.remove("sha256");
        root.put("sha256", OptimizerFile.checksum(root));
        Path edited = dir.resolve("resealed-" + System.nanoTime() + ".l2l");
        Files.write(edited, JSON.writeValueAsBytes(root));
        return edited;
    }

    @Test
    void refusesToWriteNonFiniteWeightsOrOddTrainingValues() {
        float[] values = weights.values();
        values[3] = Float.POSITIVE_INFINITY;
        LstmWeights bad = LstmWeights.of(weights.config(), values);
        Path file = dir.resolve("x.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerFile.write(file, bad, "q", Map.of()));
        assertTrue(e.getMessage().contains("weight #3 is Infinity"), e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> OptimizerFile.write(file, weights, "q", Map.of("curve", new double[] {1})));
        assertTrue(t.getMessage().contains("\"curve\""), t.getMessage());
    }

    @Test
    void rejectsTrailingContentAndDuplicateKeys() throws IOException {
        Path file = saved();
        String text = Files.readString(file);
        Path trailing = Files.writeString(dir.resolve("trailing.json"), text + "\n{\"weights\": 1}");
        assertRefused(trailing, "not valid JSON");
        Path duplicate = Files.writeString(dir.resolve("dup.json"),
                text.replaceFirst("\\{", "{\"problemSpec\": \"quadratic\",\n"));
        assertRefused(duplicate, "Duplicate field 'problemSpec'");
    }

    /** JSON values a hand edit or a foreign writer might leave anywhere in the tree. */
    private static final String[] ODD_VALUES = {"null", "true", "\"\"", "\"LOG_SIGN\"", "0", "-1", "1.5", "1e308",
        "-1e308", "2147483648", "5141", "[]", "{}", "[1, 2]", "{\"layers\": 2}", "\"NaN\"", "\"AAAA\""};

    /**
     * 1,000 edits of single values of the JSON tree of a small optimizer's file (changed to a value of another type or range, or
     * removed), each resealed with a correct checksum so that it reaches the structural checks: every
     * one is refused with an {@link OptimizerFileException} naming the file or, if it still describes a
     * valid optimizer, loads with weights that fit its config and are finite. No other exception.
     */
    @ParameterizedTest
    @MethodSource("org.l2l4j.lstm.TestData#stateLayouts")
    void fuzzResealedEditsAreRefusedByNameOrLoadConsistently(LstmConfig layout) throws IOException {
        Path small = dir.resolve("small.json");
        LstmConfig config = new LstmConfig(1, 4, layout.preprocessing(), 0.1, layout.base());
        OptimizerFile.write(small, LstmWeights.initial(config, 3), "q", training);
        ObjectNode original = (ObjectNode) JSON.readTree(small.toFile());
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        Path file = dir.resolve("resealed.json");
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            ObjectNode root = original.deepCopy();
            root.remove("sha256");
            String edit = editRandomValue(root, random);
            root.put("sha256", OptimizerFile.checksum(root));
            Files.write(file, JSON.writeValueAsBytes(root));
            try {
                LstmWeights loaded = OptimizerFile.read(file).weights();
                assertEquals(loaded.config().parameterCount(), loaded.values().length, edit);
                for (float v : loaded.values()) {
                    assertTrue(Float.isFinite(v), edit);
                }
            } catch (OptimizerFileException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                refused++;
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("edit " + i + " (" + edit + "): " + e, e);
            }
        }
        assertTrue(refused > 600, refused + " of 1000 refused");
    }

    /** Replaces or removes one value at a random place in the tree; returns what it did. */
    private static String editRandomValue(ObjectNode root, java.util.SplittableRandom random) throws IOException {
        com.fasterxml.jackson.databind.JsonNode parent = root;
        String path = "";
        while (true) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            parent.fieldNames().forEachRemaining(keys::add);
            String key = keys.get(random.nextInt(keys.size()));
            com.fasterxml.jackson.databind.JsonNode child = parent.get(key);
            path += "." + key;
            if (child.isObject() && random.nextInt(3) > 0) {
                parent = child;
                continue;
            }
            if (random.nextInt(5) == 0) {
                ((ObjectNode) parent).remove(key);
                return "removed " + path;
            }
            String value = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
            ((ObjectNode) parent).set(key, JSON.readTree(value));
            return path + " = " + value;
        }
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
