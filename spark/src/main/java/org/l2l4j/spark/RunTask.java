package org.l2l4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.TrainingRuns;

/**
 * One training run of an evaluation or a learning-rate search, run on an executor: the optimizer of
 * {@code optimizer} on the instance {@code seed} of the problem {@code problemSpec}, for {@code steps} updates.
 */
record RunTask(String problemSpec, int steps, TrainingRuns.Kept kept, OptimizerRecipe optimizer, long seed)
        implements Serializable {

    /** The problem an executor parsed last: the runs of one evaluation share it (and its data) in each JVM. */
    private static ProblemSource cachedSource;
    private static Problem cached;

    RunOutcome run() {
        Problem problem = problem(ProblemSource.of(List.of(problemSpec), null));
        Optimizee optimizee;
        synchronized (problem) { // one sample at a time per problem, as on the driver
            optimizee = problem.sample(seed);
        }
        return RunOutcome.of(optimizer.train(optimizee, steps, kept, TaskContext.get().cpus()));
    }

    private static synchronized Problem problem(ProblemSource source) {
        if (!source.equals(cachedSource)) {
            cached = source.problem();
            cachedSource = source;
        }
        return cached;
    }
}
