package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.SettingsCodec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/** The updater as a DL4J configuration value: JSON, equality, block merging, bundled resolution. */
class LearnedUpdaterTest {

    @TempDir
    Path dir;

    @Test
    void multiLayerConfigurationRoundTripsThroughJsonWithTheWeightsEmbedded() {
        LearnedUpdater learned = SmallNets.learned(1);
        MultiLayerConfiguration conf = SmallNets.mlp(learned);
        String json = conf.toJson();
        assertTrue(json.contains("\"@class\" : \"org.l2l4j.lstm.LearnedUpdater\""), "class named in JSON");
        assertTrue(json.contains(learned.sha256()), "weights identified in JSON");

        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
        IUpdater restored = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertEquals(learned, restored);
        assertEquals(learned.weights(), ((LearnedUpdater) restored).weights());
    }

    @Test
    void computationGraphConfigurationRoundTripsThroughJson() {
        ComputationGraphConfiguration conf = SmallNets.graph(SmallNets.learned(2));
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    /** The configuration embeds the file's weights: it reads back equal after the file is gone. */
    @Test
    void aLoadedFilesWeightsTravelInTheJsonNotItsPath() throws IOException {
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 3);
        Path file = dir.resolve("opt.l2l");
        OptimizerFile.write(file, weights, "test", Map.of("seed", 3));
        LearnedUpdater loaded = LearnedUpdater.load(file);
        assertEquals(LearnedUpdater.of(weights), loaded);
        MultiLayerConfiguration conf = SmallNets.mlp(loaded);
        String json = conf.toJson();
        assertFalse(json.contains("opt.l2l"), "no file name in JSON");
        Files.delete(file);
        assertEquals(conf, MultiLayerConfiguration.fromJson(json));
    }

    @Test
    void equalityIsByArchitectureAndWeights() {
        LstmWeights w = LstmWeights.initial(LstmConfig.defaults(), 4);
        LearnedUpdater a = LearnedUpdater.of(w);
        LearnedUpdater b = LearnedUpdater.of(LstmWeights.of(w.config(), w.values()));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.sha256(), b.sha256());

