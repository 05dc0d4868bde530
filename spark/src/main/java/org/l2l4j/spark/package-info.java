/**
 * Distributed meta-training and evaluation on Apache Spark. {@link org.l2l4j.spark.SparkMetaBatches}, found by
 * {@code l2l meta-train --spark MASTER}, runs each meta-step's meta-batch on a cluster: the driver runs the
 * single-machine {@link org.l2l4j.meta.train.MetaTrainer} (meta-optimizer, validation, checkpoints); only
 * the unrolls of its B tasks run on executors, whose trajectories stay pinned there between meta-steps.
 * {@link org.l2l4j.spark.SparkTrainingRuns}, found by {@code l2l evaluate} and {@code l2l compare} with
 * {@code --spark}, runs each evaluation seed and learning-rate grid point as one Spark task.
 */
package org.l2l4j.spark;
