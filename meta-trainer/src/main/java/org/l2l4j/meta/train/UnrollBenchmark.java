package org.l2l4j.meta.train;

import java.util.Arrays;
import org.l2l4j.baselines.FlatAdam;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmWeights;

/**
 * One meta-training unroll exactly as {@link MetaTrainer} runs it, exposed so that it can be timed:
 * K steps of the learned optimizer on an optimizee, the settings' BPTT meta-gradient with their
 * checkpointing, and one Adam step on φ. θ, the last gradient and the LSTM state carry over
 * between unrolls; a trajectory of T steps ends after T/K unrolls, and {@link #startTrajectoryIfDone}
 * then samples a fresh optimizee, outside the region a benchmark times.
 *
 * Trajectory e draws its optimizee as epoch e of training does.
 *
 * <p>Validation, reporting and the epoch loop are not part of an unroll and are left out. It times the
 * default meta-step: one optimizee per meta-step, no random scaling, the initial meta learning rate.
 */
public final class UnrollBenchmark {

    private final Problem problem;
    private final MetaTrainingSettings settings;
    private int epoch;
    private final LstmWeights weights;
    private final UnrolledBptt estimator;
    private final MetaTrainer.MetaStep metaStep;
    private final float[] metaGradient;
    private TruncatedTrajectory trajectory;

    /**
     * Weights and optimizee seeds come from {@code settings.estimator().seed()}, as in {@link MetaTrainer}.
     *
     * @throws IllegalArgumentException if the settings average several optimizees per meta-step or
     *                                  rescale them randomly
     */
    public UnrollBenchmark(Problem problem, MetaTrainingSettings settings, LstmKernel kernel) {
        if (settings.estimator().optimizeesPerStep() != 1 || settings.estimator().randomScale() != 0) {
            throw new IllegalArgumentException("the unroll benchmark times one unscaled optimizee per meta-step, got "
                    + settings.estimator().optimizeesPerStep() + " optimizees per step and random scale " + settings.estimator().randomScale());
        }
        this.problem = problem;
        this.settings = settings;
        TrainingState state = TrainingState.start(settings);
        this.weights = state.weights;
        this.estimator = new UnrolledBptt(kernel, settings.compute().memory(), settings.estimator().objective(),
                settings.estimator().metaGradient());
        this.metaStep = new MetaTrainer.MetaStep(new FlatAdam(settings.schedule().metaLearningRate()), state);
        this.metaGradient = new float[weights.values().length];
    }

    /** Samples a fresh optimizee (and computes its first gradient) when no unroll of the current trajectory is left. */
    public void startTrajectoryIfDone() {
        if (trajectory == null || trajectory.remaining() == 0) {
            epoch++;
            trajectory = new TruncatedTrajectory(
                    problem.sample(SeedRange.trainingSeed(MetaTrainer.epochRandom(settings.estimator().seed(), epoch))),
                    settings.lstm(), settings.trajectory().steps());
        }
    }

    /**
     * Runs the next unroll of min(K, steps left) steps and the meta step on φ; returns the unroll's
     * meta-loss. A non-finite meta-loss or meta-gradient skips the meta step and ends the trajectory,
     * as in training.
     *
     * @throws IllegalStateException if no trajectory is in progress ({@link #startTrajectoryIfDone} first)
     */
    public double unroll() {
        if (trajectory == null || trajectory.remaining() == 0) {
            throw new IllegalStateException("no unroll left in the current trajectory; call startTrajectoryIfDone() first");
        }
        Arrays.fill(metaGradient, 0f);
        UnrollResult result = estimator.unroll(weights, trajectory, Math.min(settings.trajectory().unroll(), trajectory.remaining()),
                metaGradient);
        if (!result.finite() || !MetaTrainer.allFinite(metaGradient)) {
            trajectory = null;
            return result.metaLoss();
        }
        MetaTrainer.clip(metaGradient, settings.schedule().clipNorm());
        metaStep.apply(metaGradient, weights.values(), 1f);
        return result.metaLoss();
    }

    /** Peak bytes held for BPTT so far (the scheme's counted buffers plus the stored gradients). */
    public long peakBytes() {
        return estimator.peakBytes();
    }
}
