package org.l2l4j.bench;

import java.util.SplittableRandom;
import org.l2l4j.lstm.LstmState;

/** Seeded random inputs for the step benchmarks, drawn as the PyTorch peer's {@code lstm_step.py} draws them. */
final class RandomInputs {

    private final SplittableRandom random;

    RandomInputs(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * Gradients N(0, 1)·10<sup>U(−6, 0)</sup>: magnitudes spread over six decades, so both branches of
     * the log/sign preprocessing (|g| below and above e<sup>−10</sup>) occur, as in a real run.
     */
    float[] gradients(int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (gaussian() * Math.pow(10, random.nextDouble(-6, 0)));
        }
        return g;
    }

    /** Values N(0, std²). */
    float[] gaussians(int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (std * gaussian());
        }
        return v;
    }

    /** Fills every h and c of {@code state} with N(0, std²). */
    void fill(LstmState state, double std) {
        for (int l = 0; l < state.config().layers(); l++) {
            fill(state.h(l), std);
            fill(state.c(l), std);
        }
    }

    private void fill(float[] values, double std) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * gaussian());
        }
    }

    private double gaussian() {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
