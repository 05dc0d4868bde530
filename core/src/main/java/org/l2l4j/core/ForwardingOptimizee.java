package org.l2l4j.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An optimizee that passes every call to another one: extend it and override only the calls to change
 * (to time them, or to fail at one of them). Adds nothing of its own.
 *
 * @param <O> the delegate's type, for subclasses that also call what only it has
 */
public abstract class ForwardingOptimizee<O extends Optimizee> implements Optimizee {

    private final O delegate;

    protected ForwardingOptimizee(O delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The optimizee every call goes to. */
    protected final O delegate() {
        return delegate;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public float[] initialParameters() {
        return delegate.initialParameters();
    }

    @Override
    public double lossAndGradient(float[] theta, float[] gradient) {
        return delegate.lossAndGradient(theta, gradient);
    }

    @Override
    public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        return delegate.lossAndGradientOnBatch(batch, theta, gradient);
    }

    @Override
    public Optional<BatchGradient> concurrentBatchGradient() {
        return delegate.concurrentBatchGradient();
    }

    @Override
    public OptionalDouble trainingLoss(float[] theta) {
        return delegate.trainingLoss(theta);
    }

    @Override
    public Optional<TestMetrics> testMetrics(float[] theta) {
        return delegate.testMetrics(theta);
    }
}
