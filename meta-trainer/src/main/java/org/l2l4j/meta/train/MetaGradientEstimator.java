package org.l2l4j.meta.train;

/**
 * Estimates the gradient of one unroll's meta-loss with respect to a learned optimizer's meta-parameters
 * φ (learned_optimization's {@code GradientEstimator}).
 *
 * @param <S> the learned optimizer's state
 */
interface MetaGradientEstimator<S> {

    /**
     * Advances {@code trajectory} by {@code steps} updates of the learned optimizer at {@code phi} and adds
     * ∂L/∂φ of this unroll's meta-loss L into {@code metaGradient} (φ's layout). With
     * {@code startGradientOrNull} it also writes ∂L/∂θ<sub>s</sub>, the gradient with respect to the
     * parameters the unroll started from (what a learned initialisation θ<sub>0</sub> needs).
     */
    UnrollResult unroll(float[] phi, TruncatedStep<S> trajectory, int steps, float[] metaGradient,
                        float[] startGradientOrNull);

    /** {@link #unroll(float[], TruncatedStep, int, float[], float[])} without ∂L/∂θ<sub>s</sub>. */
    default UnrollResult unroll(float[] phi, TruncatedStep<S> trajectory, int steps, float[] metaGradient) {
        return unroll(phi, trajectory, steps, metaGradient, null);
    }
}
