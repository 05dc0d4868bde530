package org.l2l4j.core;

import java.util.List;

/**
 * A few-shot task (Finn et al. 2017): an {@link Optimizee} whose minibatches come from a small support
 * set, the data a learner adapts on, plus a query set from the same task that scores the adapted
 * parameters. Few-shot meta-learning minimises the query loss after the inner steps on the support set.
 * {@link #testMetrics} of an episode is its query loss.
 */
public interface Episode extends Optimizee {

    /**
     * The mean loss of θ on the query set; writes its gradient into {@code gradientOrNull} unless null.
     * Draws nothing, so the support minibatch sequence is unchanged.
     */
    double queryLoss(float[] theta, float[] gradientOrNull);

    /**
     * θ's blocks as a DL4J network of the same architecture names them in its {@code paramTable()}, in
     * {@code params()} order, each "key:shape" ({@code "0_W:1x40"}): what a learned initialisation's file records
     * so that loading it into a network checks the architecture, not only the parameter count.
     */
    List<String> parameterLayout();
}
