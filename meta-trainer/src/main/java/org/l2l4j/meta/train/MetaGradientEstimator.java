package org.l2l4j.meta.train;

import org.l2l4j.lstm.LstmWeights;

/** Estimates the gradient of one unroll's meta-loss with respect to the optimizer's weights φ. */
interface MetaGradientEstimator {

    /**
     * Advances {@code trajectory} by {@code steps} updates of the optimizer with weights {@code weights}
     * and adds ∂L/∂φ of this unroll's meta-loss L into {@code metaGradient} (flat, same layout as
     * {@link LstmWeights#values()}).
     */
    UnrollResult unroll(LstmWeights weights, TruncatedTrajectory trajectory, int steps, float[] metaGradient);
}
