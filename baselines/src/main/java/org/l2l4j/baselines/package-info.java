/**
 * Hand-made update rules (SGD, NAG, RMSprop, Adam) on the {@link org.l2l4j.core.Optimizer} contract,
 * built from a few reusable pieces, and the learning-rate search by grid.
 */
package org.l2l4j.baselines;
