package org.l2l4j.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.MetaBatchShard;

/**
 * The meta-batch shards an executor JVM keeps between meta-steps: a partition's trajectories stay where
 * its last meta-step ran them, so a meta-step ships φ out and meta-gradients back, never θ or the LSTM
 * state. A shard is taken out while a task works on it and put back when the task succeeded, so a failed
 * or killed task never leaves one half advanced; the task that finds none (or one of another position)
 * recomputes it ({@link ShardTask}).
 */
final class PinnedShards {

    /** A partition's shard of run {@code run}, on its kernel, after {@code unrollsDone} unrolls of epoch {@code epoch}. */
    record Pinned(String run, int partition, MetaBatchShard<?> shard, LstmKernel kernel, int epoch, int unrollsDone) {

        Pinned at(int epoch, int unrollsDone) {
            return new Pinned(run, partition, shard, kernel, epoch, unrollsDone);
        }
    }

    private static final Map<String, Pinned> SHARDS = new ConcurrentHashMap<>();

    private PinnedShards() {
    }

    /** Removes and returns the partition's shard of run {@code run}, or null. */
    static Pinned take(String run, int partition) {
        return SHARDS.remove(key(run, partition));
    }

    /** Keeps {@code pinned}, dropping every shard of other runs (a new run's first meta-step ends the old ones). */
    static void put(Pinned pinned) {
        SHARDS.values().removeIf(other -> {
            boolean stale = !other.run().equals(pinned.run());
            if (stale) {
                other.kernel().close();
            }
            return stale;
        });
        SHARDS.put(key(pinned.run(), pinned.partition()), pinned);
    }

    private static String key(String run, int partition) {
        return run + "/" + partition;
    }
}
