package org.l2l4j.meta.train;

import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmWeights;

/**
 * One meta-training unroll exactly as {@link MetaTrainer} runs it, exposed so that it can be timed: the
 * same {@link MetaTrainingStep} (K steps of the learned optimizer on an optimizee, the settings' BPTT
 * meta-gradient with their checkpointing, one meta-optimizer step on φ). θ, the last gradient and the
 * LSTM state carry over between unrolls; a trajectory of T steps ends after T/K unrolls, and
 * {@link #startTrajectoryIfDone} then starts the next epoch's, outside the region a benchmark times.
 *
 * <p>Validation, reporting and the epoch loop are not part of an unroll and are left out. It times the
 * default meta-step: one optimizee per meta-step, no random scaling.
 */
public final class UnrollBenchmark {

    private final LocalMetaBatch batch;
    private final MetaTrainingStep metaStep;
    private final TrainingState<LstmWeights> state;
    private int epoch;

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
        this.batch = new LocalMetaBatch(MetaBatchShard.lstm(problem, settings, kernel));
        this.metaStep = new MetaTrainingStep(settings, batch, problem);
        this.state = TrainingState.start(settings);
    }

    /** Samples the next epoch's optimizee (and computes its first gradient) when no unroll of the current trajectory is left. */
    public void startTrajectoryIfDone() {
        if (metaStep.remaining() == 0) {
            epoch++;
            metaStep.startEpoch(epoch);
        }
    }

    /**
     * Runs the next unroll of min(K, steps left) steps and the meta-step on φ; returns the unroll's
     * meta-loss. A non-finite meta-loss or meta-gradient skips the meta-step and ends the trajectory,
     * as in training.
     *
     * @throws IllegalStateException if no trajectory is in progress ({@link #startTrajectoryIfDone} first)
     */
    public double unroll() {
        if (metaStep.remaining() == 0) {
            throw new IllegalStateException("no unroll left in the current trajectory; call startTrajectoryIfDone() first");
        }
        return metaStep.step(state, epoch).unrolls().get(0).metaLoss();
    }

    /** Peak bytes held for BPTT so far (the scheme's counted buffers plus the stored gradients). */
    public long peakBytes() {
        return batch.peakBytes();
    }
}
