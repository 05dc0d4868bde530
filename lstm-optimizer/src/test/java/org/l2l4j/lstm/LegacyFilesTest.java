package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Files written by the build before the learned rule had one spec and one codec (test resources
 * {@code legacy/}, see their README) still load and compute what they computed then.
 */
class LegacyFilesTest {

    /**
     * Updates are float32 through the same kernel arithmetic; the tolerance leaves room only for a kernel
     * whose vector width sums in another order.
     */
    private static final double UPDATE_TOLERANCE = 1e-5;
    /** Losses after five more DL4J fits of the restored network, float32 end to end. */
    private static final double LOSS_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = LegacyFilesTest.class.getResourceAsStream("legacy/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = LegacyFilesTest.class.getResourceAsStream("legacy/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void everyEarlierOptimizerFileLoadsAndGivesTheSameUpdates() throws IOException {
        JsonNode expected = json("legacy-updates.json");
        int files = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); files++) {
            Map.Entry<String, JsonNode> entry = it.next();
            LstmOptimizer optimizer = LstmOptimizer.load(resource("legacy-" + entry.getKey() + ".l2l"));
            JsonNode steps = entry.getValue().get("steps");
            int n = steps.get(0).get("gradient").size();
            LstmOptimizer.State state = optimizer.init(n);
            float[] update = new float[n];
            for (int t = 0; t < steps.size(); t++) {
                float[] gradient = floats(steps.get(t).get("gradient"));
                float[] want = floats(steps.get(t).get("update"));
                optimizer.update(gradient, state, update);
                for (int i = 0; i < n; i++) {
                    assertEquals(want[i], update[i], UPDATE_TOLERANCE * Math.max(1, Math.abs(want[i])),
                            entry.getKey() + ": step " + t + ", coordinate " + i);
                }
            }
        }
        assertEquals(5, files, "every legacy file is checked");
    }

    @Test
    void dl4jModelsSavedByTheEarlierBuildRestoreAndContinueWithTheSameLosses() throws IOException {
        JsonNode expected = json("legacy-model-losses.json");
        for (String kind : new String[] {"embedded", "bundled"}) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                    resource("legacy-" + kind + "-model.zip").toFile(), true);
            DataSet data = data();
            JsonNode losses = expected.get(kind);
            for (int i = 0; i < losses.size(); i++) {
                net.fit(data);
                assertEquals(losses.get(i).asDouble(), net.score(), LOSS_TOLERANCE, kind + " model, fit " + (i + 1));
            }
        }
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    /** The data the legacy models were trained on (MakeLegacyFiles.data()): 16 rows from seed 3. */
    private static DataSet data() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[][] x = new float[16][4];
        float[][] y = new float[16][3];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) r.nextDouble(-1, 1);
            }
            y[i][r.nextInt(3)] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }
}
