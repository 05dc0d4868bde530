package org.l2l4j.meta.train;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.ObjDoubleConsumer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.SplitMix64;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmWeights;

/**
 * The outer loop of meta-training. Each epoch samples fresh optimizees and trains them for T steps with
 * the current optimizer, in unrolls of K; after each unroll the optimizer's weights φ take one step of
 * the meta-optimizer (Adam) on the unroll's meta-gradient ({@link MetaTrainingStep}). Every
 * {@code validateEvery} epochs the optimizer is evaluated on held-out seeds and the best weights are kept.
 *
 * <p>A non-finite meta-loss or meta-gradient skips that meta-step (counted), abandons the trajectory,
 * and training goes on; the weights stay finite.
 *
 * <p>Reproducible and resumable: the initial weights come from the seed, and every random draw of an
 * epoch from a stream derived from (seed, epoch) ({@link #epochRandom}); all else that carries over
 * between epochs is in a {@link TrainingState}, which a {@link TrainingCheckpoint} saves. A run resumed
 * from the checkpoint of epoch e therefore computes what the uninterrupted run computes after epoch e.
 * The epoch loop, validation and keep-best are {@link TrainingLoop}'s, shared with {@link LearnedInitTrainer}.
 */
public final class MetaTrainer {

    private final Problem problem;
    private final FamilyValidation validation;
    private final MetaTrainingSettings settings;
    private final LstmKernel kernel;
    private final MetaBatch batch;

    private TrainingState<LstmWeights> state;

    /** Meta-training on {@code problem}, validated on it as one family. */
    public MetaTrainer(Problem problem, MetaTrainingSettings settings, LstmKernel kernel) {
        this(problem, FamilyValidation.single(problem, settings), settings, kernel,
                MetaBatch.local(problem, settings, kernel));
    }

    /**
     * Meta-training on {@code problem} (a mixture, say), validated by {@code validation}, its meta-batches
     * run on {@code batch} (this JVM's, or a cluster's); validation and calibration run here on {@code kernel}.
     */
    public MetaTrainer(Problem problem, FamilyValidation validation, MetaTrainingSettings settings, LstmKernel kernel,
                       MetaBatch batch) {
        this.problem = problem;
        this.validation = validation;
        this.settings = settings;
        this.kernel = kernel;
        this.batch = batch;
    }

    /** The result of a run: the best weights by validation (the last ones when validation is off). */
    public record Result(LstmWeights best, double bestValidationLoss, LstmWeights last, int skippedSteps, double seconds) {
    }

    public Result train(Consumer<EpochReport> onEpoch) {
        return train(TrainingState.start(settings), onEpoch);
    }

    /**
     * Continues {@code state} (from {@link TrainingState#start} or a checkpoint) up to
     * {@code settings.schedule().epochs()} epochs, advancing it in place ({@link TrainingLoop}). {@code onEpoch}
     * runs after every epoch, when the state is consistent and may be saved.
     */
    public Result train(TrainingState<LstmWeights> state, Consumer<EpochReport> onEpoch) {
        this.state = state;
        MetaTrainingStep metaStep = new MetaTrainingStep(settings, batch, problem);
        TrainingLoop.run(state, settings.schedule().epochs(), settings.validation().every(),
                settings.validation().patience(), epoch -> {
            int horizon = metaStep.startEpoch(epoch);
            double lossSum = 0;
            double lastLoss = 0;
            while (metaStep.remaining() > 0) {
                MetaTrainingStep.Outcome outcome = metaStep.step(state, epoch);
                lastLoss = 0;
                for (UnrollResult result : outcome.unrolls()) {
                    lossSum += result.metaLoss() / outcome.unrolls().size();
                    lastLoss += result.lastLoss() / outcome.unrolls().size();
                }
                if (!outcome.taken()) {
                    lossSum = Double.NaN;
                    break;
                }
            }
            return new TrainingLoop.Losses(lossSum / horizon, lastLoss);
        }, phi -> validateByFamily(LstmWeights.of(settings.lstm(), phi)), onEpoch);
        return new Result(state.best(), state.bestValidationLoss(), state.weights(), state.skippedSteps(),
                state.seconds());
    }

