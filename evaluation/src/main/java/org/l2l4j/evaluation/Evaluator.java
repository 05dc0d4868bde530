package org.l2l4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.core.Trajectory;

/**
 * Runs an optimizer for a fixed number of steps on every seed of a problem and summarises the loss
 * curves; each run's final parameters are also measured on the problem's test split, where it has one.
 * Every optimizer evaluated by one {@code Evaluator} sees the same optimizee instances.
 *
 * <p>The runs go to {@link TrainingRuns}: threads of this JVM, or a cluster. Each run has its own
 * optimizee and optimizer state and the results are put back in seed order, so the numbers do not
 * depend on where or on how many threads the runs happen.
 */
public final class Evaluator {

    private final Problem problem;
    private final int steps;
    private final SeedRange seeds;
    private final TrainingRuns runs;

    /**
     * @param threads how many seeds run at once in this JVM (1 = on the calling thread)
     */
    public Evaluator(Problem problem, int steps, SeedRange seeds, int threads) {
        this(problem, steps, seeds, TrainingRuns.threads(threads));
    }

    /**
     * @param runs where the seeds' runs happen
     */
    public Evaluator(Problem problem, int steps, SeedRange seeds, TrainingRuns runs) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        this.problem = problem;
        this.steps = steps;
        this.seeds = seeds;
        this.runs = runs;
    }

    public Problem problem() {
        return problem;
    }

    public int steps() {
        return steps;
    }

    public SeedRange seeds() {
        return seeds;
    }

    public Evaluation evaluate(Optimizer<?> optimizer) {
        return evaluate(optimizer, RunListener.NONE);
    }

    /** {@code listener} hears of each finished run on the calling thread, in completion order. */
    public Evaluation evaluate(Optimizer<?> optimizer, RunListener listener) {
        List<TrainingRuns.Run> perSeed = new ArrayList<>(seeds.count());
        for (int i = 0; i < seeds.count(); i++) {
            perSeed.add(new TrainingRuns.Run(optimizer, seeds.seed(i)));
        }
        List<Trajectory> ordered = runs.run(problem, steps, TrainingRuns.Kept.CURVE_AND_TEST, perSeed,
                (run, index) -> listener.runFinished(seeds.seed(index), run));
        return new Evaluation(optimizer.name(), optimizer.learningRate(), seeds, ordered, CurveStats.of(ordered));
    }
}
