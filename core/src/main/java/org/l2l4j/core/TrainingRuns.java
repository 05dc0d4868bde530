package org.l2l4j.core;

import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Where training runs happen: each {@link Run} trains the instance of its seed with its optimizer
 * ({@link Trajectory#run}), and the trajectories come back in the runs' order. Evaluations and
 * learning-rate searches hand their runs to one of these, so the same code runs them on threads of
 * this JVM ({@link #threads}) or on a cluster (the spark module's, found by the evaluation module).
 *
 * <p>A run depends only on (problem, optimizer, seed, steps), so the trajectories are the same wherever
 * and in whatever order the runs happen.
 */
public interface TrainingRuns extends AutoCloseable {

    /** One training run: {@code optimizer} on {@code problem.sample(seed)}. */
    record Run(Optimizer<?> optimizer, long seed) {
    }

    /**
     * Trains every run for {@code steps} updates; with {@code measureTest} each run also measures its final
     * parameters on the test split ({@link Trajectory#run(Optimizee, Optimizer, int, boolean)}).
     *
     * @param finished told each finished run's trajectory and index, on the calling thread
     * @return the trajectories, in the order of {@code runs}
     */
    List<Trajectory> run(Problem problem, int steps, boolean measureTest, List<Run> runs, ObjIntConsumer<Trajectory> finished);

    /** Releases what the runs held (a cluster connection); nothing for threads of this JVM. */
    @Override
    default void close() {
    }

    /**
     * Runs on {@code threads} threads of this JVM (1 = on the calling thread). Sampling from a problem is
     * serialised on the problem's monitor, so a {@link Problem} need not be thread-safe; the optimizees of
     * different seeds must not share mutable state, and an optimizer keeps all of a run's state in its
     * {@code S}.
     *
     * @throws IllegalArgumentException if {@code threads} < 1
     */
    static TrainingRuns threads(int threads) {
        return new ThreadTrainingRuns(threads);
    }
}
