package org.l2l4j.core;

/**
 * An update rule for n coordinates: {@code init} makes the state, {@code update} maps a gradient and
 * the state to an update vector (θ ← θ + u) and advances the state in place.
 *
 * <p>The rule itself is an immutable value (its hyper-parameters or learned weights); everything that
 * changes during training lives in {@code S}. Hand-made rules and learned ones implement the same
 * interface, so evaluation, plots and benchmarks never ask which kind they run.
 *
 * @param <S> the per-run state (moments, step count, recurrent state)
 */
public interface Optimizer<S> {

    /** Short name used in reports and {@code summary.json}, e.g. {@code adam} or {@code lstm}. */
    String name();

    /** The learning rate, or {@code null} for rules that have none (a learned optimizer). */
    default Double learningRate() {
        return null;
    }

    /** The initial state for {@code n} coordinates. */
    S init(int n);

    /**
     * Writes the update u for {@code gradient} into {@code update} and advances {@code state}.
     * {@code gradient} is not modified. Arrays have length n; {@code update} may not alias {@code gradient}.
     */
    void update(float[] gradient, S state, float[] update);
}
