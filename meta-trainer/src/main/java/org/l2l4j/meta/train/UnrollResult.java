package org.l2l4j.meta.train;

import java.io.Serializable;

/**
 * What one unroll of K steps produced: the meta-loss, the {@link MetaObjective}'s terms summed over its
 * K steps, and the loss f(θ<sub>K</sub>; B<sub>K</sub>) after its last step. Serializable: a cluster
 * sends it back from the machine that ran the unroll.
 */
public record UnrollResult(int steps, double metaLoss, double lastLoss) implements Serializable {

    /** Whether both losses are finite (else the meta-step is skipped). */
    public boolean finite() {
        return Double.isFinite(metaLoss) && Double.isFinite(lastLoss);
    }
}
