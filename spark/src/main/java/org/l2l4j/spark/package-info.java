/**
 * Distributed meta-training on Apache Spark: {@link org.l2l4j.spark.SparkMetaBatches}, found by
 * {@code l2l meta-train --spark MASTER}, runs each meta-step's meta-batch on a cluster. The driver runs the
 * single-machine {@link org.l2l4j.meta.train.MetaTrainer} (meta-optimizer, validation, checkpoints); only
 * the unrolls of its B tasks run on executors, whose trajectories stay pinned there between meta-steps.
 */
package org.l2l4j.spark;
