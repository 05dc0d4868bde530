package org.l2l4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.FamilyValidation;
import org.l2l4j.meta.train.MetaTrainer;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.TrainingState;
import org.l2l4j.optimizee.Problems;

/**
 * A local cluster of two executor JVMs (so every task, φ and meta-gradient is serialised for real), one of
 * which is killed in the middle of a meta-step: Spark runs that partition's task again on another executor,
 * which recomputes the lost trajectories from their seeds and the epoch's earlier φ, and training ends with
 * the weights, best weights and validations of the single-machine run.
 */
class ExecutorLossTest {

    private static final String SPEC = "quadratic:dim=3,batch=4";

    @TempDir
    Path tmp;

    /** Four tasks, 20 steps in unrolls of 5; the full meta-gradient (replayed minibatches) travels too. */
    private static MetaTrainingSettings settings() {
        return MetaTrainingSettings.builder().steps(20).unroll(5).epochs(2).validateEvery(1).validationSeeds(2)
                .calibrationSeeds(0).threads(1).seed(11).optimizeesPerStep(4).build();
    }

    @Test
    void anExecutorKilledDuringAMetaStepCostsARetryOfThatStepAndChangesNothing() throws Exception {
        MetaTrainingSettings settings = settings();
        Problem problem = Problems.parse(SPEC, null);
        LstmKernel kernel = LstmKernel.create(1);
        TrainingState single = TrainingState.start(settings);
        new MetaTrainer(problem, settings, kernel).train(single, report -> { });

        Path marker = tmp.resolve("killed");
        // gradient 13 of a trajectory is taken in its third unroll (1 at the start, 5 per unroll)
        ProblemSource killing = new KillingProblem(SPEC, marker.toString(), 13);
        JavaSparkContext spark = new JavaSparkContext(SparkMetaBatches.conf("local-cluster[2,1,1024]"));
        AtomicInteger failedTasks = new AtomicInteger();
        AtomicInteger removedExecutors = new AtomicInteger();
        AtomicInteger failedJobs = new AtomicInteger();
        spark.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failedTasks.incrementAndGet();
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                removedExecutors.incrementAndGet();
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd end) {
                if (!(end.jobResult() instanceof org.apache.spark.scheduler.JobSucceeded$)) {
                    failedJobs.incrementAndGet();
                }
            }
        });
        TrainingState distributed = TrainingState.start(settings);
        try (SparkMetaBatch batch = new SparkMetaBatch(spark, killing, settings)) {
            new MetaTrainer(problem, FamilyValidation.single(problem, settings), settings, kernel, batch).train(distributed, report -> { });
        }

        assertTrue(Files.exists(marker), "no executor was killed");
        assertTrue(removedExecutors.get() >= 1, "the killed executor was not noticed");
        assertTrue(failedTasks.get() >= 1, "no task was lost with the executor");
        assertEquals(0, failedJobs.get(), "a meta-step failed instead of retrying its task");
        assertEquals(single.metaSteps(), distributed.metaSteps());
        assertEquals(single.weights(), distributed.weights());
        assertEquals(single.best(), distributed.best());
        assertEquals(single.validations(), distributed.validations());
    }
}
