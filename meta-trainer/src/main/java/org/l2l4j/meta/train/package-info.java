/**
 * Meta-training of the LSTM optimizer (Andrychowicz et al. 2016), layered as in learned_optimization:
 * <ul>
 *   <li>{@link org.l2l4j.meta.train.TruncatedTrajectory}: one optimizee's training run, advanced one
 *       unroll of K steps at a time; θ, the last gradient and the LSTM state carry over detached;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaGradientEstimator}: how ∂L/∂φ of one unroll is estimated; today
 *       {@link org.l2l4j.meta.train.UnrolledBptt}, BPTT through the unroll with checkpointing, either the
 *       full gradient (Hessian-vector products of the optimizee on the same minibatches) or the paper's
 *       first-order one (suffix sums of gradients), as the {@link org.l2l4j.meta.train.MetaGradient} says;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaTrainer}: the outer loop: sample an optimizee per epoch, unroll,
 *       step φ with Adam, validate on held-out seeds and keep the best weights;</li>
 *   <li>{@link org.l2l4j.meta.train.TrainingState}: all that carries over between epochs, and
 *       {@link org.l2l4j.meta.train.TrainingCheckpoint}, that state on disk, checked on reading to belong
 *       to the run that resumes it; a resumed run computes exactly what the uninterrupted one would.</li>
 * </ul>
 */
package org.l2l4j.meta.train;
