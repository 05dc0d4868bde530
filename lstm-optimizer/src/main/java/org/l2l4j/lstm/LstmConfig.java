package org.l2l4j.lstm;

import java.util.List;
import org.l2l4j.core.SettingException;

/**
 * Architecture of the coordinate-wise LSTM optimizer: {@code layers} stacked LSTM cells of {@code hidden}
 * units, then a linear map hidden → 1 times {@code outputScale}, plus an optional hand-made
 * {@link BaseStep} the LSTM's output is added to.
 *
 * <p>With {@code magnitudeScale} = λ > 0 a second linear map gives a magnitude m, and the LSTM's output is
 * the direction d times e<sup>λm</sup> (the step-size parametrisation of learned_optimization's per-parameter
 * MLP optimizers): one network then sets step sizes orders of magnitude apart, where the linear output
 * would need h<sub>top</sub> and w<sub>out</sub> that large.
 *
 * <p>This record, with its nested records, is the rule's spec: the .l2l file, the DL4J configuration, the
 * optimizer's identity and training checkpoints all store it through {@link org.l2l4j.core.SettingsCodec},
 * so a setting added here reaches every one of them without further code. Files written before a setting
 * existed read it as zero, so a new setting's zero must mean "as before".
 *
 * @param layers        number of stacked LSTM cells (paper: 2)
 * @param hidden        units per cell (paper: 20)
 * @param preprocessing how a gradient coordinate becomes the first cell's input
 * @param outputScale   update = outputScale · d (+ the base step), d = w<sub>out</sub> · h<sub>top</sub> + b<sub>out</sub>
 * @param base          the hand-made step added to the LSTM's output; {@link BaseStep#NONE} for the paper's optimizer
 * @param magnitudeScale λ ≥ 0: with λ > 0 update = outputScale · d · e<sup>λm</sup> (+ the base step),
 *                      m = w<sub>mag</sub> · h<sub>top</sub> + b<sub>mag</sub>; 0 = the linear output d alone
 */
public record LstmConfig(int layers, int hidden, Preprocessing preprocessing, double outputScale, BaseStep base,
                         double magnitudeScale) {

    public LstmConfig {
        if (layers < 1) {
            throw new SettingException("layers", "must be at least 1, got " + layers);
        }
        if (hidden < 1) {
            throw new SettingException("hidden", "must be at least 1, got " + hidden);
        }
        if (preprocessing == null) {
            throw new SettingException("preprocessing", "must be given");
        }
        if (base == null) {
            throw new SettingException("base", "must be given (BaseStep.NONE for none)");
        }
        if (!Double.isFinite(outputScale) || outputScale == 0) {
            throw new SettingException("outputScale", "must be finite and non-zero, got " + outputScale);
        }
        if (!(magnitudeScale >= 0 && (float) magnitudeScale < Float.POSITIVE_INFINITY)) { // the step runs in float32
            throw new SettingException("magnitudeScale", "must be finite and >= 0 in float32 (0 = a linear output),"
                    + " got " + magnitudeScale);
        }
        if ((long) layers * hidden * 4 * (hidden + Math.max(hidden, preprocessing.inputs()) + 1) > Integer.MAX_VALUE / 2) {
            throw new SettingException(List.of("hidden", "layers"),
                    "LSTM too large: layers = " + layers + ", hidden = " + hidden);
        }
    }

    /** An LSTM with a linear output. */
    public LstmConfig(int layers, int hidden, Preprocessing preprocessing, double outputScale, BaseStep base) {
        this(layers, hidden, preprocessing, outputScale, base, 0);
    }

    /** An LSTM with a linear output and without a base step, as in the paper. */
    public LstmConfig(int layers, int hidden, Preprocessing preprocessing, double outputScale) {
        this(layers, hidden, preprocessing, outputScale, BaseStep.NONE);
    }

    /** This architecture with the LSTM's output multiplied by {@code outputScale} instead. */
    public LstmConfig withOutputScale(double outputScale) {
        return new LstmConfig(layers, hidden, preprocessing, outputScale, base, magnitudeScale);
    }

    /** This architecture with {@code base} as its base step. */
    public LstmConfig withBase(BaseStep base) {
        return new LstmConfig(layers, hidden, preprocessing, outputScale, base, magnitudeScale);
    }

    /** This architecture with the output d·e<sup>λm</sup>, λ = {@code magnitudeScale} (0: the linear output d). */
    public LstmConfig withMagnitudeScale(double magnitudeScale) {
        return new LstmConfig(layers, hidden, preprocessing, outputScale, base, magnitudeScale);
    }

    /** Whether the output has a magnitude head: d·e<sup>λm</sup> rather than d. */
    public boolean hasMagnitude() {
        return magnitudeScale > 0;
    }

    /** Floats of per-coordinate state besides h and c: the preprocessing's and the base step's. */
    public int extraStateFloats() {
        return preprocessing.stateFloats() + base.stateFloats();
    }

    /**
     * Whether a state counts its steps: ADAM_NORMALISED inputs and an Adam-normalised base step need the count
     * for their bias correction, training-progress inputs as their input, a base step with correction steps to
     * know when to hand over.
     */
    public boolean countsSteps() {
        return preprocessing.stateFloats() > 0 || preprocessing.stepFeatures() > 0 || base.correctionSteps() > 0
                || base.normalised();
    }

    /** The paper's optimizer: 2 layers of 20 units, log/sign preprocessing with p = 10, output scale 0.1. */
    public static LstmConfig defaults() {
        return new LstmConfig(2, 20, Preprocessing.logSign(10), 0.1);
    }

    /** Inputs of cell {@code layer}: the preprocessed features for layer 0, else the cell below's h. */
    public int inputs(int layer) {
        return layer == 0 ? preprocessing.inputs() : hidden;
    }

    /** Linear maps on h<sub>top</sub>: the direction d, and the magnitude m if there is one. */
    public int outputHeads() {
        return hasMagnitude() ? 2 : 1;
    }

    /** Length of the flat meta-parameter vector φ (see {@link LstmWeights} for the layout). */
    public int parameterCount() {
        int count = 0;
        for (int l = 0; l < layers; l++) {
            count += 4 * hidden * (inputs(l) + hidden + 1);
        }
        return count + outputHeads() * (hidden + 1);
    }
}
