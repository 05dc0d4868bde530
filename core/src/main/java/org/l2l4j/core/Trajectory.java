package org.l2l4j.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The loss curve of one training run: {@code loss(t)} = f(θ<sub>t</sub>; B<sub>t</sub>) for
 * t = 0..steps, the loss on the minibatch whose gradient drives the next update, and the final
 * parameters' loss on all training data, f(θ<sub>T</sub>; D), where the optimizee can measure it, and
 * their loss and accuracy on the held-out test split, where it has one and the run was asked to measure them.
 *
 * <p>A run whose loss stops being finite is <em>diverged</em>: the curve keeps the steps up to and
 * including the first non-finite loss and the rest is {@code +Inf}, so it is reported, not dropped.
 *
 * @param losses            f(θ<sub>t</sub>; B<sub>t</sub>) for t = 0..steps
 * @param finalTrainingLoss f(θ<sub>T</sub>; D) ({@link Optimizee#trainingLoss}); empty if the optimizee
 *                          cannot measure it or the run diverged first
 * @param finalTestMetrics  θ<sub>T</sub>'s {@link Optimizee#testMetrics}; empty if not measured, the optimizee
 *                          has no test split or the run diverged first
 */
public record Trajectory(double[] losses, OptionalDouble finalTrainingLoss, Optional<TestMetrics> finalTestMetrics) {

    public Trajectory {
        if (losses.length == 0) {
            throw new IllegalArgumentException("a trajectory has at least the initial loss");
        }
        losses = losses.clone();
        Objects.requireNonNull(finalTrainingLoss, "finalTrainingLoss");
        Objects.requireNonNull(finalTestMetrics, "finalTestMetrics");
    }

    /** A curve without test metrics. */
    public Trajectory(double[] losses, OptionalDouble finalTrainingLoss) {
        this(losses, finalTrainingLoss, Optional.empty());
    }

    /** A curve without a training-loss measurement. */
    public Trajectory(double[] losses) {
        this(losses, OptionalDouble.empty());
    }

    /** Number of updates made: {@code losses.length - 1}. */
    public int steps() {
        return losses.length - 1;
    }

    public double loss(int t) {
        return losses[t];
    }

    public double finalLoss() {
        return losses[losses.length - 1];
    }

    /**
     * The loss at the last step that optimizers are ranked by: f(θ<sub>T</sub>; D) where it was measured,
     * since one minibatch's sampling noise is not the optimizer's doing, else f(θ<sub>T</sub>; B<sub>T</sub>).
     */
    public double finalScore() {
        return finalTrainingLoss.orElse(finalLoss());
    }

    /**
     * This run reduced to its final loss and final measurements, for callers that only rank runs: the curve's
     * memory is freed, {@link #steps()} is 0, and {@link #finalScore()} and {@link #diverged()} are this run's.
     */
    public Trajectory finalOnly() {
        return new Trajectory(new double[] {finalLoss()}, finalTrainingLoss, finalTestMetrics);
    }

    /** True if the curve or the final training loss stopped being finite. */
    public boolean diverged() {
        return !Double.isFinite(finalLoss()) || !Double.isFinite(finalScore());
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    /**
     * Trains {@code optimizee} with {@code optimizer} for {@code steps} updates, starting from
     * θ<sub>0</sub>, then measures the final training loss. Stops early, marking the rest of the curve
     * {@code +Inf}, once the loss is not finite.
     */
    public static <S> Trajectory run(Optimizee optimizee, Optimizer<S> optimizer, int steps) {
        return run(optimizee, optimizer, steps, false);
    }

    /**
     * {@link #run(Optimizee, Optimizer, int)}, and with {@code measureTest} also the final parameters'
     * {@link Optimizee#testMetrics}: what an evaluation reports. Runs that only rank (learning-rate
     * search, validation) skip it, as it costs a pass over the test split and changes no ranking.
     */
    public static <S> Trajectory run(Optimizee optimizee, Optimizer<S> optimizer, int steps, boolean measureTest) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        int n = optimizee.dimension();
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[n];
        float[] update = new float[n];
        S state = optimizer.init(n);
        double[] losses = new double[steps + 1];
        losses[0] = optimizee.lossAndGradient(theta, gradient);
        for (int t = 1; t <= steps; t++) {
            if (!Double.isFinite(losses[t - 1])) {
                Arrays.fill(losses, t, steps + 1, Double.POSITIVE_INFINITY);
                losses[t - 1] = Double.POSITIVE_INFINITY;
                break;
            }
            optimizer.update(gradient, state, update);
            for (int i = 0; i < n; i++) {
                theta[i] += update[i];
            }
            losses[t] = optimizee.lossAndGradient(theta, gradient);
        }
        if (!Double.isFinite(losses[steps])) {
            losses[steps] = Double.POSITIVE_INFINITY;
            return new Trajectory(losses);
        }
        OptionalDouble trainingLoss = optimizee.trainingLoss(theta);
        return new Trajectory(losses, trainingLoss, measureTest ? optimizee.testMetrics(theta) : Optional.empty());
    }
}
