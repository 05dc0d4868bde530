package org.l2l4j.meta.train;

/**
 * What one unroll of K steps produced: the meta-loss Σ<sub>t</sub> f(θ<sub>t</sub>; B<sub>t</sub>) over
 * its K steps and the loss after its last step.
 */
record UnrollResult(int steps, double metaLoss, double lastLoss) {

    boolean finite() {
        return Double.isFinite(metaLoss) && Double.isFinite(lastLoss);
    }
}
