/**
 * Evaluation: run any {@link org.l2l4j.core.Optimizer} for a fixed number of steps on the same seeds
 * of a {@link org.l2l4j.core.Problem}, and summarise the loss curves as per-step means with Student-t
 * 95% intervals ({@link org.l2l4j.evaluation.Evaluator}, {@link org.l2l4j.evaluation.CurveStats}).
 *
 * <p>Seed conventions ({@link org.l2l4j.core.SeedRange}): evaluation on {@code 1,000,000 + i} as
 * the PyTorch peer, learning-rate tuning on the disjoint range {@code 2,000,000 + i}. Diverged runs are
 * counted and reported, never dropped.
 *
 * <p>Few-shot families run as adaptation curves ({@link org.l2l4j.evaluation.FewShotProblem}: the query
 * loss after each step on the support set, from a learned, pre-trained ({@link org.l2l4j.evaluation.Pretraining})
 * or random start), so the same evaluation, tuning and reports serve them.
 */
package org.l2l4j.evaluation;