    /** The best weights by validation so far (during {@link #train}, e.g. from the epoch listener). */
    public LstmWeights best() {
        return state == null ? null : state.best();
    }

    /**
     * The random stream of epoch {@code epoch} of a run seeded {@code seed}: a function of the two alone
     * (SplitMix64's finaliser over the seed, plus the epoch, finalised again), so a resumed run draws what
     * an uninterrupted one would without saving any generator state. Its first draws are the seeds of
     * the epoch's optimizees; any other random choice the epoch makes must come from this stream after them.
     */
    static SplittableRandom epochRandom(long seed, int epoch) {
        return new SplittableRandom(SplitMix64.mix(SplitMix64.mix(seed) + epoch));
    }

    /**
     * Mean over the validation seeds, optimizees never used for training, of the {@link Selection}'s score
     * of a T-step trajectory (by default the meta-objective over steps 1..T); over several families, the
     * mean of the families' scores relative to tuned Adam ({@link FamilyValidation}).
     */
    public double validate(LstmWeights weights) {
        return validateByFamily(weights).selectionScore();
    }

    /** {@link #validate}, with each family's own score. */
    public FamilyValidation.Scores validateByFamily(LstmWeights weights) {
        return validation.score(new LstmOptimizer(weights, kernel), SeedRange.VALIDATION_BASE,
                settings.validation().seeds());
    }

    /**
     * Output-scale factors {@link #calibrateOutputScale} tries, 1 first so that it wins ties. Three, a factor
     * of 2 apart: with the seeds a finer grid would cost, neighbours √2 apart scored within the seeds' noise.
     */
    static final double[] SCALE_FACTORS = {1, 0.5, 2};

    /** What {@link #calibrateOutputScale} found: the factor kept, the weights with it, and each factor's score. */
    public record Calibration(double factor, LstmWeights weights, double[] factors, double[] scores) {
    }

    /**
     * Meta-training leaves the size of the learned correction noisy from run to run (docs/results.md,
     * calibration). So, after training, the LSTM's output scale is multiplied by each of
     * {@link #SCALE_FACTORS} in turn and the factor with the best validation score (the
     * {@link Selection}'s, as {@link #validate}) on {@code seeds} calibration optimizees is kept: a
     * one-dimensional search on the quantity the run is judged by, on seeds used neither in training nor
     * in validation ({@link SeedRange#CALIBRATION_BASE} + i).
     *
     * @param onScore called with (factor, score) after each factor is scored
     */
    public Calibration calibrateOutputScale(LstmWeights weights, int seeds, ObjDoubleConsumer<Double> onScore) {
        if (seeds < 1) {
            throw new IllegalArgumentException("calibration needs at least 1 seed, got " + seeds);
        }
        double[] scores = new double[SCALE_FACTORS.length];
        int best = 0;
        for (int k = 0; k < SCALE_FACTORS.length; k++) {
            scores[k] = score(weights.withOutputScaleFactor(SCALE_FACTORS[k]), SeedRange.CALIBRATION_BASE,
                    seeds);
            onScore.accept(SCALE_FACTORS[k], scores[k]);
            if (scores[k] < scores[best] || Double.isNaN(scores[best]) && !Double.isNaN(scores[k])) { // NaN never wins
                best = k;
            }
        }
        return new Calibration(SCALE_FACTORS[best], weights.withOutputScaleFactor(SCALE_FACTORS[best]),
                SCALE_FACTORS.clone(), scores);
    }

    /** The selection score of the optimizees of seeds base .. base + count − 1, as validation scores. */
    private double score(LstmWeights weights, long base, int count) {
        return validation.score(new LstmOptimizer(weights, kernel), base, count).selectionScore();
    }
}
