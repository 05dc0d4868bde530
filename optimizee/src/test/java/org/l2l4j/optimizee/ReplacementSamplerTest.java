package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class ReplacementSamplerTest {

    /** Three 2-pixel images, {0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}, labelled 7, 2, 9. */
    private static final LabelledData THREE = new LabelledData(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f},
            new int[] {7, 2, 9}, 10, 2, null);

    /** Which image each row of the batch is, checking that its label goes with it. */
    private static int[] imagesOf(MultiDataSet batch) {
        float[] features = batch.getFeatures(0).ravel().toFloatVector(); // row-major [rows, 2]
        float[] labels = batch.getLabels(0).ravel().toFloatVector(); // row-major [rows, 10]
        int[] images = new int[features.length / 2];
        for (int row = 0; row < images.length; row++) {
            int image = Math.round((features[2 * row] - 0.1f) / 0.2f);
            assertArrayEquals(new float[] {0.1f + 0.2f * image, 0.2f + 0.2f * image},
                    Arrays.copyOfRange(features, 2 * row, 2 * row + 2), 1e-6f, "row " + row);
            float[] oneHot = new float[THREE.classes()];
            oneHot[THREE.label(image)] = 1f;
            assertArrayEquals(oneHot, Arrays.copyOfRange(labels, row * THREE.classes(), (row + 1) * THREE.classes()),
                    0f, "labels of row " + row);
            images[row] = image;
        }
        return images;
    }

    @Test
    void drawsWithReplacementUniformlyAndKeepsLabelsWithTheirImages() {
        ReplacementSampler sampler = new ReplacementSampler(THREE, 3000, new Random(1));
        int[] counts = new int[3];
        for (int image : imagesOf(sampler.next())) {
            counts[image]++;
        }
        // 3,000 uniform draws: each count is 1,000 ± 26 (one standard deviation); ±150 is > 5σ.
        for (int count : counts) {
            assertEquals(1000, count, 150);
        }
    }

    @Test
    void sameSeedSameSequenceOfBatches() {
        ReplacementSampler a = new ReplacementSampler(THREE, 8, new Random(5));
        ReplacementSampler b = new ReplacementSampler(THREE, 8, new Random(5));
        boolean changes = false;
        int[] previous = null;
        for (int call = 0; call < 4; call++) {
            int[] fromA = imagesOf(a.next());
            assertArrayEquals(fromA, imagesOf(b.next()), "call " + call);
            changes |= previous != null && !Arrays.equals(previous, fromA);
            previous = fromA;
        }
        assertTrue(changes, "a new minibatch on every call");
    }
}
