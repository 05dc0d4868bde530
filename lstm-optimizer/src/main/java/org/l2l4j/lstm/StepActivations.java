package org.l2l4j.lstm;

/**
 * What the backward pass needs from one forward step at n coordinates, all unit-major [rows × n]:
 * the input features, and per layer the incoming h and c, the four gate activations and tanh of the new
 * cell state. 7·H·layers + inputs floats per coordinate (282 for the default config); the new h, the
 * next layer's input, is not stored but recomputed as σ(o)·tanh(c) by the backward.
 */
public final class StepActivations {

    final LstmConfig config;
    final int n;
    /** Preprocessed input features [inputs × n]. */
    final float[] input;
    /** Per layer: incoming h and c [H × n]. */
    final float[][] hPrev;
    final float[][] cPrev;
    /** Per layer: gate activations σ(i), σ(f), tanh(g), σ(o), gate-major [4H × n]. */
    final float[][] gates;
    /** Per layer: tanh of the new cell state [H × n]. */
    final float[][] tanhC;

    private StepActivations(LstmConfig config, int n) {
        int hidden = config.hidden();
        int layers = config.layers();
        if (n < 0 || (long) n * 4 * hidden > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("n must be in [0, " + (Integer.MAX_VALUE - 16) / (4 * hidden)
                    + "] for hidden = " + hidden + ", got " + n);
        }
        this.config = config;
        this.n = n;
        this.input = new float[config.preprocessing().inputs() * n];
        this.hPrev = new float[layers][hidden * n];
        this.cPrev = new float[layers][hidden * n];
        this.gates = new float[layers][4 * hidden * n];
        this.tanhC = new float[layers][hidden * n];
    }

    /** Buffers for one step of {@code n} coordinates. */
    public static StepActivations allocate(LstmConfig config, int n) {
        return new StepActivations(config, n);
    }

    public LstmConfig config() {
        return config;
    }

    public int n() {
        return n;
    }

    /** Memory held by the arrays, in bytes. */
    public long bytes() {
        return bytes(config, n);
    }

    /** Bytes {@link #allocate} takes for {@code n} coordinates, without allocating. */
    public static long bytes(LstmConfig config, int n) {
        return (long) Float.BYTES * n * (config.preprocessing().inputs() + 7L * config.hidden() * config.layers());
    }
}
