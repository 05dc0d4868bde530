package org.l2l4j.bench;

import org.l2l4j.core.ForwardingOptimizee;
import org.l2l4j.core.Optimizee;

/**
 * An optimizee that adds the wall time of each loss-and-gradient call to its {@link TimedProblem}; otherwise the
 * same. Its concurrent evaluator is not timed: it runs in another thread while a timed call runs in this one.
 */
final class TimedOptimizee extends ForwardingOptimizee<Optimizee> {

    private final TimedProblem clock;

    TimedOptimizee(Optimizee optimizee, TimedProblem clock) {
        super(optimizee);
        this.clock = clock;
    }

    @Override
    public double lossAndGradient(float[] theta, float[] gradient) {
        long start = System.nanoTime();
        double loss = delegate().lossAndGradient(theta, gradient);
        clock.add(System.nanoTime() - start);
        return loss;
    }

    @Override
    public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        long start = System.nanoTime();
        double loss = delegate().lossAndGradientOnBatch(batch, theta, gradient);
        clock.add(System.nanoTime() - start);
        return loss;
    }
}
