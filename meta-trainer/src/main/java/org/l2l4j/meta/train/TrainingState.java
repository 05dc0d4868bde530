package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.l2l4j.lstm.LstmWeights;

/**
 * Everything meta-training carries from one epoch to the next, and so everything a checkpoint must hold
 * for a resumed run to continue exactly where an uninterrupted one would: the optimizer's weights φ, the
 * meta-optimizer's Adam moments and step count, the epochs done, the best weights by validation and the
 * validation history, and the counters behind the progress lines.
 *
 * <p>There is no random generator state: every random draw of epoch e comes from a stream that is a
 * function of (seed, e) alone ({@link MetaTrainer#epochRandom}), and the initial weights from the seed.
 *
 * <p>{@link MetaTrainer#train(TrainingState, java.util.function.Consumer)} advances a state in place;
 * between epochs (in the epoch listener) it is consistent and may be saved with {@link TrainingCheckpoint}.
 */
public final class TrainingState {

    /** One validation: after {@code epoch} epochs, the mean meta-loss on the held-out seeds was {@code loss}. */
    public record Validation(int epoch, double loss) {
    }

    final LstmWeights weights;
    final float[] adamMean;
    final float[] adamMeanSquare;
    int metaSteps;
    int epoch;
    LstmWeights best;
    double bestValidationLoss = Double.POSITIVE_INFINITY;
    int bestEpoch;
    final List<Validation> validations = new ArrayList<>();
    int skippedSteps;
    long unrolls;
    double seconds;

    TrainingState(LstmWeights weights, float[] adamMean, float[] adamMeanSquare) {
        this.weights = weights;
        this.adamMean = adamMean;
        this.adamMeanSquare = adamMeanSquare;
        this.best = weights.copy();
    }

    /** Epoch 0 of a run with {@code settings}: initial weights drawn from the seed, zero Adam moments. */
    public static TrainingState start(MetaTrainingSettings settings) {
        long weightSeed = new SplittableRandom(settings.estimator().seed()).nextLong();
        LstmWeights weights = LstmWeights.initial(settings.lstm(), weightSeed);
        int n = weights.values().length;
        return new TrainingState(weights, new float[n], new float[n]);
    }

    /** Epochs completed. */
    public int epoch() {
        return epoch;
    }

    /** A copy of the current weights φ. */
    public LstmWeights weights() {
        return weights.copy();
    }

    /** The best weights by validation so far (the initial ones before the first validation); not a copy, do not modify. */
    public LstmWeights best() {
        return best;
    }

    /** The best validation loss so far; +Inf before the first validation. */
    public double bestValidationLoss() {
        return bestValidationLoss;
    }

    /** The epoch of the best validation; 0 before the first. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public List<Validation> validations() {
        return Collections.unmodifiableList(validations);
    }

    /** Meta-steps skipped because the unroll's loss or meta-gradient was not finite. */
    public int skippedSteps() {
        return skippedSteps;
    }

    /** Meta-steps taken (Adam's step count). */
    public int metaSteps() {
        return metaSteps;
    }
}
