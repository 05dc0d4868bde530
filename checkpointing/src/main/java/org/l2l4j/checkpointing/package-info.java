/**
 * Memory for backpropagation through time (segments kept at checkpoints, activations recomputed) and
 * on-disk checkpoints written atomically.
 */
package org.l2l4j.checkpointing;
