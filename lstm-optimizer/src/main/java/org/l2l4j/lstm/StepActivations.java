package org.l2l4j.lstm;

/**
 * What the backward pass needs from one forward step at n coordinates, all unit-major [rows × n]:
 * the input features, and per layer the incoming h and c, the four gate activations and tanh of the new
 * cell state. 7·H·layers + inputs floats per coordinate (282 for the default config); the new h, the
 * next layer's input, is not stored but recomputed as σ(o)·tanh(c) by the backward. For an Adam-normalised
 * base step also the moments m′, v′ it wrote and the step's number, which its backward needs.
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
    /** The Adam-normalised base step's outgoing m and v [n]; empty for other base steps. */
    final float[] baseMean;
    final float[] baseMeanSquare;
    /** The recorded step's number t ≥ 1 where the config counts steps. */
    int steps;

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
        int base = config.base().normalised() ? n : 0;
        this.baseMean = new float[base];
        this.baseMeanSquare = new float[base];
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
        return (long) Float.BYTES * n * (config.preprocessing().inputs() + 7L * config.hidden() * config.layers()
                + (config.base().normalised() ? 2 : 0));
    }
}
