package org.l2l4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.meta.train.MetaBatch;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.UnrollResult;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * The meta-batch on a Spark cluster, the driver's side. The B tasks are cut into P contiguous partitions
 * (P = min(B, the cluster's default parallelism)), one Spark task each per meta-step: φ goes out as a
 * broadcast, every partition unrolls its tasks where its trajectories are pinned ({@link PinnedShards};
 * the RDD prefers the executor that ran the partition last), and the per-task meta-gradients come back
 * to be added here in task order, so the sum is the single-machine one bit for bit. A task lost with its
 * executor is run again by Spark elsewhere, where {@link ShardTask} recomputes the trajectories.
 */
final class SparkMetaBatch implements MetaBatch {

    private final JavaSparkContext spark;
    private final ProblemSource problem;
    private final Map<String, Object> settings;
    private final int tasks;
    private final int partitions;
    /** A new id per driver run: executors keep shards of the latest run only. */
    private final String run = UUID.randomUUID().toString();
    private final String[] locations;
    private final List<Broadcast<float[]>> phis = new ArrayList<>();
    private final List<Integer> steps = new ArrayList<>();
    private int epoch;
    private long[] seeds;
    private int horizon;

    SparkMetaBatch(JavaSparkContext spark, ProblemSource problem, MetaTrainingSettings settings) {
        this.spark = spark;
        this.problem = problem;
        this.settings = SettingsCodec.encode(settings);
        this.tasks = settings.estimator().optimizeesPerStep();
        this.partitions = Math.min(tasks, spark.defaultParallelism());
        this.locations = new String[partitions];
    }

    @Override
    public void start(int epoch, long[] seeds, int horizon) {
        phis.forEach(Broadcast::destroy);
        phis.clear();
        steps.clear();
        this.epoch = epoch;
        this.seeds = seeds.clone();
        this.horizon = horizon;
    }

    @Override
    public List<UnrollResult> unroll(float[] phi, int k, float[] sum) {
        phis.add(spark.broadcast(phi.clone()));
        steps.add(k);
        int[] stepArray = steps.stream().mapToInt(Integer::intValue).toArray();
        List<Tuple2<ShardTask, scala.collection.immutable.Seq<String>>> work = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int first = (int) ((long) p * tasks / partitions);
            int end = (int) ((long) (p + 1) * tasks / partitions);
            long[] own = java.util.Arrays.copyOfRange(seeds, first, end);
            ShardTask task = new ShardTask(run, p, own, epoch, horizon, phis.size() - 1, List.copyOf(phis),
                    stepArray, settings, problem);
            List<String> preferred = locations[p] == null ? List.of() : List.of(locations[p]);
            work.add(new Tuple2<>(task, CollectionConverters.asScala(preferred).toList()));
        }
        RDD<ShardTask> rdd = spark.sc().makeRDD(CollectionConverters.asScala(work).toList(),
                ClassTag$.MODULE$.apply(ShardTask.class));
        List<ShardResult> results = rdd.toJavaRDD().map(ShardTask::run).collect();

        List<UnrollResult> unrolls = new ArrayList<>(tasks);
        for (int p = 0; p < partitions; p++) { // collect keeps the partitions' order; tasks within one are in order
            ShardResult result = results.get(p);
            locations[p] = result.location();
            for (int t = 0; t < result.unrolls().size(); t++) {
                MetaBatch.add(sum, result.gradients()[t]);
                unrolls.add(result.unrolls().get(t));
            }
        }
        return unrolls;
    }

    /** Spark tasks per meta-step. */
    int partitions() {
        return partitions;
    }

    @Override
    public void close() {
        spark.stop();
    }
}
