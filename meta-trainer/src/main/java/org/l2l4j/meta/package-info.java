/**
 * Meta-training and evaluation: unroll truncated trajectories, sum the meta-loss, estimate the
 * meta-gradient by checkpointed BPTT, step the optimizer weights with Adam; run any optimizer over
 * seeds for loss curves with intervals; write CSV, JSON and plots.
 */
package org.l2l4j.meta;
