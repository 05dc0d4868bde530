/**
 * Checkpoints, in memory and on disk: what backpropagation through time keeps, and the files a long
 * run saves its state in so that it can be resumed.
 *
 * <p><b>On disk.</b> A {@link org.l2l4j.core.Checkpoint} is a kind and named, typed entries
 * (strings, integers, numbers, float32 and float64 arrays); {@link org.l2l4j.core.CheckpointFile}
 * writes it atomically (temporary file, fsync, rename) in a versioned, SHA-256-checksummed binary
 * format and reads it back bit for bit, refusing a truncated, damaged or foreign file with a
 * {@link org.l2l4j.core.CheckpointException} naming the file. What goes into a checkpoint is
 * up to its writer (the meta-trainer's training state, for one).
 *
 * <p><b>In memory</b>, for backpropagation through time.
 *
 * <p>Backpropagating through K steps of a recurrence needs every step's activations. A
 * {@link org.l2l4j.checkpointing.BackpropMemory} decides what to keep during the live forward pass and
 * how to get the rest back in the backward pass:
 * <ul>
 *   <li>{@link org.l2l4j.checkpointing.BackpropMemory#storeAll()} keeps every step's activations:
 *       O(K·a) memory, no recomputation;</li>
 *   <li>{@link org.l2l4j.checkpointing.BackpropMemory#checkpointed(int)} keeps only the state entering
 *       every k-th step and replays one segment of k steps at a time from its checkpoint in the
 *       backward pass: O((K/k)·s + k·a) memory for one extra forward pass (Chen et al. 2016,
 *       "Training deep nets with sublinear memory cost").</li>
 * </ul>
 * The recurrence itself is a {@link org.l2l4j.checkpointing.ReplayableStep}; this module knows nothing
 * of LSTMs or optimizees. Every buffer a scheme allocates is counted, so its peak memory is measured,
 * not estimated.
 */
package org.l2l4j.checkpointing;
