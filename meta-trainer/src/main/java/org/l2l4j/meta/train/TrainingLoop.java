package org.l2l4j.meta.train;

import java.util.List;
import java.util.function.Consumer;

/**
 * The outer loop of meta-training, the one both trainers run ({@link MetaTrainer}: an epoch is one
 * trajectory's unrolls; {@link LearnedInitTrainer}: an epoch is one meta-step on a batch of tasks). From
 * the epoch after the state's up to {@code epochs}: the trainer's own meta-steps ({@link Epoch}, which
 * step the state's meta-parameters or skip a non-finite meta-step through
 * {@link TrainingState#stepIfFinite}); a validation every {@code validateEvery} epochs and after the last
 * (0 = never) of the state's {@link TrainingState#validated} meta-parameters (their moving average, if
 * the run keeps one), keeping the best, and a stop once {@code patience} validations in a row have not
 * improved on it (0 = never), also when a resumed state had already stopped; the epoch's report to the
 * listener, when the state is consistent and may be saved ({@link TrainingCheckpoint}). Without
 * validation the last validated meta-parameters are kept. Elapsed seconds count on from the state's, over
 * every resumption.
 */
final class TrainingLoop {

    /** One epoch's meta-steps, by the trainer's own estimator, on the state. */
    interface Epoch {
        /** Runs epoch {@code epoch} (1-based) and returns its losses. */
        Losses run(int epoch);
    }

    /** An epoch's meta-loss per step and its last loss (for a learned initialisation both its mean query loss). */
    record Losses(double mean, double last) {
    }

    /** The validation score of meta-parameters on held-out tasks, lower is better. */
    interface Validator {
        FamilyValidation.Scores score(float[] metaParameters);
    }

    private TrainingLoop() {
    }

    static void run(TrainingState<?> state, int epochs, int validateEvery, int patience, Epoch epoch,
                    Validator validator, Consumer<EpochReport> onEpoch) {
        long start = System.nanoTime();
        double earlierSeconds = state.seconds();
        for (int e = state.epoch() + 1; e <= epochs && !stopped(state, patience); e++) {
            Losses losses = epoch.run(e);
            FamilyValidation.Scores scores = null;
            boolean improved = false;
            if (validateEvery > 0 && (e % validateEvery == 0 || e == epochs)) {
                scores = validator.score(state.validated());
                improved = state.recordValidation(e, scores.selectionScore());
            }
            state.finishEpoch(e, earlierSeconds + (System.nanoTime() - start) / 1e9);
            onEpoch.accept(new EpochReport(e, epochs, losses.mean(), losses.last(),
                    scores == null ? Double.NaN : scores.selectionScore(), scores == null ? List.of() : scores.byFamily(),
                    improved, e == epochs || stopped(state, patience), state.skippedSteps(), state.seconds(),
                    state.unrolls() / state.seconds()));
        }
        if (validateEvery == 0) {
            state.keepValidatedAsBest();
        }
    }

    private static boolean stopped(TrainingState<?> state, int patience) {
        return patience > 0 && state.validationsSinceBest() >= patience;
    }
}
