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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optimizer files written by the build before the learned rule had one spec and one codec (test resources
 * {@code legacy/}, see their README) still load and compute what they computed then. The DL4J model zips
 * of that build are checked by the updater's module ({@code LegacyModelZipsTest}).
 */
class LegacyFilesTest {

    /**
     * Updates are float32 through the same kernel arithmetic; the tolerance leaves room only for a kernel
     * whose vector width sums in another order.
     */
    private static final double UPDATE_TOLERANCE = 1e-5;

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

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
