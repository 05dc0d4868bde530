/**
 * The learned update rule of Andrychowicz et al. 2016 ("Learning to learn by gradient descent by
 * gradient descent", arXiv 1606.04474): a coordinate-wise stacked LSTM that maps each gradient
 * coordinate and its own recurrent state to an update.
 *
 * <ul>
 *   <li>The spec: {@link org.l2l4j.lstm.LstmConfig} (layers, hidden units, output scale) and
 *       {@link org.l2l4j.lstm.Preprocessing} (the paper's log/sign input of appendix A, the raw
 *       gradient, or RNNprop's Adam-normalised gradient; optionally clamped) and
 *       {@link org.l2l4j.lstm.BaseStep} (an optional Nesterov-momentum step the LSTM's output is added
 *       to, so that the LSTM learns a correction to it). Every format stores the spec through
 *       {@link org.l2l4j.core.SettingsCodec}, so a setting added to these records reaches them all.</li>
 *   <li>Data: {@link org.l2l4j.lstm.LstmWeights}, the meta-parameters φ as one flat {@code float[]};
 *       {@link org.l2l4j.lstm.LstmState}, h and c of n coordinates, unit-major (and the Adam-normalised
 *       preprocessing's moments and step count, and a base step's momentum trace);
 *       {@link org.l2l4j.lstm.StepActivations}, what one step's backward needs.</li>
 *   <li>The hot loop: {@link org.l2l4j.lstm.LstmKernel}, forward and backward of one step over n
 *       coordinates. {@link org.l2l4j.lstm.LstmKernel#create} picks the fused Java Vector API kernel
 *       when the JVM runs with {@code --add-modules jdk.incubator.vector}, else a plain-Java one.</li>
 *   <li>{@link org.l2l4j.lstm.LstmOptimizer}: the rule on the core {@code Optimizer} contract, for
 *       evaluation and for applying a trained optimizer; {@link org.l2l4j.lstm.LstmLearnedOptimizer}: the
 *       rule on the core {@code LearnedOptimizer} contract, φ → optimizer plus the backward of its step,
 *       for meta-training.</li>
 *   <li>{@link org.l2l4j.lstm.OptimizerFile}: a trained optimizer on disk (JSON with the spec,
 *       problem spec, training settings, weights and a SHA-256 checksum).</li>
 * </ul>
 *
 * This module knows nothing of DeepLearning4j: the DL4J updater that runs a trained optimizer,
 * {@code org.l2l4j.lstm.LearnedUpdater}, is in the module {@code l2l4j-dl4j-updater}, in this package.
 *
 * Gate order and initialisation follow torch's {@code nn.LSTMCell} (i, f, g, o; U(−1/√H, 1/√H)) except
 * that each cell has one bias vector where torch has two (their sum).
 */
package org.l2l4j.lstm;
