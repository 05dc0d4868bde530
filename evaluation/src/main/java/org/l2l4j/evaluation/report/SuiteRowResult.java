package org.l2l4j.evaluation.report;

import org.l2l4j.evaluation.PairedRatio;

/**
 * One finished row of the evaluation suite: its comparison and how the learned optimizer did against the
 * best tuned baseline of the row.
 *
 * @param row          the row's number in the suite, from 1
 * @param label        a short name for pictures, e.g. {@code mnist:activation=relu, 200 steps}
 * @param summary      every optimizer of the row on the same evaluation seeds
 * @param bestBaseline the tuned baseline with the lowest mean final score (train loss on all training data
 *                     where measured, else the last minibatch's loss); null if every one diverged
 * @param ratio        the learned optimizer's mean final score over the best baseline's, with Fieller's
 *                     interval over the paired seeds where no run of either diverged; null without a
 *                     learned optimizer or a best baseline
 */
public record SuiteRowResult(int row, String label, Summary summary, String bestBaseline, PairedRatio ratio) {
}
