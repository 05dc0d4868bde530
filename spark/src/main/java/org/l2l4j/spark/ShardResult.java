package org.l2l4j.spark;

import java.io.Serializable;
import java.util.List;
import org.l2l4j.meta.train.UnrollResult;

/**
 * What one partition sends back from a meta-step: each of its tasks' unroll and meta-gradient (alone, so
 * that the driver adds them in task order), and the executor that holds its trajectories now.
 *
 * @param location where the next meta-step's task for this partition should run, as Spark names an executor
 */
record ShardResult(int partition, String location, List<UnrollResult> unrolls, float[][] gradients)
        implements Serializable {
}
