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

    /** One family scored on runs of {@code steps} steps. */
    public record Case(Problem family, int steps) {
    }

    private final int families;
    private final List<Case> cases;
    private final MetaTrainingSettings settings;
    /** Tuned Adam per case, in {@link #cases}' order; null with one family at one horizon, scored as it is. */
    private final List<Optimizer<?>> baselines;
    /** The baselines' mean scores per case, by seed range. */
    private final Map<SeedRange, double[]> baselineScores = new HashMap<>();

    private FamilyValidation(List<Problem> families, MetaTrainingSettings settings, List<Optimizer<?>> baselines) {
        this.families = families.size();
        this.cases = cases(families, settings);
        this.settings = settings;
        this.baselines = baselines;
    }

    /**
     * What validation of {@code families} under {@code settings} scores, horizon by horizon: every family at T
     * steps, then every family at S (so a list tuned before short horizons existed is this list's start).
     * {@link #tuneAdam}'s rates and {@link #relativeTo}'s baselines come in this order.
     */
    public static List<Case> cases(List<Problem> families, MetaTrainingSettings settings) {
        List<Case> cases = new ArrayList<>();
        for (int steps : settings.validationHorizons()) {
            for (Problem family : families) {
                cases.add(new Case(family, steps));
            }
        }
        return List.copyOf(cases);
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
     * Adam's learning rate tuned on each of {@code families} at each validation horizon, in {@link #cases}'
     * order. Deterministic: the same families and settings give the same rates.
     *
     * @param onTuned told of each search's finished runs and, after it, of the tuning
     */
    public static List<Double> tuneAdam(List<Problem> families, MetaTrainingSettings settings, TuningListener onTuned) {
        List<Double> learningRates = new ArrayList<>();
        long[] seeds = SeedRange.tuning(Math.max(1, settings.validation().seeds())).toArray();
        for (Case c : cases(families, settings)) {
            LearningRateSearch.Tuned tuned = LearningRateSearch.tune(BASELINE, c.family(), c.steps(), seeds,
                    settings.compute().threads(), (done, total) -> onTuned.runsDone(c.family(), c.steps(), done, total));
            onTuned.tuned(c.family(), c.steps(), tuned);
            learningRates.add(tuned.learningRate());
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

    /** Validation on several families, each relative to its own given baseline per case, in {@link #cases}' order. */
    static FamilyValidation relativeTo(List<Problem> families, MetaTrainingSettings settings,
                                       List<Optimizer<?>> baselines) {
        if (baselines.size() != cases(families, settings).size()) {
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

    /** The scores of {@code optimizer} on seeds {@code base} .. {@code base + count − 1}, every family and horizon. */
    Scores score(Optimizer<?> optimizer, long base, int count) {
        double[] scores = scores(i -> optimizer, base, count);
        List<Double> byFamily = new ArrayList<>();
        for (int f = 0; f < families; f++) { // the first cases: every family at T steps
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

    /** Mean score per case of the optimizer each case's index gives. */
    private double[] scores(IntFunction<Optimizer<?>> optimizerOfCase, long base, int count) {
        double[] scores = new double[cases.size()];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = meanScore(cases.get(c).family(), optimizerOfCase.apply(c), cases.get(c).steps(), base, count);
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
