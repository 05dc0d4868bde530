package org.l2l4j.lstm;

import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.SettingException;

/**
 * How a gradient coordinate becomes the LSTM's input features.
 *
 * <ul>
 *   <li>{@link Kind#LOG_SIGN} (paper, appendix A): g → (log|g| / p, sign g) if |g| ≥ e<sup>−p</sup>,
 *       else (−1, e<sup>p</sup> g): 2 inputs.</li>
 *   <li>{@link Kind#RAW}: the gradient itself, 1 input.</li>
 *   <li>{@link Kind#ADAM_NORMALISED} (RNNprop, Lv, Chen and Zhang 2017, arXiv 1703.02290): Adam's
 *       moment estimates of the gradient, m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², bias-corrected
 *       m̂ = m/(1−β1<sup>t</sup>), v̂ = v/(1−β2<sup>t</sup>) at step t = 1, 2, …, and the inputs
 *       (m̂, g) / (√v̂ + ε): 2 inputs that do not change when the gradient is scaled (for |g| ≫ ε). m and
 *       v are per-coordinate state carried in {@link LstmState}; they depend on the gradients only, so the
 *       first-order meta-gradient treats them as constants. With p &gt; 0 a third input, log(√v̂ + ε)/p,
 *       gives the LSTM the gradient's scale, which the other two leave out: without it the learned step's
 *       size cannot differ between problems whose gradients differ only in scale.</li>
 * </ul>
 *
 * ADAM_NORMALISED may add {@code momentumFeatures} = k inputs m̂<sub>j</sub>/(√v̂ + ε), j &lt; k, after its
 * others: running means of the gradient at more rates, m<sub>j</sub> ← β<sub>j</sub>·m<sub>j</sub> +
 * (1−β<sub>j</sub>)·g, bias-corrected, β<sub>j</sub> = 1 − 1/τ<sub>j</sub> (0.9, 0.968, 0.99, …; the
 * half-decade timescales below), each one more float of state per coordinate (learned_optimization's
 * momentum features). Any kind may add {@code stepFeatures} = k training-progress inputs after the
 * gradient's, the same for every coordinate: tanh(t/τ<sub>j</sub> − 1) of the step number t = 1, 2, … at
 * the half-decade timescales τ<sub>j</sub> = 10<sup>1 + j/2</sup> (10, 31.6, 100, …), j &lt; k
 * (learned_optimization's step embedding).
 * They need no horizon, which a DL4J run does not know, and each saturates at 1 a few τ<sub>j</sub> in: past
 * the largest timescale the LSTM sees what it saw late in its meta-training trajectories.
 *
 * Parameters a kind does not use must be 0.
 *
 * @param p       LOG_SIGN's constant p; ADAM_NORMALISED's divisor of its third input log(√v̂ + ε), 0 = no
 *                third input
 * @param beta1   ADAM_NORMALISED's decay of the gradient's running mean, in [0, 1)
 * @param beta2   ADAM_NORMALISED's decay of the running mean of its square, in [0, 1)
 * @param epsilon ADAM_NORMALISED's ε, added to √v̂; at least the smallest normal float
 * @param clamp   if positive, every input feature is clamped to [−clamp, clamp]; 0 means no clamping
 * @param stepFeatures training-progress inputs, in [0, {@value #MAX_STEP_FEATURES}]; 0 = none
 * @param momentumFeatures ADAM_NORMALISED's further momentum inputs, in [0, {@value #MAX_MOMENTUM_FEATURES}]; 0 = none
 */
