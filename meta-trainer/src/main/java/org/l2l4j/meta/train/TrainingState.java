package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;

/**
 * Everything meta-training carries from one epoch to the next, and so everything a checkpoint must hold
 * for a resumed run to continue exactly where an uninterrupted one would: the optimizer's weights φ, the
 * meta-optimizer's state, the epochs done, the best weights by validation and the validation history,
 * and the counters behind the progress lines.
 *
 * <p>There is no random generator state: every random draw of epoch e comes from a stream that is a
 * function of (seed, e) alone ({@link MetaTrainer#epochRandom}), and the initial weights from the seed.
 *
 * <p>Only {@link MetaTrainer} (and the unroll benchmark, which runs its meta-steps) advances a state,
 * through the methods below; between epochs (in the epoch listener) it is consistent and
 * {@link TrainingCheckpoint} may save it through the accessors, and rebuild it with {@link #restored}.
 */
public final class TrainingState {

    /** One validation: after {@code epoch} epochs, the mean meta-loss on the held-out seeds was {@code loss}. */
    public record Validation(int epoch, double loss) {
    }

    /** The counters of a saved state: epochs done, meta-steps taken and skipped, unrolls run, seconds spent. */
    record Progress(int epoch, int metaSteps, int skippedSteps, long unrolls, double seconds) {
    }

    private final LstmConfig config;
    private final float[] phi;
    private final MetaOptimizer<?> metaOptimizer;
    private int metaSteps;
    private int epoch;
    private LstmWeights best;
    private double bestValidationLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private final List<Validation> validations = new ArrayList<>();
    private int skippedSteps;
    private long unrolls;
    private double seconds;

    private TrainingState(MetaTrainingSettings settings, float[] phi) {
        this.config = settings.lstm();
        this.phi = phi;
        this.metaOptimizer = MetaOptimizer.start(Baselines.adam(settings.schedule().metaLearningRate()), phi.length);
        this.best = LstmWeights.of(config, phi);
    }

    /** Epoch 0 of a run with {@code settings}: initial weights drawn from the seed, a fresh meta-optimizer. */
    public static TrainingState start(MetaTrainingSettings settings) {
        long weightSeed = new SplittableRandom(settings.estimator().seed()).nextLong();
        return new TrainingState(settings, LstmWeights.initial(settings.lstm(), weightSeed).values());
    }

    /**
     * A saved state of a run with {@code settings}; the best validation is the first lowest of
     * {@code validations}.
     *
     * @throws IllegalArgumentException if the meta-optimizer's saved state does not fit it (naming the array)
     */
    static TrainingState restored(MetaTrainingSettings settings, Progress progress, float[] weights,
                                  Map<String, float[]> metaOptimizerArrays, int metaOptimizerSteps,
                                  float[] bestWeights, List<Validation> validations) {
        TrainingState state = new TrainingState(settings, weights.clone());
        state.metaOptimizer.restore(metaOptimizerArrays, metaOptimizerSteps);
        state.epoch = progress.epoch();
        state.metaSteps = progress.metaSteps();
        state.skippedSteps = progress.skippedSteps();
        state.unrolls = progress.unrolls();
        state.seconds = progress.seconds();
        for (Validation v : validations) {
            state.recordValidation(v.epoch(), v.loss());
        }
        state.best = LstmWeights.of(settings.lstm(), bestWeights);
        return state;
    }

    /** φ itself, for the estimator to read; it changes only by {@link #metaStep}. */
    float[] metaParameters() {
        return phi;
    }

    /** One meta-optimizer step on φ with {@code metaGradient}, its update scaled by {@code learningRateFactor}. */
    void metaStep(float[] metaGradient, float learningRateFactor) {
        metaOptimizer.step(metaGradient, phi, learningRateFactor);
        metaSteps++;
    }

    void countUnroll() {
        unrolls++;
    }

    /** A meta-step skipped because an unroll's loss or meta-gradient was not finite. */
    void skipMetaStep() {
        skippedSteps++;
    }

    /** Records the validation after {@code epoch}; returns whether it is the best so far (then φ is kept as the best). */
    boolean recordValidation(int epoch, double loss) {
        validations.add(new Validation(epoch, loss));
        if (loss < bestValidationLoss) {
            bestValidationLoss = loss;
            bestEpoch = epoch;
            best = weights();
            return true;
        }
        return false;
    }

    /** Keeps the current weights as the best: the result of a run without validation. */
    void keepCurrentAsBest() {
        best = weights();
    }

    /** Epoch {@code epoch} is done, {@code seconds} spent in the run so far. */
    void finishEpoch(int epoch, double seconds) {
        this.epoch = epoch;
        this.seconds = seconds;
    }

    /** Epochs completed. */
    public int epoch() {
        return epoch;
    }

    /** The current weights φ. */
    public LstmWeights weights() {
        return LstmWeights.of(config, phi);
    }

    /** The best weights by validation so far (the initial ones before the first validation). */
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

    /** Meta-steps taken. */
    public int metaSteps() {
        return metaSteps;
    }

    /** Unrolls run, one per trajectory and meta-step, skipped ones included. */
    long unrolls() {
        return unrolls;
    }

    /** Seconds spent in training so far, over every resumption. */
    double seconds() {
        return seconds;
    }

    /** The meta-optimizer's name ({@code adam}). */
    String metaOptimizerName() {
        return metaOptimizer.name();
    }

    /** Copies of the meta-optimizer's state arrays by name. */
    Map<String, float[]> metaOptimizerArrays() {
        return metaOptimizer.arrays();
    }

    /** The meta-optimizer state's step count. */
    int metaOptimizerSteps() {
        return metaOptimizer.steps();
    }
}
