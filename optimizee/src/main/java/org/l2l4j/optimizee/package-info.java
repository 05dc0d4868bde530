/**
 * What gets trained: problem families that sample {@link org.l2l4j.core.Optimizee}s.
 *
 * <ul>
 *   <li>{@link org.l2l4j.optimizee.Problems}, the entry point: a spec such as {@code quadratic} or
 *       {@code mnist:hidden=40,layers=2} to a {@link org.l2l4j.core.Problem}.</li>
 *   <li>{@link org.l2l4j.optimizee.QuadraticProblem}: batches of random quadratics, gradient by hand.</li>
 *   <li>{@link org.l2l4j.optimizee.MnistProblem}: the MLP on MNIST, a DL4J network.</li>
 *   <li>{@link org.l2l4j.optimizee.NetworkOptimizee}: any DL4J {@code MultiLayerNetwork} or
 *       {@code ComputationGraph} plus a {@code DataSetIterator} as an optimizee; the MLP runs on it too,
 *       with minibatches drawn with replacement.</li>
 *   <li>{@link org.l2l4j.optimizee.MixtureProblem}: several families, one drawn per instance from its seed.</li>
 *   <li>{@link org.l2l4j.optimizee.IdxFiles} and {@link org.l2l4j.optimizee.MnistData}: the IDX reader
 *       and the MNIST splits, with mnist-10k embedded as the default data.</li>
 * </ul>
 *
 * Every random draw of an instance (problem data, θ<sub>0</sub>, minibatches) comes from one
 * {@link java.util.Random} seeded with the instance's seed. Nothing here changes global ND4J settings:
 * arrays and networks state their data type (float32, except in float64 gradient checks).
 */
package org.l2l4j.optimizee;
