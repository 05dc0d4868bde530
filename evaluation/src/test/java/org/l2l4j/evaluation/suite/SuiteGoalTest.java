package org.l2l4j.evaluation.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.Summary;
import org.l2l4j.evaluation.report.SuiteRowResult;
import org.junit.jupiter.api.Test;

class SuiteGoalTest {

    /**
     * Row 1: the learned optimizer below tuned Adam with intervals apart, level with the best (NAG), 3x below
     * untuned Adam, test accuracy 0.4 points below the best. Row 2: above tuned Adam, its interval overlapping,
     * 1.1x the best (Adam), 1.5x below untuned Adam, 0.6 points below. Row 3: no test split, so no accuracy goal.
     */
    private static final List<SuiteRowResult> ROWS = List.of(
            row(1, "nag", entry("lstm", 0.30, 0.28, 0.32, 0.900), entry("nag", 0.30, 0.29, 0.31, 0.904),
                    entry("adam", 0.40, 0.35, 0.45, 0.890), entry(Suite.ADAM_DEFAULT, 0.90, 0.85, 0.95, 0.70)),
            row(2, "adam", entry("lstm", 0.110, 0.09, 0.13, 0.800), entry("adam", 0.100, 0.08, 0.12, 0.806),
                    entry(Suite.ADAM_DEFAULT, 0.165, 0.16, 0.17, 0.75)),
            row(3, "adam", entry("lstm", 1.0, 0.9, 1.1, null), entry("adam", 2.0, 1.8, 2.2, null),
                    entry(Suite.ADAM_DEFAULT, 9.0, 8.0, 10.0, null)));

    @Test
    void eachGoalListsTheRowsWhereItHoldsAndWhereItDoesNot() {
        List<SuiteGoal> goals = SuiteGoal.of(ROWS, "lstm");

        assertEquals(List.of(
                new SuiteGoal("at or below tuned adam", List.of(1, 3), List.of(2)),
                new SuiteGoal("95% intervals apart below tuned adam", List.of(1, 3), List.of(2)),
                new SuiteGoal("within 1.05x of the best tuned baseline", List.of(1, 3), List.of(2)),
                new SuiteGoal("at least 2x below untuned adam(1e-3)", List.of(1, 3), List.of(2)),
                new SuiteGoal("test accuracy within 0.5 points of the best tuned baseline", List.of(1), List.of(2))),
                goals);
        assertEquals("at or below tuned adam: 2 of 3 rows (not 2)", goals.get(0).line());
        assertEquals("test accuracy within 0.5 points of the best tuned baseline: 1 of 2 rows (not 2)",
                goals.get(4).line());
    }

    @Test
    void aRowWithoutTheLearnedOptimizerOrTheComparedOneIsNotJudged() {
        SuiteRowResult noLearned = row(4, "adam", entry("adam", 0.1, 0.09, 0.11, 0.9));
        SuiteRowResult noDefault = row(5, "adam", entry("lstm", 0.1, 0.09, 0.11, 0.9), entry("adam", 0.2, 0.19, 0.21, 0.9));

        List<SuiteGoal> goals = SuiteGoal.of(List.of(noLearned, noDefault), "lstm");

        assertEquals(new SuiteGoal("at or below tuned adam", List.of(5), List.of()), goals.get(0));
        assertEquals(new SuiteGoal("at least 2x below untuned adam(1e-3)", List.of(), List.of()), goals.get(3));
        assertEquals("at least 2x below untuned adam(1e-3): 0 of 0 rows", goals.get(3).line());
        assertEquals("at or below tuned adam: 1 of 1 row", goals.get(0).line());
    }

    /** An entry whose train loss (the score) is {@code mean} with interval [lo, hi]; accuracy null: no test split. */
    private static OptimizerSummary entry(String name, double mean, double lo, double hi, Double accuracy) {
        List<Double> interval = List.of(lo, hi);
        return new OptimizerSummary(name, null, mean + 1, List.of(lo + 1, hi + 1), mean, interval, null, null,
                accuracy, accuracy == null ? null : Arrays.asList(accuracy, accuracy), List.of(2.0, mean),
                List.of(2.0, lo), List.of(2.0, hi), 0, null);
    }

    private static SuiteRowResult row(int number, String best, OptimizerSummary... optimizers) {
        return new SuiteRowResult(number, "row " + number, new Summary("quadratic", 1, 20, 1000000, List.of(optimizers)),
                best, null);
    }
}
