package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TestMetrics;
import org.l2l4j.core.Trajectory;
import org.l2l4j.evaluation.CurveStats;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.Summary;

/** The results table: values that are not finite say so; runs that all diverged show dashes. */
class ResultsTest {

    private static final SeedRange SEEDS = new SeedRange(1_000_000, 3);

    private static OptimizerSummary optimizer(String name, double... finalLosses) {
        List<Trajectory> runs = java.util.Arrays.stream(finalLosses).mapToObj(last -> new Trajectory(
                new double[] {4, 2, last}, OptionalDouble.of(last), Optional.of(new TestMetrics(last,
                        OptionalDouble.of(0.5))))).toList();
        return OptimizerSummary.of(new Evaluation(name, null, SEEDS, runs, CurveStats.of(runs)), null);
    }

    private static List<String> table(OptimizerSummary... optimizers) {
        StringWriter out = new StringWriter();
        Results.print(new Summary("sinusoid", 2, 3, SEEDS.base(), List.of(optimizers)), new PrintWriter(out));
        return out.toString().lines().toList();
    }

    @Test
    void anIntervalThatOverflowsIsPrintedAsNotFinite() {
        List<String> rows = table(optimizer("maml", 0.5, 0.6, 0.7), optimizer("meta-sgd", 1e300, 0.5, 0.6));
        assertTrue(rows.get(2).startsWith("maml ") && !rows.get(2).contains("not finite"), rows.get(2));
        assertTrue(rows.get(3).matches("meta-sgd +- +3\\.333e\\+299 +\\[not finite, not finite] .* 0/3"), rows.get(3));
    }

    @Test
    void runsThatAllDivergedShowDashes() {
        double inf = Double.POSITIVE_INFINITY;
        List<String> rows = table(optimizer("maml", 0.5, 0.6, 0.7), optimizer("meta-sgd", inf, inf, inf));
        assertTrue(rows.get(3).matches("meta-sgd( +-)+ +3/3"), rows.get(3));
        assertEquals(5, rows.size(), String.join("\n", rows));
    }
}
