package org.l2l4j.baselines;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.core.Trajectory;

/**
 * Tunes a hand-made rule's learning rate by grid search, as the paper tuned its baselines: every
 * rate of {@link #GRID} trains the problem instances of the tuning seeds for a fixed number of steps,
 * and the rate with the lowest mean final loss wins: f(θ<sub>T</sub>; D) on all training data where
 * the problem measures it, else f(θ<sub>T</sub>; B<sub>T</sub>) ({@link Trajectory#finalScore()}), the
 * measure evaluations compare optimizers by. A winner at the
 * grid's top edge is not tuned yet, so the search then goes on upward (3, 10, 30, … up to
 * {@link #MAX_RATE}) while the largest rate tried is still the best.
 *
 * <p>The coarse grid has two points per decade, so the best of it may sit half a decade from the
 * optimum. The search therefore <em>refines</em> around the coarse winner b: it also tries the
 * geometric midpoint of b and each coarse neighbour ({@link #midpoint}), so that around b there are
 * four or more rates per decade, and the winner is chosen among all rates tried. Every refined rate lies
 * between two rates already scored, so the winner is never at the edge of the refined grid unless b is
 * at the edge of the whole range (1e-5, or the top of the upward extension). No refinement when every
 * rate diverged.
 *
 * <p>A run that diverges (its loss stops being finite) makes its rate's score +∞, so a rate wins only
 * if it trains every tuning seed. Ties go to the <em>smaller</em> rate: the tuning seeds cannot tell
 * the two apart, and the smaller one is the less likely to diverge on the evaluation seeds. If every
 * rate diverges, the smallest is returned with score +∞ ({@link Tuned#diverged()}).
 *
 * <p>Deterministic: a run depends only on (rule, rate, seed), and scores are summed in seed order,
 * so the result is the same for any number of threads.
 */
public final class LearningRateSearch {

    /** The learning rates tried, largest first: 1 down to 1e-5 in steps of about √10. */
    public static final List<Double> GRID =
            List.of(1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4, 3e-5, 1e-5);

    /** The largest rate the upward extension of the grid tries. */
    public static final double MAX_RATE = 1000;

    /**
     * The runs a search on {@code seeds} tuning seeds usually makes: the grid and the two refined rates. An
     * upward extension adds to it, a winner at the grid's lower edge refines on one side only.
     */
    public static int plannedRuns(int seeds) {
        return (GRID.size() + 2) * seeds;
    }

    /** Told after each finished training run, on the thread that called {@code tune}. */
    @FunctionalInterface
    public interface ProgressListener {

        ProgressListener NONE = (done, total) -> {};

        /** {@code done} of {@code total} runs have finished; total = rates to try × number of seeds, growing as the search extends and refines. */
        void runsDone(int done, int total);
    }

    /**
     * The outcome of a search.
     *
     * @param name                        the rule
     * @param learningRate                the winning rate
     * @param meanFinalLoss               its score: the mean over the tuning seeds of the final loss
     * @param meanFinalLossByLearningRate every rate tried (the grid, its upward extension and the refinement around
     *                                    the coarse winner) with its score, largest rate first; +∞ if any run diverged
     */
    public record Tuned(String name, double learningRate, double meanFinalLoss,
                        Map<Double, Double> meanFinalLossByLearningRate) {

        public Tuned {
            meanFinalLossByLearningRate = Collections.unmodifiableMap(new LinkedHashMap<>(meanFinalLossByLearningRate));
        }

        /** True if every rate diverged on some tuning seed, so even the winner has no finite score. */
        public boolean diverged() {
            return !Double.isFinite(meanFinalLoss);
        }
    }

    private LearningRateSearch() {}

    /** {@link #tune(String, Problem, int, long[], int, ProgressListener)} with one run at a time. */
    public static Tuned tune(String name, Problem problem, int steps, long[] seeds, ProgressListener listener) {
        return tune(name, problem, steps, seeds, 1, listener);
    }

