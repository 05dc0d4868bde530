/**
 * The contracts every l2l4j module speaks.
 *
 * <ul>
 *   <li>{@link org.l2l4j.core.Problem} samples an {@link org.l2l4j.core.Optimizee}: one training
 *       problem with parameters θ ∈ R<sup>n</sup> as a flat {@code float[]} and a stochastic loss; as a
 *       {@link org.l2l4j.core.BatchGradient} it evaluates a minibatch it drew again, and it may offer a second
 *       such evaluator for another thread.</li>
 *   <li>{@link org.l2l4j.core.Optimizer} is an update rule in the spirit of optax's
 *       {@code init}/{@code update} pair: the rule is stateless, its per-coordinate state is data; a
 *       {@link org.l2l4j.core.SavableState} is such state a resumable run can save by name.</li>
 *   <li>{@link org.l2l4j.core.LearnedOptimizer} maps meta-parameters φ to an {@code Optimizer} and
 *       differentiates one step with respect to φ, its state and its gradient input: what a
 *       meta-gradient estimator needs.</li>
 *   <li>{@link org.l2l4j.core.Trajectory} is the loss curve of one training run, and
 *       {@link org.l2l4j.core.Trajectory#run} the one training loop every module shares.</li>
 *   <li>{@link org.l2l4j.core.SeedRange}: the seeds optimizees are drawn from, and the one list of
 *       the project's disjoint ranges (training, validation, calibration, evaluation, tuning).</li>
 * </ul>
 *
 * <p>Files: {@link org.l2l4j.core.AtomicFiles} replaces a file atomically (temporary file, fsync,
 * rename), or a set of files all at once or not at all, and refuses to replace anything but a regular
 * file; {@link org.l2l4j.core.DirectoryLock} gives one process a directory;
 * {@link org.l2l4j.core.HeapBudget} bounds the memory that sizes a user chooses may take. A {@link org.l2l4j.core.Checkpoint} is a kind and named, typed entries (strings, integers,
 * numbers, float32 and float64 arrays); {@link org.l2l4j.core.CheckpointFile} writes it atomically in a
 * versioned, SHA-256-checksummed binary format and reads it back bit for bit, refusing a truncated,
 * damaged or foreign file with a {@link org.l2l4j.core.CheckpointException} naming the file. What goes
 * into a checkpoint is up to its writer (the meta-trainer's training state, for one).
 *
 * Sign convention, as in the paper: θ<sub>t+1</sub> = θ<sub>t</sub> + u<sub>t</sub>, so a gradient
 * step has {@code u = -lr · g}.
 */
package org.l2l4j.core;
