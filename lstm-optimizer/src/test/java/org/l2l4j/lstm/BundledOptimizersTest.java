package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BundledOptimizers#find}: looks only where it is told, and tells "none shipped" apart from "broken". */
class BundledOptimizersTest {

    @TempDir
    Path dir;

    /** A loader that sees {@code root} and nothing of the application's classpath. */
    private static URLClassLoader only(Path root) throws Exception {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    @Test
    void everyKnownIdShipsItsFileAndTheDefaultIsOne() {
        assertTrue(BundledOptimizers.IDS.contains(BundledOptimizers.DEFAULT), BundledOptimizers.DEFAULT);
        for (String id : BundledOptimizers.IDS) {
            assertTrue(BundledOptimizers.find(id, BundledOptimizers.class.getClassLoader()).isPresent(), id);
        }
    }

    @Test
    void theMnistOptimizerIsThePapersLstmOnNesterovMomentum() throws Exception {
        LstmOptimizer shipped = BundledOptimizers.find("mnist", BundledOptimizers.class.getClassLoader())
                .orElseThrow(() -> new AssertionError("the build ships org/l2l4j/lstm/bundled/mnist.l2l"));
        assertEquals(LstmConfig.defaults().withOutputScale(0.05).withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(200)),
                shipped.weights().config(), "meta-train's defaults: the paper's LSTM added to Nesterov momentum at"
                        + " lr 1 on the first 200 steps (twice the 100 it was trained on), output scale calibrated to 0.1 / 2");
        // the weights of the run docs/results.md describes (the README's meta-train command, seed 1, this machine)
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * shipped.weights().values().length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(shipped.weights().values());
        assertEquals("c13841effd86ff75f65d7272a4e4d760ef6b1ebed4a496d6bb98d968db0279a8",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array())));
    }

    @Test
    void findsTheResourceItsLoaderHolds() throws Exception {
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 21);
        OptimizerFile.write(dir.resolve("org/l2l4j/lstm/bundled/find-me.l2l"), weights, "mnist", Map.of());
        try (URLClassLoader loader = only(dir)) {
            LstmOptimizer found = BundledOptimizers.find("find-me", loader).orElseThrow();
            assertEquals(weights, found.weights());
            assertEquals("lstm", found.name());
        }
    }

    @Test
    void aLoaderWithoutTheResourceFindsNothing() throws Exception {
        try (URLClassLoader loader = only(dir)) {
            assertTrue(BundledOptimizers.find(BundledOptimizers.DEFAULT, loader).isEmpty());
        }
    }

    @Test
    void aDamagedResourceOrABadNameIsAnErrorNotNothing() throws Exception {
        Path resource = dir.resolve("org/l2l4j/lstm/bundled/damaged.l2l");
        Files.createDirectories(resource.getParent());
        Files.writeString(resource, "{\"format\": \"l2l4j-lstm-optimizer\"");
        try (URLClassLoader loader = only(dir)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> BundledOptimizers.find("damaged", loader));
            assertTrue(e.getMessage().contains("damaged.l2l"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BundledOptimizers.find("../escape", loader));
        }
    }
}
