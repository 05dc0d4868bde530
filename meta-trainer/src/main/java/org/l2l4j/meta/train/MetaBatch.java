package org.l2l4j.meta.train;

import java.util.List;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;

/**
 * Where a meta-step's meta-batch runs: the B training trajectories of an epoch, each advanced by one
 * unroll per meta-step at the same φ. {@link MetaTrainingStep} takes every meta-step through one; on one
 * machine that is {@link #local}, on a cluster the spark module's ({@link RemoteMetaBatches}).
 *
 * <p>Where the tasks ran never changes the result: each task's unroll computes its meta-gradient on its own,
 * from zero, and the meta-batch's sum adds those in task order ({@link #add}), the one order of
 * floating-point additions every implementation keeps.
 */
public interface MetaBatch extends AutoCloseable {

    /** Starts epoch {@code epoch}'s trajectories, task i on the training optimizee of {@code seeds[i]}, each {@code horizon} steps long. */
    void start(int epoch, long[] seeds, int horizon);

    /**
     * Advances every trajectory by {@code steps} steps of the learned optimizer at {@code phi} and adds
     * each unroll's meta-gradient into {@code sum}, in task order; returns the unrolls in task order.
     */
    List<UnrollResult> unroll(float[] phi, int steps, float[] sum);

    /** Releases what the meta-batch holds elsewhere (a cluster's connection); nothing for {@link #local}. */
    @Override
    default void close() {
    }

    /** The meta-batch run in this JVM, task after task, with the LSTM of {@code settings} on {@code kernel}. */
    static MetaBatch local(Problem problem, MetaTrainingSettings settings, LstmKernel kernel) {
        return new LocalMetaBatch(MetaBatchShard.lstm(problem, settings, kernel));
    }

    /** Adds one task's meta-gradient into the meta-batch's {@code sum}: called in task order, it fixes the sum's rounding. */
    static void add(float[] sum, float[] taskGradient) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += taskGradient[i];
        }
    }
}
