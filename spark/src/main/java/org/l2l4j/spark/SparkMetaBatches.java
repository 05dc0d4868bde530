package org.l2l4j.spark;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.meta.train.MetaBatch;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.RemoteMetaBatches;

/**
 * The spark module's {@link RemoteMetaBatches}: {@code l2l meta-train --spark MASTER} finds it on the
 * classpath and runs its meta-batches on {@code MASTER}.
 */
public final class SparkMetaBatches implements RemoteMetaBatches {

    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[(\\d+),(\\d+),(\\d+)]|(spark|k8s|mesos)://.+|yarn");

    @Override
    public MetaBatch open(String master, List<String> problemSpecs, Path dataOrNull, MetaTrainingSettings settings) {
        return new SparkMetaBatch(new JavaSparkContext(conf(master)), ProblemSource.of(problemSpecs, dataOrNull), settings);
    }

    /**
     * Spark's configuration for {@code master}; settings already given (by {@code spark-submit}, or as
     * {@code spark.*} system properties) are kept.
     *
     * @throws IllegalArgumentException if {@code master} is none of local[N], local-cluster[N,C,MB],
     *                                  spark://, k8s://, mesos:// or yarn
     */
    static SparkConf conf(String master) {
        Matcher m = MASTER.matcher(master);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + master + "' is not a Spark master; give local[N],"
                    + " local-cluster[N,cores,MB] or spark://host:port");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("l2l meta-train")
                .setIfMissing("spark.ui.enabled", "false")
                // Pinned trajectories (PinnedShards) want each partition back on its executor: wait briefly for it.
                .setIfMissing("spark.locality.wait", "200ms")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.set("spark.executor.extraJavaOptions",
                (conf.get("spark.executor.extraJavaOptions", "") + " --add-modules=jdk.incubator.vector"
                        + nativeBuildOption()).trim());
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "localhost").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (m.group(4) != null) {
            // A local cluster's executors are JVMs started from this one's classpath, not from a Spark
            // installation: without SPARK_HOME, Spark's launcher only tolerates missing jars when testing.
            conf.setIfMissing("spark.executor.extraClassPath", absoluteClassPath())
                    // MB is the worker's memory; Spark still gives each executor spark.executor.memory (1 GB by
                    // default) unless told: the executor gets what the master names
                    .setIfMissing("spark.executor.memory", m.group(6) + "m")
                    .setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                    .setIfMissing("spark.executorEnv.SPARK_TESTING", "1")
                    // the first meta-step waits for every executor, so that partitions spread over all of them
                    .setIfMissing("spark.cores.max", String.valueOf(Integer.parseInt(m.group(4)) * Integer.parseInt(m.group(5))))
                    .setIfMissing("spark.scheduler.minRegisteredResourcesRatio", "1");
        }
        return conf;
    }

    /** This JVM's classpath with every entry absolute: executors start in a directory of their own. */
    /** Executors load the ND4J native build the driver loaded (its oneDNN build under l2l and the tests). */
    private static String nativeBuildOption() {
        String extension = System.getProperty("javacpp.platform.extension");
        return extension == null || extension.isEmpty() ? "" : " -Djavacpp.platform.extension=" + extension;
    }

    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
