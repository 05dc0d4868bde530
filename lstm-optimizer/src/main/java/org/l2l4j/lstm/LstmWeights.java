package org.l2l4j.lstm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The meta-parameters φ of the LSTM optimizer as one flat {@code float[]}; meta-gradients and the
 * meta-optimizer's moments use the same layout. An immutable value: {@link #of} and {@link #values()}
 * copy, and only the kernels of this package read the array in place ({@link #live()}).
 *
 * <p>Layout, for each layer l in order: W<sub>x</sub> [4H × in<sub>l</sub>], W<sub>h</sub> [4H × H],
 * b [4H] (row-major; rows in torch's gate order i, f, g, o; one bias vector), then the output layer
 * w<sub>out</sub> [H] and b<sub>out</sub> [1], and with a magnitude head ({@link LstmConfig#hasMagnitude()})
 * w<sub>mag</sub> [H] and b<sub>mag</sub> [1]. Row r = gate·H + unit.
 */
public final class LstmWeights {

    private final LstmConfig config;
    private final float[] values;

    private LstmWeights(LstmConfig config, float[] values) {
        this.config = config;
        this.values = values;
    }

    /**
     * torch's default initialisation: every weight and bias ~ U(−1/√H, 1/√H), drawn from {@code seed}.
     * With a {@link BaseStep} the output layer (w<sub>out</sub>, b<sub>out</sub>) then starts at 0: the
     * learned correction is exactly 0, so meta-training starts from the base step itself rather than
     * from a random per-coordinate drift, which on MNIST some seeds turned into steps that saturate the
     * network before the first meta-update (the loss stuck at ln 10). The gradient of w<sub>out</sub> is
     * h·∂L/∂u, not 0, so the first meta-step moves it and the rest of the LSTM follows.
     *
     * <p>A magnitude head starts at 0 (e<sup>λm</sup> = 1), its weights drawn last: the rule starts as the same
     * LSTM with a linear output from the same seed.
     */
    public static LstmWeights initial(LstmConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1.0 / Math.sqrt(config.hidden());
        float[] values = new float[config.parameterCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
        LstmWeights weights = new LstmWeights(config, values);
        if (config.base().active()) {
            Arrays.fill(values, weights.outputWeightOffset(), values.length, 0f);
        }
        if (config.hasMagnitude()) {
            Arrays.fill(values, weights.magnitudeWeightOffset(), values.length, 0f);
        }
        return weights;
    }

    /**
     * The weights {@code values} (copied) in the layout of {@code config}.
     *
     * @throws IllegalArgumentException if the length is not {@code config.parameterCount()}
     */
    public static LstmWeights of(LstmConfig config, float[] values) {
        return view(config, values.clone());
    }

    /**
     * Wraps {@code values} without copying, for a step that reads meta-parameters the caller owns and
     * changes between steps (meta-training); the result must not outlive that step.
     */
    static LstmWeights view(LstmConfig config, float[] values) {
        if (values.length != config.parameterCount()) {
            throw new IllegalArgumentException("an LSTM " + config + " has " + config.parameterCount()
                    + " weights, got " + values.length);
        }
        return new LstmWeights(config, values);
    }

    public LstmConfig config() {
        return config;
    }

    /** A copy with the LSTM's output scale multiplied by {@code factor} (finite, > 0): the same rule, its correction scaled. */
    public LstmWeights withOutputScaleFactor(double factor) {
        if (!(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("output scale factor must be finite and > 0, got " + factor);
        }
        return new LstmWeights(config.withOutputScale(config.outputScale() * factor), values);
    }

    /** A copy of the flat array. */
    public float[] values() {
        return values.clone();
    }

    /** The flat array itself, for the kernels' hot loops; never written. */
    float[] live() {
        return values;
    }

    /** Offset of W<sub>x</sub> of {@code layer}: [4H × in<sub>layer</sub>], row-major. */
    public int inputWeightOffset(int layer) {
        int offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += 4 * config.hidden() * (config.inputs(l) + config.hidden() + 1);
        }
        return offset;
    }

    /** Offset of W<sub>h</sub> of {@code layer}: [4H × H], row-major. */
    public int recurrentWeightOffset(int layer) {
        return inputWeightOffset(layer) + 4 * config.hidden() * config.inputs(layer);
    }

    /** Offset of the bias b of {@code layer}: [4H]. */
    public int biasOffset(int layer) {
        return recurrentWeightOffset(layer) + 4 * config.hidden() * config.hidden();
    }

    /** Offset of w<sub>out</sub> [H]; b<sub>out</sub> follows it. */
    public int outputWeightOffset() {
        return inputWeightOffset(config.layers());
    }

    /** Offset of w<sub>mag</sub> [H] of the magnitude head; b<sub>mag</sub> follows it and is the last value. */
    public int magnitudeWeightOffset() {
        return outputWeightOffset() + config.hidden() + 1;
    }

    @Override
    public String toString() {
        return "LstmWeights" + config + " (" + values.length + " values)";
    }

    /** Value equality: same config and bitwise-equal weights. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LstmWeights w && w.config.equals(config) && Arrays.equals(w.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * config.hashCode() + Arrays.hashCode(values);
    }
}
