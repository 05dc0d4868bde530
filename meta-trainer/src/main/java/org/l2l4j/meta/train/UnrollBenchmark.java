package org.l2l4j.meta.train;

import java.util.List;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmLearnedOptimizer;
import org.l2l4j.lstm.LstmState;

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

    private final MetaTrainingStep<LstmState> metaStep;
    private final TrainingState state;
    private int epoch;
    private List<TruncatedStep<LstmState>> batch;

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
        this.metaStep = new MetaTrainingStep<>(problem, settings, new LstmLearnedOptimizer(settings.lstm(), kernel));
        this.state = TrainingState.start(settings);
    }

    /** Samples the next epoch's optimizee (and computes its first gradient) when no unroll of the current trajectory is left. */
    public void startTrajectoryIfDone() {
        if (batch == null || batch.get(0).remaining() == 0) {
            epoch++;
            batch = metaStep.startEpoch(epoch);
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
        if (batch == null || batch.get(0).remaining() == 0) {
            throw new IllegalStateException("no unroll left in the current trajectory; call startTrajectoryIfDone() first");
        }
        MetaTrainingStep.Outcome outcome = metaStep.step(batch, state, epoch);
        if (!outcome.taken()) {
            batch = null;
        }
        return outcome.unrolls().get(0).metaLoss();
    }

    /** Peak bytes held for BPTT so far (the scheme's counted buffers plus the stored gradients). */
    public long peakBytes() {
        return metaStep.peakBytes();
    }
}
