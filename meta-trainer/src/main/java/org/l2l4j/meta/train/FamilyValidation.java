package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;

/**
 * How validation scores an optimizer on the families it is meta-trained for, and the one number that
 * picks the kept weights.
 *
 * <p>With one family that number is the family's score: the mean over the seeds of the {@link Selection}'s
 * score of a T-step trajectory. With several ({@link #relativeToAdam}), families' losses differ by
 * orders of magnitude, so each family's score is taken relative to tuned Adam's on the same seeds
 * ({@link #relative}) and the number is the mean of those ratios over the families: below 1, the optimizer
 * beats tuned Adam on average. Adam's learning rate is tuned once per family before training
 * ({@link #tuneAdam}), by {@link LearningRateSearch} on T-step runs of as many tuning seeds
 * ({@link SeedRange#TUNING_BASE} + i) as validation has seeds, and kept in the training state, so that a
 * resumed run need not tune again; its scores on a seed range are computed once and kept.
 */
public final class FamilyValidation {

    /** The baseline every family's score is taken relative to. */
    public static final String BASELINE = "adam";

    /** One validation: the number that selects, and each family's own score (one entry for one family). */
    public record Scores(double selectionScore, List<Double> byFamily) {

        public Scores {
            byFamily = List.copyOf(byFamily);
        }
    }

    private final List<Problem> families;
    private final MetaTrainingSettings settings;
    /** Tuned Adam per family; null with one family, scored as it is. */
    private final List<Optimizer<?>> baselines;
    /** The baselines' mean scores per family, by seed range. */
    private final Map<SeedRange, double[]> baselineScores = new HashMap<>();

    private FamilyValidation(List<Problem> families, MetaTrainingSettings settings, List<Optimizer<?>> baselines) {
        this.families = List.copyOf(families);
        this.settings = settings;
        this.baselines = baselines;
    }

    /** Validation on one family: its mean score, as it is. */
    public static FamilyValidation single(Problem problem, MetaTrainingSettings settings) {
        return new FamilyValidation(List.of(problem), settings, null);
    }

    /**
     * Adam's learning rate tuned on each of {@code families}, in their order: the baseline of
     * {@link #relativeToAdam}. Deterministic: the same families and settings give the same rates.
     *
     * @param onTuned told of each family's finished runs and, after its search, of the tuning
     */
    public static List<Double> tuneAdam(List<Problem> families, MetaTrainingSettings settings, TuningListener onTuned) {
        List<Double> learningRates = new ArrayList<>();
        long[] seeds = SeedRange.tuning(Math.max(1, settings.validation().seeds())).toArray();
        for (Problem family : families) {
            LearningRateSearch.Tuned tuned = LearningRateSearch.tune(BASELINE, family, settings.trajectory().steps(), seeds,
                    settings.compute().threads(), (done, total) -> onTuned.runsDone(family, done, total));
            onTuned.tuned(family, tuned);
            learningRates.add(tuned.learningRate());
        }
        return learningRates;
    }

    /** Validation on several families, each relative to Adam at its family's learning rate ({@link #tuneAdam}). */
    public static FamilyValidation relativeToAdam(List<Problem> families, MetaTrainingSettings settings,
                                                  List<Double> learningRates) {
        return relativeTo(families, settings, learningRates.stream()
                .<Optimizer<?>>map(rate -> Baselines.create(BASELINE, rate)).toList());
    }

    /** Validation on several families, each relative to its own given baseline. */
    static FamilyValidation relativeTo(List<Problem> families, MetaTrainingSettings settings,
                                       List<Optimizer<?>> baselines) {
        if (baselines.size() != families.size()) {
            throw new IllegalArgumentException(baselines.size() + " baselines for " + families.size() + " families");
        }
        return new FamilyValidation(families, settings, List.copyOf(baselines));
    }

    /** Told about each family's search for its baseline's learning rate. */
    @FunctionalInterface
    public interface TuningListener {

        /** {@code done} of {@code total} runs of the search on {@code family} have finished ({@link LearningRateSearch.ProgressListener}). */
        default void runsDone(Problem family, int done, int total) {
        }

        void tuned(Problem family, LearningRateSearch.Tuned tuning);
    }

    public List<Problem> families() {
        return families;
    }

    /** The scores of {@code optimizer} on seeds {@code base} .. {@code base + count − 1} of every family. */
    Scores score(Optimizer<?> optimizer, long base, int count) {
        List<Double> byFamily = new ArrayList<>();
        for (Problem family : families) {
            byFamily.add(meanScore(family, optimizer, base, count));
        }
        if (baselines == null) {
            return new Scores(byFamily.get(0), byFamily);
        }
        double[] reference = baselineScores.computeIfAbsent(new SeedRange(base, count), seeds -> {
            double[] scores = new double[families.size()];
            for (int f = 0; f < scores.length; f++) {
                scores[f] = meanScore(families.get(f), baselines.get(f), seeds.base(), seeds.count());
            }
            return scores;
        });
        double sum = 0;
        for (int f = 0; f < reference.length; f++) {
            sum += relative(byFamily.get(f), reference[f]);
        }
        return new Scores(sum / reference.length, byFamily);
    }

    /**
     * A family's score relative to the baseline's: their ratio, or for the log objective as selection
     * score (a mean log-loss) exp(score − baseline), the ratio of the two geometric-mean losses.
     */
    double relative(double score, double baseline) {
        boolean logScale = settings.validation().selection() == Selection.OBJECTIVE
                && settings.estimator().objective() == MetaObjective.MEAN_LOG_LOSS;
        return logScale ? Math.exp(score - baseline) : score / baseline;
    }

    /** Mean {@link Selection} score of T-step trajectories of {@code optimizer} on seeds base .. base + count − 1. */
    private double meanScore(Problem problem, Optimizer<?> optimizer, long base, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            Trajectory trajectory = Trajectory.run(problem.sample(base + i), optimizer, settings.trajectory().steps());
            sum += settings.validation().selection().score(trajectory, settings.estimator().objective());
        }
        return sum / count;
    }
}
