/**
 * What gets trained: problem families that sample {@link org.l2l4j.core.Optimizee}s.
 *
 * <ul>
 *   <li>{@link org.l2l4j.optimizee.Problems}, the entry point: a spec such as {@code quadratic},
 *       {@code mnist:hidden=40,layers=2}, {@code cnn} or {@code dl4j:conf=net.json,data=train.csv} to a
 *       {@link org.l2l4j.core.Problem}.</li>
 *   <li>{@link org.l2l4j.optimizee.QuadraticProblem}: batches of random quadratics, gradient by hand.</li>
 *   <li>{@link org.l2l4j.optimizee.MnistProblem}: the MLP (on MNIST by default), a DL4J network;
 *       {@link org.l2l4j.optimizee.CnnProblem}: a small conv net on images;
 *       {@link org.l2l4j.optimizee.Dl4jProblem}: a user's DL4J configuration on a user's data.</li>
 *   <li>{@link org.l2l4j.optimizee.NetworkOptimizee}: any DL4J {@code MultiLayerNetwork} or
 *       {@code ComputationGraph} plus a {@code DataSetIterator} as an optimizee; the MLP runs on it too,
 *       with minibatches drawn with replacement.</li>
 *   <li>Few-shot families, whose tasks are {@link org.l2l4j.core.Episode}s (support and query sets):
 *       {@link org.l2l4j.optimizee.SinusoidProblem}, sine regression, and
 *       {@link org.l2l4j.optimizee.FewShotClassification}, N-way K-shot episodes on class-labelled data.</li>
 *   <li>{@link org.l2l4j.optimizee.MixtureProblem}: several families, one drawn per instance from its seed.</li>
 *   <li>{@link org.l2l4j.optimizee.TrainTestData}: a classification data set in memory, two
 *       {@link org.l2l4j.optimizee.LabelledData} splits, read from an IDX directory, a CSV file or class
 *       folders of images, with mnist-10k embedded as the default data; every family draws replayable
 *       minibatches from it by index.</li>
 * </ul>
 *
 * Every random draw of an instance (problem data, θ<sub>0</sub>, minibatches) comes from one
 * {@link java.util.Random} seeded with the instance's seed, or, for θ<sub>0</sub> of {@code cnn} and
 * {@code dl4j}, from DL4J's initialisers seeded with it (DL4J reseeds the calling thread's ND4J generator
 * for that). Nothing else here changes global ND4J settings: arrays and networks state their data type
 * (float32, except in float64 gradient checks).
 */
package org.l2l4j.optimizee;
