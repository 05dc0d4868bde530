package org.l2l4j.spark;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.meta.train.MetaBatch;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.optimizee.Problems;

/**
 * {@code l2l bench-spark MASTER PROBLEM K B...}: meta-steps per second of a meta-batch of B tasks (unrolls of
 * K steps, the full meta-gradient) in this JVM, one task after another, and on the Spark cluster
 * {@code MASTER} with P = min(B, its parallelism) partitions; Spark's overhead per meta-step is the Spark
 * time less the local time split ideally over the cluster's S task slots (S = N·C of local-cluster[N,C,MB],
 * N of local[N], else the default parallelism): local · ⌈B/S⌉ / B. Each is timed over 5 meta-steps after 2
 * warm-up meta-steps (the first pays for the executors' start and class loading).
 */
public final class MetaStepBenchmark {

    private static final int WARM_UP = 2;
    private static final int TIMED = 5;

    private MetaStepBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: l2l bench-spark MASTER PROBLEM K B...");
            System.exit(2);
        }
        String master = args[0];
        Problem problem = Problems.parse(args[1], null);
        int unroll = Integer.parseInt(args[2]);
        JavaSparkContext spark = new JavaSparkContext(SparkMetaBatches.conf(master));
        System.out.printf("%s, %s, unrolls of %d steps; seconds per meta-step%n", master, problem.spec(), unroll);
        int slots = slots(master, spark.defaultParallelism());
        System.out.println("B\tP\tlocal\tspark\toverhead\toverhead/(local·⌈B/S⌉/B), S = " + slots);
        try (LstmKernel kernel = LstmKernel.create(1)) {
            for (int i = 3; i < args.length; i++) {
                int tasks = Integer.parseInt(args[i]);
                MetaTrainingSettings settings = MetaTrainingSettings.builder().steps((WARM_UP + TIMED) * unroll)
                        .unroll(unroll).optimizeesPerStep(tasks).threads(1).build();
                double local = secondsPerMetaStep(MetaBatch.local(problem, settings, kernel), settings);
                SparkMetaBatch distributed = new SparkMetaBatch(spark, ProblemSource.of(List.of(args[1]), null), settings);
                double onSpark = secondsPerMetaStep(distributed, settings);
                double ideal = local * Math.ceil((double) tasks / slots) / tasks;
                System.out.printf(Locale.ROOT, "%d\t%d\t%.4f\t%.4f\t%.4f\t%.3f%n", tasks, distributed.partitions(), local, onSpark,
                        onSpark - ideal, (onSpark - ideal) / ideal);
            }
        } finally {
            spark.stop();
        }
    }

    /** Tasks the cluster runs at once. */
    private static int slots(String master, int defaultParallelism) {
        Matcher cluster = Pattern.compile("local-cluster\\[(\\d+),(\\d+),\\d+]").matcher(master);
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(1)) * Integer.parseInt(cluster.group(2));
        }
        Matcher local = Pattern.compile("local\\[(\\d+)]").matcher(master);
        return local.matches() ? Integer.parseInt(local.group(1)) : defaultParallelism;
    }

    private static double secondsPerMetaStep(MetaBatch batch, MetaTrainingSettings settings) {
        int tasks = settings.estimator().optimizeesPerStep();
        long[] seeds = new long[tasks];
        for (int b = 0; b < tasks; b++) {
            seeds[b] = SeedRange.TRAINING_BASE + b;
        }
        float[] phi = LstmWeights.initial(settings.lstm(), 1).values();
        float[] sum = new float[phi.length];
        batch.start(1, seeds, settings.trajectory().steps());
        for (int s = 0; s < WARM_UP; s++) {
            batch.unroll(phi, settings.trajectory().unroll(), sum);
        }
        long start = System.nanoTime();
        for (int s = 0; s < TIMED; s++) {
            batch.unroll(phi, settings.trajectory().unroll(), sum);
        }
        return (System.nanoTime() - start) / 1e9 / TIMED;
    }
}
