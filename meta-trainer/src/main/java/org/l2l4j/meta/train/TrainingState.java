package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SavableState;
import org.l2l4j.lstm.LstmWeights;

/**
 * Everything meta-training carries from one epoch to the next, and so everything a checkpoint must hold
 * for a resumed run to continue exactly where an uninterrupted one would: the meta-parameters (the LSTM
 * optimizer's weights φ for {@link MetaTrainer}; [φ; θ<sub>0</sub>] for {@link LearnedInitTrainer}), the
 * meta-optimizer's state, the epochs done, the best meta-parameters by validation and the validation
 * history, the counters behind the progress lines, a mixture's validation baseline (tuned before the
 * first epoch; tuning it again on resumption would give the same rates, only slower), and the moving
 * average of the meta-parameters when there is one.
 *
 * <p>The average (decay β in (0, 1)) is the exponential moving average of the meta-parameters after each
 * meta-step taken, without the bias of a start at zero: s ← β·s + (1 − β)·φ from s = 0, read as
 * s / (1 − β<sup>t</sup>) after t steps, so that every weight of it is on iterates of training (Adam's
 * correction of its moments). Meta-steps on a noisy meta-gradient make φ wander around the region it
 * is descending to; validation scores, and the run keeps, the average over the last ~1/(1 − β) steps,
 * which sits nearer that region's centre than any one iterate ({@link #validated}).
 *
 * <p>There is no random generator state: every random draw of epoch e comes from a stream that is a
 * function of (seed, e) alone ({@link MetaTrainer#epochRandom}), and the initial meta-parameters from the seed.
 *
 * <p>Only the trainers (and the unroll benchmark, which runs meta-steps) advance a state, through the
 * methods below; between epochs (in the epoch listener) it is consistent and {@link TrainingCheckpoint}
 * may save it through the accessors, and rebuild it with {@link #restore}.
 *
 * @param <W> what the meta-parameters are to the trainer ({@link LstmWeights}; the floats of [φ; θ<sub>0</sub>])
 */
public final class TrainingState<W> {

    /** One validation: after {@code epoch} epochs, the mean meta-loss on the held-out seeds was {@code loss}. */
    public record Validation(int epoch, double loss) {
    }

    /** The counters of a saved state: epochs done, meta-steps taken and skipped, unrolls run, seconds spent. */
    record Progress(int epoch, int metaSteps, int skippedSteps, long unrolls, double seconds) {
    }

    private final Function<float[], W> view;
    private final float[] metaParameters;
    private final MetaOptimizer<?> metaOptimizer;
    private final float averageDecay;
    private final float[] averageSum;
    private int metaSteps;
    private int epoch;
    private float[] best;
    private double bestValidationLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private final List<Validation> validations = new ArrayList<>();
    private int skippedSteps;
    private long unrolls;
    private double seconds;
    private List<Double> validationBaseline = List.of();

    private TrainingState(float[] initial, MetaOptimizer<?> metaOptimizer, double averageDecay,
                          Function<float[], W> view) {
        this.view = view;
        this.metaParameters = initial;
        this.metaOptimizer = metaOptimizer;
        this.averageDecay = (float) averageDecay;
        this.averageSum = averageDecay > 0 ? new float[initial.length] : null;
        this.best = initial.clone();
    }

    /**
     * Epoch 0 of a run from {@code initial} meta-parameters (taken, not copied), stepped by {@code metaRule}
     * from its initial state, validated on their moving average of decay {@code averageDecay} (in [0, 1), as
     * {@link ScheduleSettings} checks; 0 = on the meta-parameters themselves), seen by the trainer through
     * {@code view} (which copies).
     */
    static <W> TrainingState<W> start(float[] initial, Optimizer<? extends SavableState> metaRule, double averageDecay,
                                      Function<float[], W> view) {
        return new TrainingState<>(initial, MetaOptimizer.start(metaRule, initial.length), averageDecay, view);
    }

    /** Epoch 0 of a run with {@code settings}: initial weights drawn from the seed, a fresh meta-optimizer (Adam). */
    public static TrainingState<LstmWeights> start(MetaTrainingSettings settings) {
        long weightSeed = new SplittableRandom(settings.estimator().seed()).nextLong();
        return start(LstmWeights.initial(settings.lstm(), weightSeed).values(),
                Baselines.adam(settings.schedule().metaLearningRate()), settings.schedule().averageDecay(),
                values -> LstmWeights.of(settings.lstm(), values));
    }

