/**
 * Benchmarks of the learned optimizer: what one step, one forward + backward step and one MNIST
 * meta-training unroll cost, against an ND4J-ops formulation of the same step, our Adam and RMSprop, and
 * the PyTorch peer, with the ratios of the project's speed goals.
 *
 * <ul>
 *   <li>{@link org.l2l4j.bench.BenchMain} is the entry point ({@code ./l2l bench}): it builds a
 *       {@link org.l2l4j.bench.BenchPlan}, runs it with {@link org.l2l4j.bench.BenchSuite}, prints a
 *       {@link org.l2l4j.bench.ReportTable} and writes {@link org.l2l4j.bench.BenchRecord}s as JSON;</li>
 *   <li>each measured thing is a {@link org.l2l4j.bench.BenchCase} ({@link org.l2l4j.bench.LstmStep},
 *       {@link org.l2l4j.bench.Nd4jLstmStep}, {@link org.l2l4j.bench.RuleStep},
 *       {@link org.l2l4j.bench.MetaUnroll}) timed by {@link org.l2l4j.bench.Timing}; the JMH classes
 *       {@link org.l2l4j.bench.StepJmh} and {@link org.l2l4j.bench.UnrollJmh} time the same cases under
 *       JMH ({@code ./l2l bench --jmh});</li>
 *   <li>{@link org.l2l4j.bench.PytorchPeer} runs the peers' scripts (the shared MNIST peer's, and this
 *       repository's conv-net unroll in {@code benchmarks/peer}) and reads their JSON lines;
 *       {@link org.l2l4j.bench.LstmFlops} states how flops are counted.</li>
 * </ul>
 *
 * Methods and numbers: {@code docs/performance.md}.
 */
package org.l2l4j.bench;
