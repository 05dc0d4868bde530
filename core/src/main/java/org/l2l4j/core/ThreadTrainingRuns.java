package org.l2l4j.core;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ObjIntConsumer;

/** {@link TrainingRuns#threads}: the runs on a pool of this JVM's threads, finished ones reported in completion order. */
final class ThreadTrainingRuns implements TrainingRuns {

    private final int threads;

    ThreadTrainingRuns(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public List<Trajectory> run(Problem problem, int steps, Kept kept, List<Run> runs, ObjIntConsumer<Trajectory> finished) {
        Trajectory[] done = new Trajectory[runs.size()];
        if (threads == 1 || runs.size() <= 1) {
            for (int i = 0; i < done.length; i++) {
                done[i] = train(problem, steps, kept, runs.get(i));
                finished.accept(done[i], i);
            }
            return List.of(done);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs.size()), r -> {
            Thread thread = new Thread(r, "l2l-runs");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Integer> completion = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < done.length; i++) {
                int index = i;
                completion.submit(() -> {
                    done[index] = train(problem, steps, kept, runs.get(index));
                    return index;
                });
            }
            for (int i = 0; i < done.length; i++) {
                int index = completion.take().get(); // take() publishes done[index] to this thread
                finished.accept(done[index], index);
            }
            return List.of(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training runs interrupted", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Trajectory train(Problem problem, int steps, Kept kept, Run run) {
        Optimizee optimizee;
        synchronized (problem) { // one sample at a time per problem
            optimizee = problem.sample(run.seed());
        }
        return TrainingRuns.train(optimizee, run.optimizer(), steps, kept);
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
