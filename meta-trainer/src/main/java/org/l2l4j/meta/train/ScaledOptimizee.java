package org.l2l4j.meta.train;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.l2l4j.core.BatchGradient;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.TestMetrics;

/**
 * Random scaling of an optimizee's parameters (Lv, Chen and Wang 2017, "Learning gradient descent:
 * better generalization and longer horizons"): the optimizer trains g(φ) = f(c ⊙ φ) with a fixed
 * random c<sub>i</sub> = exp(U(−s, s)) per coordinate, so gradients and good step sizes vary in scale
 * from trajectory to trajectory and the learned rule cannot overfit to one scale. Starting point
 * φ<sub>0</sub> = θ<sub>0</sub> / c, so the loss curve starts where f's does; ∇g(φ) = c ⊙ ∇f(c ⊙ φ).
 * Used during meta-training only.
 */
final class ScaledOptimizee implements Optimizee {

    private final Optimizee inner;
    private final float[] scale;
    private final float[] theta;
    /** {@link #concurrentBatchGradient()}'s answer, made on its first call; null before. */
    private Optional<BatchGradient> concurrent;

    ScaledOptimizee(Optimizee inner, double logRange, long seed) {
        if (!(logRange > 0 && Double.isFinite(logRange))) {
            throw new IllegalArgumentException("random scale range must be finite and > 0, got " + logRange);
        }
        this.inner = inner;
        this.scale = new float[inner.dimension()];
        this.theta = new float[inner.dimension()];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < scale.length; i++) {
            scale[i] = (float) Math.exp(rng.nextDouble(-logRange, logRange));
        }
    }

    @Override
    public int dimension() {
        return scale.length;
    }

    @Override
    public float[] initialParameters() {
        float[] phi = inner.initialParameters();
        for (int i = 0; i < phi.length; i++) {
            phi[i] /= scale[i];
        }
        return phi;
    }

    @Override
    public double lossAndGradient(float[] phi, float[] gradient) {
        double loss = inner.lossAndGradient(unscaled(phi, theta), gradient);
        scaleGradient(gradient);
        return loss;
    }

    /** ∇g(φ) = c ⊙ ∇f(c ⊙ φ), in place. */
    private void scaleGradient(float[] gradient) {
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] *= scale[i];
        }
    }

    @Override
    public double lossAndGradientOnBatch(long batch, float[] phi, float[] gradient) {
        double loss = inner.lossAndGradientOnBatch(batch, unscaled(phi, theta), gradient);
        scaleGradient(gradient);
        return loss;
    }

    /** The inner optimizee's second evaluator, rescaled the same way through a scratch array of its own. */
    @Override
    public Optional<BatchGradient> concurrentBatchGradient() {
        if (concurrent == null) {
            concurrent = inner.concurrentBatchGradient().map(second -> {
                float[] scratch = new float[scale.length];
                return (batch, phi, gradient) -> {
                    double loss = second.lossAndGradientOnBatch(batch, unscaled(phi, scratch), gradient);
                    scaleGradient(gradient);
                    return loss;
                };
            });
        }
        return concurrent;
    }

    @Override
    public OptionalDouble trainingLoss(float[] phi) {
        return inner.trainingLoss(unscaled(phi, theta));
    }

    @Override
    public Optional<TestMetrics> testMetrics(float[] phi) {
        return inner.testMetrics(unscaled(phi, theta));
    }

    /** θ = c ⊙ φ, in {@code into}. */
    private float[] unscaled(float[] phi, float[] into) {
        for (int i = 0; i < phi.length; i++) {
            into[i] = scale[i] * phi[i];
        }
        return into;
    }
}
