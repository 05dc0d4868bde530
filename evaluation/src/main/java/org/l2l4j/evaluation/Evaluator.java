package org.l2l4j.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;

/**
 * Runs an optimizer for a fixed number of steps on every seed of a problem and summarises the loss
 * curves; each run's final parameters are also measured on the problem's test split, where it has one. Every optimizer evaluated by one {@code Evaluator} sees the same optimizee instances.
 *
 * <p>Seeds may run on several threads: each run has its own optimizee and optimizer state and the
 * results are put back in seed order, so the numbers do not depend on the thread count. Sampling
 * from the problem is serialised on the problem's monitor, so a {@link Problem} need not be
 * thread-safe; the optimizer must be (the {@link Optimizer} contract keeps all mutable state in
 * {@code S}) and the optimizees of different seeds must not share mutable state.
 */
public final class Evaluator {

    private final Problem problem;
    private final int steps;
    private final SeedRange seeds;
    private final int threads;

    /**
     * @param threads how many seeds run at once (1 = on the calling thread)
     */
    public Evaluator(Problem problem, int steps, SeedRange seeds, int threads) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.problem = problem;
        this.steps = steps;
        this.seeds = seeds;
        this.threads = threads;
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

    public Evaluation evaluate(Optimizer<?> optimizer, RunListener listener) {
        Trajectory[] runs = threads == 1 ? runInline(optimizer, listener) : runPooled(optimizer, listener);
        List<Trajectory> ordered = Arrays.asList(runs);
        return new Evaluation(optimizer.name(), optimizer.learningRate(), seeds, ordered, CurveStats.of(ordered));
    }

    private Trajectory[] runInline(Optimizer<?> optimizer, RunListener listener) {
        Trajectory[] runs = new Trajectory[seeds.count()];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = run(optimizer, seeds.seed(i));
            listener.runFinished(seeds.seed(i), runs[i]);
        }
        return runs;
    }

    private Trajectory[] runPooled(Optimizer<?> optimizer, RunListener listener) {
        Trajectory[] runs = new Trajectory[seeds.count()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs.length), r -> {
            Thread thread = new Thread(r, "l2l-eval");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < runs.length; i++) {
                int index = i;
                done.submit(() -> {
                    runs[index] = run(optimizer, seeds.seed(index));
                    return index;
                });
            }
            for (int finished = 0; finished < runs.length; finished++) {
                int index = done.take().get();
                listener.runFinished(seeds.seed(index), runs[index]);
            }
            return runs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation of " + optimizer.name() + " interrupted", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Trajectory run(Optimizer<?> optimizer, long seed) {
        Optimizee optimizee;
        synchronized (problem) { // the problem's own monitor, as LearningRateSearch: one sample at a time per problem
            optimizee = problem.sample(seed);
        }
        return Trajectory.run(optimizee, optimizer, steps, true);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }
}
