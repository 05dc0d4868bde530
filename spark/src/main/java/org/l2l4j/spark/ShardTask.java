package org.l2l4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.MetaBatchShard;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.UnrollResult;

/**
 * One partition's work in one meta-step, run on an executor: unroll number {@code unroll} (from 0) of
 * epoch {@code epoch} for its tasks of the meta-batch, one per seed.
 *
 * <p>The trajectories come from the executor's {@link PinnedShards} when they are there at the right
 * position; otherwise (the first meta-step of a run, an executor lost, the partition moved) they are
 * recomputed: started again from their seeds and advanced through the epoch's earlier unrolls at the φ of
 * each ({@code phis}, broadcast once per meta-step and fetched only here). Recomputing runs the same
 * code on the same inputs, so the trajectories and every later meta-gradient are what they would have been.
 *
 * @param phis  φ of each unroll of the epoch so far, the last one this meta-step's
 * @param steps the steps of each of those unrolls
 */
record ShardTask(String runId, int partition, long[] seeds, int epoch, int horizon, int unroll,
                 List<Broadcast<float[]>> phis, int[] steps, Map<String, Object> settings, ProblemSource problem)
        implements Serializable {

    ShardResult run() {
        PinnedShards.Pinned pinned = PinnedShards.take(runId, partition);
        if (pinned == null) {
            MetaTrainingSettings decoded = SettingsCodec.decode(MetaTrainingSettings.class, settings, "the driver's settings");
            LstmKernel kernel = LstmKernel.create(TaskContext.get().cpus());
            pinned = new PinnedShards.Pinned(runId, partition, MetaBatchShard.lstm(problem.problem(), decoded, kernel),
                    kernel, 0, -1);
        }
        MetaBatchShard<?> shard = pinned.shard();
        float[][] gradients = new float[seeds.length][phis.get(unroll).value().length];
        if (pinned.epoch() != epoch || pinned.unrollsDone() != unroll) {
            shard.start(seeds, horizon);
            for (int u = 0; u < unroll; u++) {
                float[] phi = phis.get(u).value();
                for (int task = 0; task < seeds.length; task++) {
                    shard.unroll(task, phi, steps[u], gradients[task]);
                }
            }
        }
        float[] phi = phis.get(unroll).value();
        List<UnrollResult> unrolls = new ArrayList<>(seeds.length);
        for (int task = 0; task < seeds.length; task++) {
            unrolls.add(shard.unroll(task, phi, steps[unroll], gradients[task]));
        }
        PinnedShards.put(pinned.at(epoch, unroll + 1));
        return new ShardResult(partition, location(), unrolls, gradients);
    }

    /** This executor as a preferred location: Spark's {@code executor_HOST_ID}. */
    private static String location() {
        SparkEnv env = SparkEnv.get();
        return "executor_" + env.blockManager().blockManagerId().host() + "_" + env.executorId();
    }
}
