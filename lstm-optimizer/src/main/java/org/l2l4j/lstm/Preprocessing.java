package org.l2l4j.lstm;

/**
 * How a gradient coordinate becomes the LSTM's input features.
 *
 * <ul>
 *   <li>{@link Kind#LOG_SIGN} (paper, appendix A): g → (log|g| / p, sign g) if |g| ≥ e<sup>−p</sup>,
 *       else (−1, e<sup>p</sup> g): 2 inputs.</li>
 *   <li>{@link Kind#RAW}: the gradient itself, 1 input; {@code p} is unused and must be 0.</li>
 * </ul>
 *
 * @param clamp if positive, every input feature is clamped to [−clamp, clamp]; 0 means no clamping
 */
public record Preprocessing(Kind kind, double p, double clamp) {

    /** The kind of input mapping. */
    public enum Kind { LOG_SIGN, RAW }

    /** Largest p whose e<sup>p</sup> is still a finite float. */
    static final double MAX_P = 88.0;

    public Preprocessing {
        if (kind == null) {
            throw new IllegalArgumentException("preprocessing kind must be LOG_SIGN or RAW, got null");
        }
        if (kind == Kind.LOG_SIGN && !(p > 0 && p <= MAX_P)) {
            throw new IllegalArgumentException("LOG_SIGN preprocessing needs 0 < p <= " + MAX_P + ", got p = " + p);
        }
        if (kind == Kind.RAW && p != 0) {
            throw new IllegalArgumentException("RAW preprocessing has no p; it must be 0, got p = " + p);
        }
        if (!(clamp >= 0 && clamp < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("clamp must be finite and >= 0 (0 = none), got " + clamp);
        }
    }

    /** The paper's log/sign preprocessing with parameter p, no clamping. */
    public static Preprocessing logSign(double p) {
        return new Preprocessing(Kind.LOG_SIGN, p, 0);
    }

    /** The raw gradient as one input, no clamping. */
    public static Preprocessing raw() {
        return new Preprocessing(Kind.RAW, 0, 0);
    }

    /** This preprocessing with every input feature clamped to [−clamp, clamp] (0 = none). */
    public Preprocessing withClamp(double clamp) {
        return new Preprocessing(kind, p, clamp);
    }

    /** Number of input features per coordinate: 2 for LOG_SIGN, 1 for RAW. */
    public int inputs() {
        return kind == Kind.LOG_SIGN ? 2 : 1;
    }
}
