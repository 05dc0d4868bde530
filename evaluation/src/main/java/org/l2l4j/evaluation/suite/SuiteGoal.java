package org.l2l4j.evaluation.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.SuiteRowResult;

/**
 * One of issue 17's goals for a learned optimizer, counted over the suite's finished rows: the rows where it
 * holds and those where it does not. A row that cannot be judged (an optimizer the goal compares is missing
 * or diverged on every run, or the row measures no test accuracy) is in neither list.
 *
 * @param description what the learned optimizer must do on a row, e.g. {@code at or below tuned adam}
 * @param met         the rows where it does, by number
 * @param missed      the rows where it does not
 */
public record SuiteGoal(String description, List<Integer> met, List<Integer> missed) {

    /** The tuned Adam of every suite row, by its name in {@code Baselines.NAMES}. */
    private static final String TUNED_ADAM = "adam";

    public SuiteGoal {
        met = List.copyOf(met);
        missed = List.copyOf(missed);
    }

    /**
     * The goals for {@code learned} (its name in the rows' summaries): at or below tuned Adam's mean final
     * score; its 95% interval entirely below tuned Adam's; within 1.05× of the best tuned baseline's mean;
     * at least 2× below untuned Adam's; test accuracy at most 0.5 points below the best tuned baseline's.
     * Scores are {@link OptimizerSummary#finalScoreMean()}.
     */
    public static List<SuiteGoal> of(List<SuiteRowResult> rows, String learned) {
        return List.of(
                goal("at or below tuned adam", rows, learned, (row, lstm) -> find(row, TUNED_ADAM)
                        .map(adam -> lstm.finalScoreMean() <= adam.finalScoreMean())),
                goal("95% intervals apart below tuned adam", rows, learned, (row, lstm) -> find(row, TUNED_ADAM)
                        .filter(adam -> bounded(lstm) && bounded(adam))
                        .map(adam -> lstm.finalScoreCi95().get(1) < adam.finalScoreCi95().get(0))),
                goal("within 1.05x of the best tuned baseline", rows, learned, (row, lstm) -> best(row)
                        .map(best -> lstm.finalScoreMean() <= 1.05 * best.finalScoreMean())),
                goal("at least 2x below untuned adam(1e-3)", rows, learned, (row, lstm) -> find(row, Suite.ADAM_DEFAULT)
                        .map(adam -> adam.finalScoreMean() >= 2 * lstm.finalScoreMean())),
                goal("test accuracy within 0.5 points of the best tuned baseline", rows, learned, (row, lstm) -> best(row)
                        .filter(best -> best.finalTestAccuracyMean() != null && lstm.finalTestAccuracyMean() != null)
                        .map(best -> lstm.finalTestAccuracyMean() >= best.finalTestAccuracyMean() - 0.005)));
    }

    /** E.g. {@code at or below tuned adam: 6 of 8 rows (not 1, 6)}. */
    public String line() {
        int judged = met.size() + missed.size();
        String line = description + ": " + met.size() + " of " + judged + (judged == 1 ? " row" : " rows");
        return missed.isEmpty() ? line : line + " (not " + missed.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static SuiteGoal goal(String description, List<SuiteRowResult> rows, String learned,
                                  BiFunction<SuiteRowResult, OptimizerSummary, Optional<Boolean>> holds) {
        List<Integer> met = new ArrayList<>();
        List<Integer> missed = new ArrayList<>();
        for (SuiteRowResult row : rows) {
            find(row, learned).flatMap(lstm -> holds.apply(row, lstm))
                    .ifPresent(held -> (held ? met : missed).add(row.row()));
        }
        return new SuiteGoal(description, met, missed);
    }

    private static Optional<OptimizerSummary> best(SuiteRowResult row) {
        return row.bestBaseline() == null ? Optional.empty() : find(row, row.bestBaseline());
    }

    /** {@code name}'s entry in the row, if it has a finite score. */
    private static Optional<OptimizerSummary> find(SuiteRowResult row, String name) {
        return row.summary().optimizers().stream().filter(o -> o.name().equals(name) && o.finalScoreMean() != null)
                .findFirst();
    }

    private static boolean bounded(OptimizerSummary summary) {
        List<Double> ci = summary.finalScoreCi95();
        return ci != null && ci.get(0) != null && ci.get(1) != null;
    }
}
