package org.l2l4j.bench;

import java.util.Optional;
import java.util.OptionalDouble;
import org.l2l4j.core.BatchGradient;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.TestMetrics;

/** An optimizee that adds the wall time of each loss-and-gradient call to its {@link TimedProblem}; otherwise the same. */
final class TimedOptimizee implements Optimizee {

    private final Optimizee optimizee;
    private final TimedProblem clock;

    TimedOptimizee(Optimizee optimizee, TimedProblem clock) {
        this.optimizee = optimizee;
        this.clock = clock;
    }

    @Override
    public int dimension() {
        return optimizee.dimension();
    }

    @Override
    public float[] initialParameters() {
        return optimizee.initialParameters();
    }

    @Override
    public double lossAndGradient(float[] theta, float[] gradient) {
        long start = System.nanoTime();
        double loss = optimizee.lossAndGradient(theta, gradient);
        clock.add(System.nanoTime() - start);
        return loss;
    }

    @Override
    public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        long start = System.nanoTime();
        double loss = optimizee.lossAndGradientOnBatch(batch, theta, gradient);
        clock.add(System.nanoTime() - start);
        return loss;
    }

    /** Not timed: it runs in another thread while a timed call runs in this one. */
    @Override
    public Optional<BatchGradient> concurrentBatchGradient() {
        return optimizee.concurrentBatchGradient();
    }

    @Override
    public OptionalDouble trainingLoss(float[] theta) {
        return optimizee.trainingLoss(theta);
    }

    @Override
    public Optional<TestMetrics> testMetrics(float[] theta) {
        return optimizee.testMetrics(theta);
    }
}
