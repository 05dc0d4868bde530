/**
 * The evaluation suite ({@link org.l2l4j.evaluation.suite.Suite}): a fixed list of rows (problem and horizon),
 * on each the tuned baselines, untuned Adam at DL4J's default rate and a learned optimizer on the same seeds;
 * resumable row by row, optimizer by optimizer.
 */
package org.l2l4j.evaluation.suite;