        float[] values = w.values();
        values[17] = Math.nextUp(values[17]);
        LstmWeights changed = LstmWeights.of(w.config(), values);
        assertNotEquals(a, LearnedUpdater.of(changed));
        assertNotEquals(a.sha256(), LearnedUpdater.of(changed).sha256());
        assertNotEquals(a, new Adam());
    }

    @Test
    void theWeightsCannotBeChangedFromOutside() {
        LstmWeights w = LstmWeights.initial(LstmConfig.defaults(), 5);
        LearnedUpdater updater = LearnedUpdater.of(w);
        LearnedUpdater before = LearnedUpdater.of(LstmWeights.of(w.config(), w.values()));
        w.values()[0] += 1;
        updater.weights().values()[1] += 1;
        assertEquals(before, updater);
        assertSame(updater, updater.clone());
    }

    @Test
    void layersWithEqualLearnedUpdatersShareOneBlock() {
        LstmWeights w = LstmWeights.initial(LstmConfig.defaults(), 6);
        // Three distinct but equal instances, one per layer: DL4J merges by equals().
        MultiLayerNetwork merged = network(LearnedUpdater.of(w), LearnedUpdater.of(w), LearnedUpdater.of(w));
        assertEquals(1, blocks(merged));

        MultiLayerNetwork split = network(LearnedUpdater.of(w), SmallNets.learned(99), LearnedUpdater.of(w));
        assertEquals(3, blocks(split));
    }

    @Test
    void stateSizeIsHAndCOfEveryLayerPerParameterPlusTwoReservedFloats() {
        assertEquals(80L * 1234 + 2, SmallNets.learned(1).stateSize(1234));
        assertEquals(0, SmallNets.learned(1).stateSize(0));
        LearnedUpdater small = LearnedUpdater.of(LstmWeights.initial(new LstmConfig(3, 7, Preprocessing.raw(), 1), 1));
        assertEquals(42L * 10 + 2, small.stateSize(10));
        // Adam-normalised inputs add m and v per parameter and a step count after the reserved floats
        LearnedUpdater adam = SmallNets.learned(1, Preprocessing.adamNormalised());
        assertEquals(82L * 1234 + 3, adam.stateSize(1234));
        // a base step adds its trace per parameter
        LearnedUpdater based = SmallNets.learned(1, LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9)));
        assertEquals(81L * 1234 + 2, based.stateSize(1234));
        // correction steps add a step count after the reserved floats
        LearnedUpdater limited = SmallNets.learned(1,
                LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(200)));
        assertEquals(81L * 1234 + 3, limited.stateSize(1234));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmallNets.learned(1).stateSize(30_000_000L));
        assertTrue(e.getMessage().contains("30000000"), e.getMessage());
    }

    /** The configuration JSON carries the kind and β1, β2, ε of Adam-normalised inputs; a wrong value is named. */
    @Test
    void adamNormalisedUpdaterRoundTripsThroughJson() {
        LearnedUpdater adam = LearnedUpdater.of(LstmWeights.initial(
                new LstmConfig(2, 20, Preprocessing.adamNormalised(0.9, 0.99, 1e-7), 0.1), 7));
        MultiLayerConfiguration conf = SmallNets.mlp(adam);
        String json = conf.toJson();
        assertTrue(json.contains("\"beta2\" : 0.99"), "β2 in the JSON");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(adam.weights(), ((LearnedUpdater) ((BaseLayer) back.getConf(0).getLayer()).getIUpdater()).weights());

        RuntimeException bad = assertThrows(RuntimeException.class,
                () -> MultiLayerConfiguration.fromJson(json.replace("\"epsilon\" : 1.0E-7", "\"epsilon\" : \"small\"")));
        assertTrue(rootMessage(bad).contains("LearnedUpdater JSON spec.preprocessing.epsilon must be a number"),
                rootMessage(bad));
    }

    /** The base step travels in the JSON, and is part of the identity: the same weights without it differ. */
    @Test
    void aBaseStepRoundTripsThroughJsonAndIsPartOfTheIdentity() {
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 7);
        LearnedUpdater based = LearnedUpdater.of(LstmWeights.of(
                LstmConfig.defaults().withBase(BaseStep.nesterov(0.5, 0.8)), weights.values()));
        MultiLayerConfiguration conf = SmallNets.mlp(based);
        String json = conf.toJson();
        assertTrue(json.contains("\"learningRate\" : 0.5"), "base learning rate in the JSON");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(based, ((BaseLayer) back.getConf(0).getLayer()).getIUpdater());
        assertNotEquals(LearnedUpdater.of(weights), based);
        assertNotEquals(LearnedUpdater.of(weights).sha256(), based.sha256());

        RuntimeException bad = assertThrows(RuntimeException.class,
                () -> MultiLayerConfiguration.fromJson(json.replace("\"momentum\" : 0.8", "\"momentum\" : 1.0")));
        assertTrue(rootMessage(bad).contains("momentum: must be in [0, 1) in float32, got 1.0"),
                rootMessage(bad));
    }

    /** Correction steps travel in the JSON and are part of the identity. */
    @Test
    void correctionStepsRoundTripThroughJsonAndArePartOfTheIdentity() {
        LstmConfig based = LstmConfig.defaults().withBase(BaseStep.nesterov(0.5, 0.8));
        float[] values = LstmWeights.initial(based, 7).values();
        LearnedUpdater always = LearnedUpdater.of(LstmWeights.of(based, values));
        LearnedUpdater limited = LearnedUpdater.of(LstmWeights.of(
                based.withBase(based.base().withCorrectionSteps(200)), values));
        String json = SmallNets.mlp(limited).toJson();
        assertTrue(json.contains("\"correctionSteps\" : 200"), "correction steps in the JSON");
        assertEquals(limited, ((BaseLayer) MultiLayerConfiguration.fromJson(json).getConf(0).getLayer()).getIUpdater());
        assertNotEquals(always, limited);
        assertNotEquals(always.sha256(), limited.sha256());
        RuntimeException bad = assertThrows(RuntimeException.class,
                () -> MultiLayerConfiguration.fromJson(json.replace("\"correctionSteps\" : 200", "\"correctionSteps\" : -1")));
        assertTrue(rootMessage(bad).contains("correctionSteps: must be in [0, 16777216]"), rootMessage(bad));
    }

    /**
     * Every spec of {@link TestData#specs()} (each preprocessing kind, clamps, base steps with and without
     * correction steps) goes into a DL4J configuration's JSON and comes back equal, with equal weights.
     */
    @Test
    void everySpecRoundTripsThroughTheConfigurationJson() {
        for (LstmConfig spec : TestData.specs()) {
            LearnedUpdater updater = LearnedUpdater.of(LstmWeights.initial(spec, 21));
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(SmallNets.mlp(updater).toJson());
            LearnedUpdater read = (LearnedUpdater) ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
            assertEquals(spec, read.weights().config());
            assertEquals(updater.weights(), read.weights());
            assertEquals(updater.sha256(), read.sha256());
        }
    }

    /**
     * The identity is SHA-256 over the spec's canonical JSON and the weights: it changes with any single
     * component of the spec (each of {@link TestData#specVariants()}, which between them change every
     * component), the weights kept where the architecture allows.
     */
    @Test
    void theIdentityChangesWithEveryComponentOfTheSpec() {
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<LstmConfig, List<LstmConfig>> entry : TestData.specVariants().entrySet()) {
            LstmConfig spec = entry.getKey();
            float[] values = LstmWeights.initial(spec, 5).values();
            String identity = LearnedUpdater.of(LstmWeights.of(spec, values)).sha256();
            Map<String, Object> components = SettingsCodec.flatten(SettingsCodec.encode(spec));
            for (LstmConfig variant : entry.getValue()) {
                Map<String, Object> variantComponents = SettingsCodec.flatten(SettingsCodec.encode(variant));
                Set<String> differ = new TreeSet<>(components.keySet());
                differ.removeIf(key -> components.get(key).equals(variantComponents.get(key)));
                assertTrue(differ.size() == 1 || differ.contains("preprocessing.kind"), "one component: " + differ);
                changed.addAll(differ);
                // the same weights where the architecture lets them be the same
                LstmWeights variantWeights = variant.parameterCount() == values.length
                        ? LstmWeights.of(variant, values) : LstmWeights.initial(variant, 5);
                assertNotEquals(identity, LearnedUpdater.of(variantWeights).sha256(), variant.toString());
            }
        }
        assertEquals(SettingsCodec.flatten(SettingsCodec.encode(LstmConfig.defaults())).keySet(), changed,
                "the variants change every component");
        LstmWeights w = LstmWeights.initial(LstmConfig.defaults(), 5);
        String canonical = "{\"base\":{\"correctionSteps\":0,\"learningRate\":0.0,\"momentum\":0.0},\"hidden\":20,"
                + "\"layers\":2,\"outputScale\":0.1,\"preprocessing\":{\"beta1\":0.0,\"beta2\":0.0,\"clamp\":0.0,"
                + "\"epsilon\":0.0,\"kind\":\"LOG_SIGN\",\"p\":10.0}}";
        assertEquals(LearnedUpdater.sha256(canonical, w.values()), LearnedUpdater.of(w).sha256());
    }

    @Test
    void bundledIsTheShippedFile() throws Exception {
        LstmOptimizer shipped = BundledOptimizers.find(BundledOptimizers.DEFAULT, BundledOptimizers.class.getClassLoader())
                .orElseThrow(() -> new AssertionError("the build ships org/l2l4j/lstm/bundled/mnist.l2l"));
        assertEquals(LearnedUpdater.of(shipped.weights()), LearnedUpdater.bundled());
    }

    @Test
    void hasNoLearningRate() {
        LearnedUpdater u = SmallNets.learned(1);
        assertFalse(u.hasLearningRate());
        assertTrue(Double.isNaN(u.getLearningRate(0, 0)));
        assertThrows(UnsupportedOperationException.class, () -> u.setLrAndSchedule(0.1, null));
    }

    @Test
    void javaSerializationRoundTrips() throws Exception {
        LearnedUpdater u = SmallNets.learned(8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(u);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(u, in.readObject());
        }
    }

    @Test
    void editedEmbeddedWeightsAreRefused() {
        LearnedUpdater u = SmallNets.learned(9);
        String json = SmallNets.mlp(u).toJson();
        String otherSha = SmallNets.learned(10).sha256();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> MultiLayerConfiguration.fromJson(json.replace(u.sha256(), otherSha)));
        assertTrue(rootMessage(e).contains("damaged or edited"), rootMessage(e));
    }

    /** A key the embedded form does not have, at the top or in the spec, and a missing spec are named. */
    @Test
    void unknownAndMissingKeysAreNamed() {
        LearnedUpdater u = SmallNets.learned(9);
        Map<String, Object> spec = new TreeMap<>(SettingsCodec.encode(u.weights().config()));
        Map<String, Object> json = new TreeMap<>(Map.of("spec", spec, "weights",
                OptimizerFile.encode(u.weights().values()), "sha256", u.sha256()));
        assertEquals(u, LearnedUpdater.fromJson(json));

        spec.put("dropout", 0.5);
        assertMessage(json, "LearnedUpdater JSON spec: unknown setting \"dropout\"");
        spec.remove("dropout");
        json.put("learningRate", 0.1);
        assertMessage(json, "LearnedUpdater JSON: unknown key \"learningRate\"");
        json.remove("learningRate");
        json.remove("spec");
        assertMessage(json, "LearnedUpdater JSON: missing \"spec\"");
    }

    private static void assertMessage(Map<String, Object> json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnedUpdater.fromJson(json));
        assertTrue(e.getMessage().contains(expected), "says \"" + expected + "\": " + e.getMessage());
    }

    @Test
    void bundledOptimizerIsNamedInJsonAndResolvedOnLoad() throws Exception {
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 11);
        Path classes = dir.resolve("classes");
        OptimizerFile.write(classes.resolve("org/l2l4j/lstm/bundled/test-dir.l2l"), weights, "test", Map.of());
        withContextClassLoader(classes.toUri().toURL(), () -> {
            LearnedUpdater bundled = LearnedUpdater.bundled("test-dir");
            assertEquals(LearnedUpdater.of(weights), bundled);
            MultiLayerConfiguration conf = SmallNets.mlp(bundled);
            String json = conf.toJson();
            assertTrue(json.contains("\"bundled\" : \"test-dir\""), "named by id");
            assertFalse(json.contains("\"weights\""), "not embedded");
            assertEquals(conf, MultiLayerConfiguration.fromJson(json));
        });
    }

    @Test
    void bundledOptimizerIsReadFromInsideAJar() throws Exception {
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 12);
        Path file = dir.resolve("opt.l2l");
        OptimizerFile.write(file, weights, "test", Map.of());
        Path jar = dir.resolve("bundle.jar");
        try (OutputStream raw = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(raw)) {
            out.putNextEntry(new JarEntry("org/l2l4j/lstm/bundled/test-jar.l2l"));
            out.write(Files.readAllBytes(file));
            out.closeEntry();
        }
        withContextClassLoader(jar.toUri().toURL(),
                () -> assertEquals(LearnedUpdater.of(weights), LearnedUpdater.bundled("test-jar")));
    }

    @Test
    void aModelNamingADifferentBundledOptimizerIsRefused() throws Exception {
        Path classes = dir.resolve("classes");
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 13);
        OptimizerFile.write(classes.resolve("org/l2l4j/lstm/bundled/test-sha.l2l"), weights, "test", Map.of());
        withContextClassLoader(classes.toUri().toURL(), () -> {
            LearnedUpdater bundled = LearnedUpdater.bundled("test-sha");
            String json = SmallNets.mlp(bundled).toJson().replace(bundled.sha256(), SmallNets.learned(1).sha256());
            RuntimeException e = assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(json));
            assertTrue(rootMessage(e).contains("bundled optimizer \"test-sha\""), rootMessage(e));
        });
    }

    @Test
    void anUnknownBundledIdIsRefusedWithTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearnedUpdater.bundled("no-such-optimizer"));
        assertTrue(e.getMessage().contains("\"no-such-optimizer\"; known ids: " + String.join(", ", BundledOptimizers.IDS)),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearnedUpdater.bundled("../escape"));
    }

    /**
     * The saved configuration names the id it was built with, never "the default": when
     * {@link BundledOptimizers#DEFAULT} names a newer optimizer, this model still restores to mnist's weights.
     */
    @Test
    void aModelSavedWithTheMnistIdRestoresToTheMnistOptimizerWhateverTheDefault() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(LearnedUpdater.bundled("mnist")));
        net.init();
        net.fit(SmallNets.batches(1, 8, 3).get(0));
        Path zip = dir.resolve("model.zip");
        ModelSerializer.writeModel(net, zip.toFile(), true);
        String json = net.getLayerWiseConfigurations().toJson();
        assertTrue(json.contains("\"bundled\" : \"mnist\""), "named by its id");
        assertFalse(json.contains("\"weights\""), "not embedded");

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), true);
        LstmWeights mnist = BundledOptimizers.find("mnist", BundledOptimizers.class.getClassLoader()).orElseThrow().weights();
        for (int layer = 0; layer < 3; layer++) {
            IUpdater updater = ((BaseLayer) restored.getLayerWiseConfigurations().getConf(layer).getLayer()).getIUpdater();
            assertEquals(LearnedUpdater.of(mnist), updater, "layer " + layer);
        }
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray(), "its state too");
    }

    private static MultiLayerNetwork network(IUpdater first, IUpdater second, IUpdater third) {
        MultiLayerConfiguration conf = SmallNets.mlp(SmallNets.builder(new Adam(), DataType.FLOAT));
        ((BaseLayer) conf.getConf(0).getLayer()).setIUpdater(first);
        ((BaseLayer) conf.getConf(0).getLayer()).setBiasUpdater(first);
        ((BaseLayer) conf.getConf(1).getLayer()).setIUpdater(second);
        ((BaseLayer) conf.getConf(1).getLayer()).setBiasUpdater(second);
        ((BaseLayer) conf.getConf(2).getLayer()).setIUpdater(third);
        ((BaseLayer) conf.getConf(2).getLayer()).setBiasUpdater(third);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static int blocks(MultiLayerNetwork net) {
        return ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().size();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void withContextClassLoader(URL root, ThrowingRunnable body) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, previous)) {
            thread.setContextClassLoader(loader);
            body.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
