/**
 * Gradient checkpointing for backpropagation through time: what the forward pass of a recurrence keeps
 * in memory and how the backward pass gets the rest back. (A training run's checkpoint files, on disk,
 * are core's {@code org.l2l4j.core.CheckpointFile}.)
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
