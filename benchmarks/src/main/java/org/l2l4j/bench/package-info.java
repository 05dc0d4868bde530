/**
 * JMH benchmarks of the optimizer step, the meta-training unroll and the baselines.
 */
package org.l2l4j.bench;