public record Preprocessing(Kind kind, double p, double beta1, double beta2, double epsilon, double clamp,
                            int stepFeatures, int momentumFeatures) {

    /** The kind of input mapping. */
    public enum Kind { LOG_SIGN, RAW, ADAM_NORMALISED }

    /** Largest p whose e<sup>p</sup> is still a finite float (LOG_SIGN's need); ADAM_NORMALISED's p has the same bound. */
    static final double MAX_P = 88.0;
    /** Smallest p whose 1/p is still a finite float. */
    static final double MIN_P = 1 / (double) Float.MAX_VALUE;

    /** RNNprop's β1 = β2 = 0.95. */
    public static final double RNNPROP_BETA = 0.95;
    /** The default ε of ADAM_NORMALISED, Adam's usual 1e-8. */
    public static final double DEFAULT_EPSILON = 1e-8;
    /** Most training-progress inputs: the largest timescale is then 10<sup>4.5</sup> steps. */
    public static final int MAX_STEP_FEATURES = 8;
    /** Most further momentum inputs: the slowest decay is then 1 − 10<sup>−4</sup>. */
    public static final int MAX_MOMENTUM_FEATURES = 7;

    public Preprocessing {
        if (kind == null) {
            throw new SettingException("kind", "must be one of LOG_SIGN, RAW, ADAM_NORMALISED, got null");
        }
        if (kind == Kind.LOG_SIGN && !(p > 0 && p <= MAX_P)) {
            throw new SettingException("p", "LOG_SIGN preprocessing needs 0 < p <= " + MAX_P + ", got p = " + p);
        }
        if (kind == Kind.ADAM_NORMALISED && !(p >= 0 && p <= MAX_P)) {
            throw new SettingException("p", "ADAM_NORMALISED preprocessing needs 0 <= p <= " + MAX_P
                    + " (0 = no log-scale input), got p = " + p);
        }
        if (p > 0 && p < MIN_P) { // InputFeatures multiplies by (float) (1 / p)
            throw new SettingException("p", kind + " preprocessing divides by p, so 1/p must be a finite float (p >= "
                    + MIN_P + "), got p = " + p);
        }
        if (kind == Kind.RAW && p != 0) {
            throw new SettingException("p", kind + " preprocessing has no p; it must be 0, got p = " + p);
        }
        if (kind == Kind.ADAM_NORMALISED) {
            requireDecay("beta1", beta1);
            requireDecay("beta2", beta2);
            if (!(epsilon >= Float.MIN_NORMAL && epsilon < Double.POSITIVE_INFINITY)) {
                throw new SettingException("epsilon", "ADAM_NORMALISED preprocessing needs a finite epsilon >= "
                        + Float.MIN_NORMAL + " (the smallest normal float), got epsilon = " + epsilon);
            }
        } else if (beta1 != 0 || beta2 != 0 || epsilon != 0) {
            List<String> given = new ArrayList<>();
            if (beta1 != 0) {
                given.add("beta1");
            }
            if (beta2 != 0) {
                given.add("beta2");
            }
            if (epsilon != 0) {
                given.add("epsilon");
            }
            throw new SettingException(given, kind + " preprocessing has no beta1, beta2 or epsilon; they must be 0,"
                    + " got beta1 = " + beta1 + ", beta2 = " + beta2 + ", epsilon = " + epsilon);
        }
        if (!(clamp >= 0 && clamp < Double.POSITIVE_INFINITY)) {
            throw new SettingException("clamp", "must be finite and >= 0 (0 = off), got " + clamp);
        }
        if (stepFeatures < 0 || stepFeatures > MAX_STEP_FEATURES) {
            throw new SettingException("stepFeatures", "must be in [0, " + MAX_STEP_FEATURES + "] (0 = none), got "
                    + stepFeatures);
        }
        if (momentumFeatures < 0 || momentumFeatures > MAX_MOMENTUM_FEATURES) {
            throw new SettingException("momentumFeatures", "must be in [0, " + MAX_MOMENTUM_FEATURES
                    + "] (0 = none), got " + momentumFeatures);
        }
        if (momentumFeatures > 0 && kind != Kind.ADAM_NORMALISED) {
            throw new SettingException("momentumFeatures", "momentum inputs need ADAM_NORMALISED preprocessing (they"
                    + " are divided by its √v̂), not " + kind + "; got " + momentumFeatures);
        }
    }

    private static void requireDecay(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new SettingException(name, "must be in [0, 1), got " + beta);
        }
    }

    /** The paper's log/sign preprocessing with parameter p, no clamping. */
    public static Preprocessing logSign(double p) {
        return new Preprocessing(Kind.LOG_SIGN, p, 0, 0, 0, 0, 0, 0);
    }

    /** The raw gradient as one input, no clamping. */
    public static Preprocessing raw() {
        return new Preprocessing(Kind.RAW, 0, 0, 0, 0, 0, 0, 0);
    }

    /** RNNprop's Adam-normalised inputs with decays β1, β2 and ε, no clamping. */
    public static Preprocessing adamNormalised(double beta1, double beta2, double epsilon) {
        return new Preprocessing(Kind.ADAM_NORMALISED, 0, beta1, beta2, epsilon, 0, 0, 0);
    }

    /** RNNprop's settings: β1 = β2 = 0.95, ε = 1e-8, no clamping. */
    public static Preprocessing adamNormalised() {
        return adamNormalised(RNNPROP_BETA, RNNPROP_BETA, DEFAULT_EPSILON);
    }

    /**
     * These Adam-normalised inputs with a third, log(√v̂ + ε)/{@code p}: the scale of the gradient, which
     * m̂/√v̂ and g/√v̂ leave out.
     */
    public Preprocessing withLogScaleInput(double p) {
        if (kind != Kind.ADAM_NORMALISED) {
            throw new SettingException("p", "a log-scale input needs ADAM_NORMALISED preprocessing, not " + kind);
        }
        return new Preprocessing(kind, p, beta1, beta2, epsilon, clamp, stepFeatures, momentumFeatures);
    }

    /** Whether ADAM_NORMALISED inputs have the third, log-scale, input. */
    public boolean logScaleInput() {
        return kind == Kind.ADAM_NORMALISED && p > 0;
    }

    /** This preprocessing with every input feature clamped to [−clamp, clamp] (0 = none). */
    public Preprocessing withClamp(double clamp) {
        return new Preprocessing(kind, p, beta1, beta2, epsilon, clamp, stepFeatures, momentumFeatures);
    }

    /** This preprocessing with {@code stepFeatures} training-progress inputs (0 = none). */
    public Preprocessing withStepFeatures(int stepFeatures) {
        return new Preprocessing(kind, p, beta1, beta2, epsilon, clamp, stepFeatures, momentumFeatures);
    }

    /** This Adam-normalised preprocessing with {@code momentumFeatures} further momentum inputs (0 = none). */
    public Preprocessing withMomentumFeatures(int momentumFeatures) {
        return new Preprocessing(kind, p, beta1, beta2, epsilon, clamp, stepFeatures, momentumFeatures);
    }

    /** Half-decade timescale τ<sub>j</sub> = 10<sup>1 + j/2</sup> steps of training-progress and momentum input j. */
    public static double timescale(int j) {
        return Math.pow(10, 1 + j / 2.0);
    }

    /** Decay β<sub>j</sub> = 1 − 1/τ<sub>j</sub> of momentum input j. */
    public static double momentumDecay(int j) {
        return 1 - 1 / timescale(j);
    }

    /** Number of input features per coordinate: the gradient's, then the training-progress inputs. */
    public int inputs() {
        return gradientInputs() + stepFeatures;
    }

    /**
     * Input features computed from the gradient: 1 for RAW, 2 for LOG_SIGN, for ADAM_NORMALISED 2, one more with
     * a log-scale input, and its momentum inputs.
     */
    public int gradientInputs() {
        return kind == Kind.RAW ? 1 : kind == Kind.LOG_SIGN ? 2 : (logScaleInput() ? 3 : 2) + momentumFeatures;
    }

    /** Floats of preprocessing state per coordinate: m, v and the further momenta for ADAM_NORMALISED, else none. */
    public int stateFloats() {
        return kind == Kind.ADAM_NORMALISED ? 2 + momentumFeatures : 0;
    }
}
