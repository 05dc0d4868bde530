package org.l2l4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TrainingRuns;

/**
 * Compares optimizers on one problem: every baseline to tune gets its learning rate from a grid search
 * on the tuning seeds, then each optimizer, tuned or given, runs on the same evaluation seeds.
 */
public final class Comparison {

    /**
     * @param problem         what to train
     * @param steps           updates per run
     * @param evaluationSeeds the seeds every optimizer is scored on
     * @param tuningSeeds     the seeds learning rates are chosen on; must not overlap the evaluation seeds
     *                        when there is anything to tune
     * @param threads         runs at once, in tuning and in evaluation, when they run on this JVM's threads
     */
    public record Settings(Problem problem, int steps, SeedRange evaluationSeeds, SeedRange tuningSeeds,
                           int threads) {

        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }
    }

    /**
     * One optimizer's outcome.
     *
     * @param evaluation its runs on the evaluation seeds
     * @param tuning     the learning-rate search that chose its rate, or null if the optimizer was given
     */
    public record Entry(Evaluation evaluation, Tuned tuning) {
    }

    /** Everything compared, in order: the tuned baselines, then the given optimizers. */
    public record Result(Settings settings, List<Entry> entries) {

        public Result {
            entries = List.copyOf(entries);
        }
    }

    /** What the comparison is doing, for progress reports; called on the thread that runs it. */
    public interface Listener {

        Listener NONE = new Listener() { };

        /** A learning-rate search for {@code baseline} starts: about {@code runs} training runs ({@link LearningRateSearch#plannedRuns}). */
        default void tuningStarted(String baseline, int runs) { }

        /** An evaluation of {@code optimizer} starts: one run per evaluation seed. */
        default void evaluationStarted(String optimizer, int runs) { }

        /** {@code done} runs of the current search or evaluation have finished. */
        default void runsDone(int done) { }

        default void tuned(Tuned tuning) { }

        default void evaluated(Evaluation evaluation) { }
    }

    private Comparison() {
    }

    /**
     * Tunes each of {@code baselines} (names from {@link Baselines#NAMES}) and evaluates it at its tuned
     * rate, then evaluates each of {@code given} as it is; the runs on {@code settings.threads()} threads of
     * this JVM.
     *
     * @throws IllegalArgumentException if there are baselines to tune and the tuning seeds overlap the
     *                                  evaluation seeds, or a baseline name is unknown
     */
    public static Result run(Settings settings, List<String> baselines, List<? extends Optimizer<?>> given,
                             Listener listener) {
        return run(settings, TrainingRuns.threads(settings.threads()), baselines, given, listener);
    }

    /**
     * {@link #run(Settings, List, List, Listener)} with every training run, tuning grid points and evaluation
     * seeds, on {@code runs} (a cluster's, from {@link RemoteTrainingRuns}); the result is the same wherever
     * the runs happen.
     */
    public static Result run(Settings settings, TrainingRuns runs, List<String> baselines,
                             List<? extends Optimizer<?>> given, Listener listener) {
        if (!baselines.isEmpty() && settings.tuningSeeds().overlaps(settings.evaluationSeeds())) {
            throw new IllegalArgumentException("tuning seeds " + settings.tuningSeeds() + " overlap the evaluation seeds "
                    + settings.evaluationSeeds());
        }
        for (String baseline : baselines) {
            if (!Baselines.NAMES.contains(baseline)) {
                throw new IllegalArgumentException("unknown baseline '" + baseline + "'; valid names: "
                        + String.join(", ", Baselines.NAMES));
            }
        }
        Evaluator evaluator = new Evaluator(settings.problem(), settings.steps(), settings.evaluationSeeds(), runs);
        List<Entry> entries = new ArrayList<>();
        for (String baseline : baselines) {
            listener.tuningStarted(baseline, LearningRateSearch.plannedRuns(settings.tuningSeeds().count()));
            Tuned tuned = LearningRateSearch.tune(baseline, settings.problem(), settings.steps(),
                    settings.tuningSeeds().toArray(), runs, (done, total) -> listener.runsDone(done));
            listener.tuned(tuned);
            entries.add(new Entry(evaluate(evaluator, Baselines.create(baseline, tuned.learningRate()), listener), tuned));
        }
        for (Optimizer<?> optimizer : given) {
            entries.add(new Entry(evaluate(evaluator, optimizer, listener), null));
        }
        return new Result(settings, entries);
    }

    private static Evaluation evaluate(Evaluator evaluator, Optimizer<?> optimizer, Listener listener) {
        listener.evaluationStarted(optimizer.name(), evaluator.seeds().count());
        int[] done = {0};
        Evaluation evaluation = evaluator.evaluate(optimizer, (seed, run) -> listener.runsDone(++done[0]));
        listener.evaluated(evaluation);
        return evaluation;
    }
}
