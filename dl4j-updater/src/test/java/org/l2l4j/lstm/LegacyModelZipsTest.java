package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J models saved by the build before the learned rule had one spec and one codec (test resources
 * {@code legacy/}, made with lstm-optimizer's {@code legacy/MakeLegacyFiles.java.txt}) restore, with their
 * {@link LearnedUpdater} and its state, and continue training with the losses they had then.
 */
class LegacyModelZipsTest {

    /** Losses after five more DL4J fits of the restored network, float32 end to end. */
    private static final double LOSS_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = LegacyModelZipsTest.class.getResourceAsStream("legacy/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = LegacyModelZipsTest.class.getResourceAsStream("legacy/" + name)) {
            Files.copy(in, file);
        }
        return file;
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
