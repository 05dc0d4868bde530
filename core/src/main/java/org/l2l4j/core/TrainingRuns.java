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

    /** What each run keeps and sends back. */
    enum Kept {
        /** The loss curve and the final parameters' test metrics: what an evaluation reports. */
        CURVE_AND_TEST,
        /**
         * The final loss and training loss alone ({@link Trajectory#finalOnly()}): what a learning-rate search
         * ranks by; a run's curve is dropped when the run ends, so a grid's runs hold no curves.
         */
        FINAL_SCORE
    }

    /**
     * Trains every run for {@code steps} updates ({@link Trajectory#run(Optimizee, Optimizer, int, boolean)}, the
     * test split measured for {@link Kept#CURVE_AND_TEST}).
     *
     * @param finished told each finished run's trajectory and index, on the calling thread
     * @return the trajectories, in the order of {@code runs}
     */
    List<Trajectory> run(Problem problem, int steps, Kept kept, List<Run> runs, ObjIntConsumer<Trajectory> finished);

    /** One run on {@code optimizee}, keeping what {@code kept} says: the one definition every implementation uses. */
    static Trajectory train(Optimizee optimizee, Optimizer<?> optimizer, int steps, Kept kept) {
        Trajectory run = Trajectory.run(optimizee, optimizer, steps, kept == Kept.CURVE_AND_TEST);
        return kept == Kept.FINAL_SCORE ? run.finalOnly() : run;
    }

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
