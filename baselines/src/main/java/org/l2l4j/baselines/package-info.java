/**
 * Hand-made update rules and the tuning of their learning rate: the baselines a learned optimizer
 * is measured against (Andrychowicz et al. 2016, section 3, tune SGD, NAG, RMSprop and Adam by grid).
 *
 * <p>{@link org.l2l4j.baselines.Baselines} is the entry point: {@code create("adam", 0.01)} gives an
 * {@link org.l2l4j.core.Optimizer}, the same contract the learned optimizer implements, so evaluation
 * and plots treat both alike. {@link org.l2l4j.baselines.LearningRateSearch} picks each rule's rate by
 * the mean final loss on tuning seeds. Every rule's state is a {@link org.l2l4j.core.SavableState}: named
 * arrays and a step count that a resumable run (the meta-trainer's meta-optimizer) saves and restores.
 *
 * <p>As in optax, a rule is not a class of its own but a chain of small stages, each an element-wise
 * {@code Transform} with its own state: {@code Scale}, {@code NesterovTrace}, {@code ScaleByRms},
 * {@code ScaleByAdam}, joined by {@code Chain} and wrapped as an {@code Optimizer} by {@code Rule}.
 * Every rule ends in a scale by −lr (θ ← θ + u). The stages work on {@code float[]}, in place, without
 * allocating per step; their formulas are those of DL4J 1.0.0-M2.1's updaters, which the tests check
 * step for step.
 *
 * <p>A learned rule reuses stages on state it owns as flat arrays: {@link org.l2l4j.baselines.NesterovTrace}
 * and {@link org.l2l4j.baselines.Scale} make its hand-made base step (the trace with its backward, for a
 * meta-gradient through it; a scale is its own adjoint), {@link org.l2l4j.baselines.AdamMoments} its
 * Adam-normalised inputs. These three are public; the other stages are not.
 */
package org.l2l4j.baselines;
