/**
 * Reports of an evaluation: {@link org.l2l4j.evaluation.report.Summary} (the public {@code summary.json}
 * format), {@code curves.csv}, the loss picture as {@code loss.png} and {@code loss.svg}, and where
 * the problem has a test split the test picture {@code test.png} and {@code test.svg}, all written
 * atomically by {@link org.l2l4j.evaluation.report.ReportFiles}; the evaluation suite's {@code suite.json},
 * {@code suite.png} and {@code suite.svg} ({@link org.l2l4j.evaluation.report.SuiteReport}); and
 * {@link org.l2l4j.evaluation.report.EpochChart}, the picture of a meta-training log.
 */
package org.l2l4j.evaluation.report;
