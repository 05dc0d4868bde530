/**
 * Meta-training of the LSTM optimizer (Andrychowicz et al. 2016), layered as in learned_optimization:
 * <ul>
 *   <li>{@link org.l2l4j.meta.train.TruncatedStep}: one optimizee's training run under a
 *       {@link org.l2l4j.core.LearnedOptimizer}, advanced one unroll of K steps at a time; θ, the last
 *       gradient and the optimizer's state carry over detached;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaGradientEstimator}: how ∂L/∂φ of one unroll is estimated; today
 *       {@link org.l2l4j.meta.train.UnrolledBptt}, BPTT through the unroll with checkpointing, either the
 *       full gradient (Hessian-vector products of the optimizee on the same minibatches) or the paper's
 *       first-order one (suffix sums of gradients), as the {@link org.l2l4j.meta.train.MetaGradient} says;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaOptimizer}: any baselines rule (Adam) stepping φ, its state saved by name;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaTrainingStep}: one meta-step over a batch of trajectories, the code
 *       both training and the unroll benchmark ({@link org.l2l4j.meta.train.UnrollBenchmark}) run;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaBatch}: where a meta-step's B trajectories run, in this JVM
 *       ({@link org.l2l4j.meta.train.MetaBatchShard}) or on a cluster
 *       ({@link org.l2l4j.meta.train.RemoteMetaBatches}); each task's meta-gradient is summed in task order;</li>
 *   <li>{@link org.l2l4j.meta.train.TrainingLoop}: the outer loop both trainers run: epochs of the trainer's
 *       meta-steps, validation on held-out seeds keeping the best meta-parameters, progress reports;</li>
 *   <li>{@link org.l2l4j.meta.train.MetaTrainer}: the LSTM optimizer's epochs: sample optimizees, meta-step
 *       each unroll; {@link org.l2l4j.meta.train.LearnedInitTrainer}: a learned initialisation's meta-steps
 *       on few-shot tasks (MAML, first-order MAML, Reptile, Meta-SGD, the LSTM with θ<sub>0</sub>);</li>
 *   <li>{@link org.l2l4j.meta.train.FamilyValidation}: the validation score per family and the one that
 *       selects, for a mixture relative to Adam tuned per family; {@link org.l2l4j.meta.train.TrainingLog},
 *       the epochs as a CSV file;</li>
 *   <li>{@link org.l2l4j.meta.train.TrainingState}: all that carries over between epochs, for either trainer,
 *       advanced by the trainer only, and {@link org.l2l4j.meta.train.TrainingCheckpoint}, that state on disk, checked on
 *       reading to belong to the run that resumes it; a resumed run computes exactly what the
 *       uninterrupted one would.</li>
 * </ul>
 */
package org.l2l4j.meta.train;
