package org.l2l4j.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.RemoteTrainingRuns;

/**
 * The spark module's {@link RemoteTrainingRuns}: {@code l2l evaluate} and {@code l2l compare} with
 * {@code --spark MASTER} find it on the classpath and run their training runs on {@code MASTER}.
 */
public final class SparkTrainingRuns implements RemoteTrainingRuns {

    @Override
    public TrainingRuns open(String master) {
        return new SparkRuns(new JavaSparkContext(SparkMetaBatches.conf(master).setAppName("l2l evaluation")));
    }
}
