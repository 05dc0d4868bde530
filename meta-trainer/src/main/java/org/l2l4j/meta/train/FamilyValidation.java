package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
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
 * <p>With one family at one horizon that number is the family's score: the mean over the seeds of the
 * {@link Selection}'s score of a T-step trajectory. With several families ({@link #relativeToAdam}),
 * families' losses differ by orders of magnitude, so each family's score is taken relative to tuned Adam's
 * on the same seeds ({@link #relative}) and the number is the mean of those ratios over the families: below
 * 1, the optimizer beats tuned Adam on average. With a short validation horizon S as well
 * ({@code validation.shortSteps}) every family is also scored on S-step runs, relative to Adam tuned at S
 * steps, and the number is the mean over families and both horizons: an optimizer kept or calibrated on
 * T-step runs alone can give away what it does early in a run. Adam's learning rate is tuned once per
 * family and horizon before training ({@link #tuneAdam}), by {@link LearningRateSearch} on runs of that
 * horizon on as many tuning seeds ({@link SeedRange#TUNING_BASE} + i) as validation has seeds, and kept in
 * the training state, so that a resumed run need not tune again; its scores on a seed range are computed
 * once and kept.
 */
public final class FamilyValidation {

    /** The baseline every family's score is taken relative to. */
    public static final String BASELINE = "adam";

    /** One validation: the number that selects, and each family's own score at T steps (one entry for one family). */
    public record Scores(double selectionScore, List<Double> byFamily) {

        public Scores {
            byFamily = List.copyOf(byFamily);
        }
    }

    private final List<Problem> families;
    /** The run lengths every family is scored at: T, then S where validation has a short horizon. */
    private final List<Integer> horizons;
    private final MetaTrainingSettings settings;
    /**
     * Tuned Adam per family and horizon, horizon by horizon (every family at T first, as before short
     * horizons existed); null with one family at one horizon, scored as it is.
     */
    private final List<Optimizer<?>> baselines;
    /** The baselines' mean scores per family and horizon, by seed range. */
    private final Map<SeedRange, double[]> baselineScores = new HashMap<>();

    private FamilyValidation(List<Problem> families, MetaTrainingSettings settings, List<Optimizer<?>> baselines) {
        this.families = List.copyOf(families);
        this.horizons = settings.validationHorizons();
        this.settings = settings;
        this.baselines = baselines;
    }

    /**
     * Whether validation of {@code families} families under {@code settings} scores relative to tuned Adam
     * ({@link #relativeToAdam}): with several families or horizons; else {@link #single}.
     */
    public static boolean isRelative(int families, MetaTrainingSettings settings) {
        return families > 1 || settings.validationHorizons().size() > 1;
    }

    /** Validation on one family at T steps: its mean score, as it is. */
    public static FamilyValidation single(Problem problem, MetaTrainingSettings settings) {
        if (settings.validation().shortSteps() > 0) {
            throw new IllegalArgumentException("validation at two horizons scores relative to tuned Adam: use"
                    + " relativeToAdam, even for one family");
        }
        return new FamilyValidation(List.of(problem), settings, null);
    }

    /**
     * Adam's learning rate tuned on each of {@code families} at each validation horizon, in the order of
     * {@link #relativeToAdam}'s rates: the families in their order at T steps, then at S. Deterministic: the
     * same families and settings give the same rates.
     *
     * @param onTuned told of each search's finished runs and, after it, of the tuning
     */
    public static List<Double> tuneAdam(List<Problem> families, MetaTrainingSettings settings, TuningListener onTuned) {
        List<Double> learningRates = new ArrayList<>();
        long[] seeds = SeedRange.tuning(Math.max(1, settings.validation().seeds())).toArray();
        for (int steps : settings.validationHorizons()) {
            for (Problem family : families) {
                LearningRateSearch.Tuned tuned = LearningRateSearch.tune(BASELINE, family, steps, seeds,
                        settings.compute().threads(), (done, total) -> onTuned.runsDone(family, steps, done, total));
                onTuned.tuned(family, steps, tuned);
                learningRates.add(tuned.learningRate());
            }
        }
        return learningRates;
    }

    /**
     * Validation on several families (or one at two horizons), each relative to Adam at its family's and
     * horizon's learning rate ({@link #tuneAdam}).
     */
    public static FamilyValidation relativeToAdam(List<Problem> families, MetaTrainingSettings settings,
                                                  List<Double> learningRates) {
        return relativeTo(families, settings, learningRates.stream()
                .<Optimizer<?>>map(rate -> Baselines.create(BASELINE, rate)).toList());
    }

    /** Validation on several families, each relative to its own given baseline per horizon, in {@link #tuneAdam}'s order. */
    static FamilyValidation relativeTo(List<Problem> families, MetaTrainingSettings settings,
                                       List<Optimizer<?>> baselines) {
        int cases = families.size() * settings.validationHorizons().size();
        if (baselines.size() != cases) {
            throw new IllegalArgumentException(baselines.size() + " baselines for " + families.size() + " families at "
                    + settings.validationHorizons() + " steps");
        }
        return new FamilyValidation(families, settings, List.copyOf(baselines));
    }

    /** Told about each search, per family and horizon, for the baseline's learning rate. */
    @FunctionalInterface
    public interface TuningListener {

        /**
         * {@code done} of {@code total} runs of the search on {@code family} at {@code steps} steps have finished
         * ({@link LearningRateSearch.ProgressListener}).
         */
        default void runsDone(Problem family, int steps, int done, int total) {
        }

        void tuned(Problem family, int steps, LearningRateSearch.Tuned tuning);
    }

    public List<Problem> families() {
        return families;
    }

    /** The scores of {@code optimizer} on seeds {@code base} .. {@code base + count − 1}, every family and horizon. */
    Scores score(Optimizer<?> optimizer, long base, int count) {
        double[] scores = scores(i -> optimizer, base, count);
        List<Double> byFamily = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            byFamily.add(scores[f]);
        }
        if (baselines == null) {
            return new Scores(scores[0], byFamily);
        }
        double[] reference = baselineScores.computeIfAbsent(new SeedRange(base, count),
                seeds -> scores(baselines::get, seeds.base(), seeds.count()));
        double sum = 0;
        for (int c = 0; c < reference.length; c++) {
            sum += relative(scores[c], reference[c]);
        }
        return new Scores(sum / reference.length, byFamily);
    }

    /** Mean scores per family and horizon (horizon by horizon) of the optimizer each case's index gives. */
    private double[] scores(IntFunction<Optimizer<?>> optimizerOfCase, long base, int count) {
        double[] scores = new double[families.size() * horizons.size()];
        for (int h = 0, c = 0; h < horizons.size(); h++) {
            for (int f = 0; f < families.size(); f++, c++) {
                scores[c] = meanScore(families.get(f), optimizerOfCase.apply(c), horizons.get(h), base, count);
            }
        }
        return scores;
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

    /** Mean {@link Selection} score of {@code steps}-step runs of {@code optimizer} on seeds base .. base + count − 1. */
    private double meanScore(Problem problem, Optimizer<?> optimizer, int steps, long base, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            Trajectory trajectory = Trajectory.run(problem.sample(base + i), optimizer, steps);
            sum += settings.validation().selection().score(trajectory, settings.estimator().objective());
        }
        return sum / count;
    }
}
