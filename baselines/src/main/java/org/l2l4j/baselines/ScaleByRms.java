package org.l2l4j.baselines;

import java.util.Arrays;
import java.util.Map;

/**
 * Divides by a running root mean square (RMSprop, Tieleman and Hinton 2012): the accumulator
 * s ← ρ·s + (1 − ρ)·g², out = g / (√s + ε).
 *
 * <p>As in DL4J's {@code RmsPropUpdater}, s starts at ε, not at 0 as in PyTorch's {@code RMSprop};
 * the two differ only while ρ<sup>t</sup>·ε is not negligible next to the mean of g².
 */
record ScaleByRms(float decay, float epsilon) implements Transform<float[]> {

    ScaleByRms {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("rmsprop decay must be in [0, 1), got " + decay);
        }
        if (!(epsilon > 0 && Float.isFinite(epsilon))) {
            throw new IllegalArgumentException("rmsprop epsilon must be finite and > 0, got " + epsilon);
        }
    }

    @Override
    public float[] init(int n) {
        float[] meanSquare = new float[n];
        Arrays.fill(meanSquare, epsilon);
        return meanSquare;
    }

    @Override
    public void apply(float[] in, float[] meanSquare, float[] out) {
        float keep = 1 - decay;
        for (int i = 0; i < in.length; i++) {
            float g = in[i];
            float s = decay * meanSquare[i] + keep * g * g;
            meanSquare[i] = s;
            out[i] = g / ((float) Math.sqrt(s) + epsilon);
        }
    }

    @Override
    public Map<String, float[]> arrays(float[] meanSquare) {
        return Map.of("mean_square", meanSquare);
    }

    @Override
    public void checkSaved(Map<String, float[]> arrays) {
        Transform.requireNonNegative(arrays, "mean_square");
    }
}
