/**
 * Reports of an evaluation: {@link org.l2l4j.evaluation.report.Summary} (the public {@code summary.json}
 * format), {@code curves.csv}, and the loss picture as {@code loss.png} and {@code loss.svg}, all
 * written atomically by {@link org.l2l4j.evaluation.report.ReportFiles}.
 */
package org.l2l4j.evaluation.report;