    /**
     * Runs every (rate, seed) pair of the grid for {@code steps} updates and returns the best rate.
     *
     * <p>With {@code threads > 1} the runs go to a pool of that size. Each run has its own
     * {@link Optimizee} from {@link Problem#sample}; the {@code sample} calls themselves are made one at
     * a time (under the problem's lock), but the optimizees then train concurrently, so they must not
     * share mutable state. Problems whose optimizees already use several cores (ND4J/DL4J networks)
     * gain little from more threads.
     *
     * @param name    one of {@link Baselines#NAMES}
     * @param steps   updates per run, ≥ 1
     * @param seeds   the tuning seeds, at least one; keep them apart from the evaluation seeds
     * @param threads number of runs at once, ≥ 1
     * @throws IllegalArgumentException for an unknown name or a bad {@code steps}, {@code seeds} or {@code threads}
     */
    public static Tuned tune(String name, Problem problem, int steps, long[] seeds, int threads,
                             ProgressListener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("learning-rate search: threads must be >= 1, got " + threads);
        }
        return tune(name, problem, steps, seeds, TrainingRuns.threads(threads), listener);
    }

    /**
     * {@link #tune(String, Problem, int, long[], int, ProgressListener)} with the runs on {@code runs}: the grid's
     * (rate, seed) pairs go to it together, then each extension's and the refinement's.
     */
    public static Tuned tune(String name, Problem problem, int steps, long[] seeds, TrainingRuns runs,
                             ProgressListener listener) {
        Baselines.create(name, GRID.get(0)); // fails fast on an unknown name
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(listener, "listener");
        if (steps < 1) {
            throw new IllegalArgumentException("learning-rate search: steps must be >= 1, got " + steps);
        }
        if (seeds.length == 0) {
            throw new IllegalArgumentException("learning-rate search: at least one tuning seed is needed");
        }
        Progress progress = new Progress(listener, GRID.size() * seeds.length);  // grows by each extension and refinement
        List<Double> rates = new ArrayList<>(GRID);
        List<Double> scores = new ArrayList<>(score(name, problem, steps, seeds, runs, GRID, progress));
        while (best(scores) == 0 && Double.isFinite(scores.get(0)) && rates.get(0) * 3 <= MAX_RATE * 1.0001) {
            // 1 → 3 → 10 → 30: alternate ×3 and ×10/3, the grid's own spacing.
            double next = Math.round(rates.get(0) * (isPowerOfTen(rates.get(0)) ? 3 : 10.0 / 3));
            progress.extend(seeds.length);
            rates.add(0, next);
            scores.add(0, score(name, problem, steps, seeds, runs, List.of(next), progress).get(0));
        }
        int coarseBest = best(scores);
        if (Double.isFinite(scores.get(coarseBest))) {
            List<Double> refined = new ArrayList<>();
            if (coarseBest > 0) {
                refined.add(midpoint(rates.get(coarseBest - 1), rates.get(coarseBest)));
            }
            if (coarseBest < rates.size() - 1) {
                refined.add(midpoint(rates.get(coarseBest), rates.get(coarseBest + 1)));
            }
            progress.extend(refined.size() * seeds.length);
            List<Double> refinedScores = score(name, problem, steps, seeds, runs, refined, progress);
            for (int r = 0; r < refined.size(); r++) {
                int at = 0;
                while (rates.get(at) > refined.get(r)) {
                    at++;
                }
                rates.add(at, refined.get(r));
                scores.add(at, refinedScores.get(r));
            }
        }
        Map<Double, Double> byRate = new LinkedHashMap<>();
        for (int r = 0; r < rates.size(); r++) {
            byRate.put(rates.get(r), scores.get(r));
        }
        int best = best(scores);
        return new Tuned(name, rates.get(best), scores.get(best), byRate);
    }

    /** Index of the lowest score; a tie goes to the later, smaller rate. */
    private static int best(List<Double> scores) {
        int best = 0;
        for (int r = 1; r < scores.size(); r++) {
            if (scores.get(r) <= scores.get(best)) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The rate halfway between {@code larger} and {@code smaller} on a log scale, √(larger·smaller), rounded
     * to two significant digits as people write rates (0.055 between 0.1 and 0.03): still strictly between
     * the two, which are at least a factor 3 apart.
     */
    static double midpoint(double larger, double smaller) {
        double exact = Math.sqrt(larger * smaller);
        return new BigDecimal(exact).round(new MathContext(2)).doubleValue();
    }

    private static boolean isPowerOfTen(double rate) {
        double log = Math.log10(rate);
        return Math.abs(log - Math.rint(log)) < 1e-9;
    }

    /** Counts finished runs across the grid, its extensions and its refinement. */
    private static final class Progress {
        private final ProgressListener listener;
        private int done;
        private int total;

        Progress(ProgressListener listener, int total) {
            this.listener = listener;
            this.total = total;
        }

        void extend(int runs) {
            total += runs;
        }

        void runDone() {
            listener.runsDone(++done, total);
        }
    }

    /** The score of each rate: the mean over seeds of the final loss, +∞ if any run diverged. */
    private static List<Double> score(String name, Problem problem, int steps, long[] seeds, TrainingRuns runs,
                                      List<Double> rates, Progress progress) {
        List<TrainingRuns.Run> pairs = new ArrayList<>(rates.size() * seeds.length);
        for (double rate : rates) {
            Optimizer<?> rule = Baselines.create(name, rate);
            for (long seed : seeds) {
                pairs.add(new TrainingRuns.Run(rule, seed));
            }
        }
        List<Trajectory> trained = runs.run(problem, steps, TrainingRuns.Kept.FINAL_SCORE, pairs,
                (run, index) -> progress.runDone());
        List<Double> scores = new ArrayList<>();
        for (int r = 0; r < rates.size(); r++) {
            double[] finalLosses = new double[seeds.length];
            for (int s = 0; s < seeds.length; s++) {
                finalLosses[s] = trained.get(r * seeds.length + s).finalScore();
            }
            scores.add(meanOrInfinity(finalLosses));
        }
        return scores;
    }

    /** The mean of the final losses, or +∞ if any run diverged. */
    private static double meanOrInfinity(double[] finalLosses) {
        double sum = 0;
        for (double loss : finalLosses) {
            if (!Double.isFinite(loss)) {
                return Double.POSITIVE_INFINITY;
            }
            sum += loss;
        }
        return sum / finalLosses.length;
    }
}