    /**
     * Sets this fresh state to a saved one; the best validation is the first lowest of {@code validations}.
     * Returns this.
     *
     * @throws IllegalArgumentException if the meta-optimizer's saved state does not fit it (naming the array)
     */
    TrainingState<W> restore(Progress progress, float[] weights, Map<String, float[]> metaOptimizerArrays,
                             int metaOptimizerSteps, float[] averageSum, float[] bestWeights,
                             List<Validation> validations) {
        System.arraycopy(weights, 0, metaParameters, 0, metaParameters.length);
        if (this.averageSum != null) { // the settings matched, so a run that keeps an average was given one
            System.arraycopy(averageSum, 0, this.averageSum, 0, this.averageSum.length);
        }
        metaOptimizer.restore(metaOptimizerArrays, metaOptimizerSteps);
        epoch = progress.epoch();
        metaSteps = progress.metaSteps();
        skippedSteps = progress.skippedSteps();
        unrolls = progress.unrolls();
        seconds = progress.seconds();
        for (Validation v : validations) {
            recordValidation(v.epoch(), v.loss());
        }
        best = bestWeights.clone();
        return this;
    }

    /** The meta-parameters themselves, for the estimator to read; they change only by {@link #stepIfFinite}. */
    float[] metaParameters() {
        return metaParameters;
    }

    /**
     * One meta-optimizer step on the meta-parameters with {@code metaGradient}, its update scaled by
     * {@code learningRateFactor}, unless the loss behind it was not finite ({@code lossFinite} false) or the
     * meta-gradient is not: that skips the meta-step (counted) and leaves the meta-parameters as they are.
     * Returns whether it stepped.
     */
    boolean stepIfFinite(boolean lossFinite, float[] metaGradient, float learningRateFactor) {
        if (!lossFinite || !allFinite(metaGradient)) {
            skippedSteps++;
            return false;
        }
        metaOptimizer.step(metaGradient, metaParameters, learningRateFactor);
        metaSteps++;
        if (averageSum != null) {
            for (int i = 0; i < averageSum.length; i++) {
                averageSum[i] = averageDecay * averageSum[i] + (1 - averageDecay) * metaParameters[i];
            }
        }
        return true;
    }

    /**
     * The meta-parameters validation scores and the run keeps: their moving average when the run keeps one
     * and has taken a meta-step, else the meta-parameters themselves; a copy.
     */
    float[] validated() {
        if (averageSum == null || metaSteps == 0) {
            return metaParameters.clone();
        }
        float correction = (float) (1 - Math.pow(averageDecay, metaSteps));
        float[] average = new float[averageSum.length];
        for (int i = 0; i < average.length; i++) {
            average[i] = averageSum[i] / correction;
        }
        return average;
    }

    /** The moving average's bias-uncorrected sum s, a copy, for a checkpoint; null when the run keeps none. */
    float[] averageSum() {
        return averageSum == null ? null : averageSum.clone();
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** One more unroll (one task's, for a learned initialisation) was run. */
    void countUnroll() {
        unrolls++;
    }

    /**
     * Records the validation of {@link #validated} after {@code epoch}; returns whether it is the best so far
     * (then those meta-parameters are kept as the best).
     */
    boolean recordValidation(int epoch, double loss) {
        validations.add(new Validation(epoch, loss));
        if (loss < bestValidationLoss) {
            bestValidationLoss = loss;
            bestEpoch = epoch;
            best = validated();
            return true;
        }
        return false;
    }

    /** Validations since the best one (all of them while none has been finite). */
    int validationsSinceBest() {
        return (int) validations.stream().filter(v -> v.epoch() > bestEpoch).count();
    }

    /** Keeps {@link #validated} as the best: the result of a run without validation. */
    void keepValidatedAsBest() {
        best = validated();
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

    /** The current meta-parameters, a copy. */
    public W weights() {
        return view.apply(metaParameters);
    }

    /** The best meta-parameters by validation so far (the initial ones before the first validation), a copy. */
    public W best() {
        return view.apply(best);
    }

    /** The best meta-parameters as floats, a copy. */
    float[] bestMetaParameters() {
        return best.clone();
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

    /** Unrolls run, one per trajectory (or task) and meta-step, skipped ones included. */
    long unrolls() {
        return unrolls;
    }

    /** Seconds spent in training so far, over every resumption. */
    double seconds() {
        return seconds;
    }

    /**
     * The learning rates of the baseline validation is relative to, one per family of a mixture
     * ({@link FamilyValidation#tuneAdam}); empty until kept, and for a run on one family.
     */
    public List<Double> validationBaseline() {
        return validationBaseline;
    }

    /**
     * Keeps {@code learningRates} as the validation baseline's.
     *
     * @throws IllegalArgumentException if a rate is not finite and positive
     */
    public void keepValidationBaseline(List<Double> learningRates) {
        for (double rate : learningRates) {
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("a learning rate must be finite and positive, got " + rate);
            }
        }
        validationBaseline = List.copyOf(learningRates);
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
