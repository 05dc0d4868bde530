package org.l2l4j.cli;

import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.RemoteTrainingRuns;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --spark MASTER}: where a command's training runs (evaluation seeds, learning-rate grid points)
 * happen: threads of this JVM without it, Spark tasks on {@code MASTER} with it, when the spark module is on
 * the classpath ({@link RemoteTrainingRuns}). A command that compares optimizers takes this mixin and hands
 * {@link #open}'s runs to {@code ComparisonReport.run} or {@code Comparison.run}.
 */
final class SparkOption {

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run every training run (evaluation seeds, tuning grid points) as a Spark task on MASTER:"
                    + " local[N], local-cluster[N,cores,MB] or spark://host:port; the same results as without"
                    + " (docs/spark.md)")
    String master;

    boolean given() {
        return master != null;
    }

    /**
     * The runs: on {@code threads} threads of this JVM, or with {@code --spark} on that cluster, connected now;
     * the caller closes them. A master the provider does not understand, or a classpath without Spark, is a
     * usage error naming {@code --spark}.
     */
    TrainingRuns open(int threads, CommandLine cli) {
        if (master == null) {
            return TrainingRuns.threads(threads);
        }
        RemoteTrainingRuns spark = RemoteTrainingRuns.find().orElseThrow(() -> new ParameterException(cli,
                "--spark: this classpath has no Spark support; run " + cli.getCommandName()
                        + " through ./l2l or the spark application jar"));
        try {
            return spark.open(master);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--spark: " + Main.oneLine(e.getMessage()));
        }
    }
}
