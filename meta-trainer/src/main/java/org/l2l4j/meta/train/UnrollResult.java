package org.l2l4j.meta.train;

/**
 * What one unroll of K steps produced: the meta-loss, the {@link MetaObjective}'s terms summed over its
 * K steps, and the loss f(θ<sub>K</sub>; B<sub>K</sub>) after its last step.
 */
record UnrollResult(int steps, double metaLoss, double lastLoss) {

    boolean finite() {
        return Double.isFinite(metaLoss) && Double.isFinite(lastLoss);
    }
}
