package org.l2l4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.core.Problem;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.core.Trajectory;

/**
 * Training runs on a Spark cluster, the driver's side: each run (an evaluation seed, or a learning-rate
 * grid point on a tuning seed) is one Spark task, described by the problem's spec and the optimizer's
 * {@link OptimizerRecipe}; the trajectories come back in the runs' order, so an evaluation is the
 * single-machine one number for number.
 */
final class SparkRuns implements TrainingRuns {

    private final JavaSparkContext spark;

    SparkRuns(JavaSparkContext spark) {
        this.spark = spark;
    }

    /** Progress is told when the whole batch is back: Spark returns the runs together. */
    @Override
    public List<Trajectory> run(Problem problem, int steps, Kept kept, List<Run> runs,
                                ObjIntConsumer<Trajectory> finished) {
        List<RunTask> tasks = new ArrayList<>(runs.size());
        for (Run run : runs) {
            tasks.add(new RunTask(problem.spec(), steps, kept, OptimizerRecipe.of(run.optimizer()), run.seed()));
        }
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<RunOutcome> outcomes = spark.parallelize(tasks, tasks.size()).map(RunTask::run).collect();
        List<Trajectory> trajectories = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) { // collect keeps the partitions' order
            trajectories.add(outcomes.get(i).trajectory());
            finished.accept(trajectories.get(i), i);
        }
        return trajectories;
    }

    @Override
    public void close() {
        spark.stop();
    }
}
