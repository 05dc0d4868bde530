package org.l2l4j.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TestMetrics;
import org.l2l4j.core.Trajectory;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.CurveStats;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.MeanInterval;

class SummaryTest {

    private static final Problem PROBLEM = new Problem() {
        public String spec() {
            return "quadratic:dim=3";
        }

        public Optimizee sample(long seed) {
            throw new UnsupportedOperationException("not run in this test");
        }
    };

    @Test
    void summaryOfAComparisonCarriesSeedsAndTuning() {
        SeedRange eval = new SeedRange(10, 2);
        SeedRange tune = new SeedRange(50, 4);
        List<Trajectory> runs = List.of(new Trajectory(new double[] {3, 1}), new Trajectory(new double[] {3, 2}));
        Evaluation adam = new Evaluation("adam", 0.1, eval, runs, CurveStats.of(runs));
        Evaluation lstm = new Evaluation("lstm", null, eval, runs, CurveStats.of(runs));
        Tuned tuned = new Tuned("adam", 0.1, 1.25, Map.of(1.0, Double.POSITIVE_INFINITY, 0.1, 1.25));
        Comparison.Settings settings = new Comparison.Settings(PROBLEM, 1, eval, tune, 1);
        Summary summary = Summary.of(new Comparison.Result(settings,
                List.of(new Comparison.Entry(adam, tuned), new Comparison.Entry(lstm, null))));

        assertEquals("quadratic:dim=3", summary.problem());
        assertEquals(1, summary.steps());
        assertEquals(2, summary.seeds());
        assertEquals(10, summary.seedBase());
        Tuning tuning = summary.optimizers().get(0).tuning();
        assertEquals(50, tuning.seedBase());
        assertEquals(4, tuning.seeds());
        assertEquals(1.25, tuning.finalLossMean(), 0);
        assertEquals(2, tuning.grid().size());
        Tuning.GridPoint diverged = tuning.grid().stream().filter(p -> p.lr() == 1.0).findFirst().orElseThrow();
        assertNull(diverged.finalLossMean()); // +Inf in the search: JSON has no infinity
        assertNull(summary.optimizers().get(1).tuning());
        assertNull(summary.optimizers().get(1).lr());
        assertEquals(1.5, summary.optimizers().get(1).finalLossMean(), 1e-12);
    }

    @Test
    void theFinalTrainingLossIsWrittenWhereItWasMeasured() throws Exception {
        SeedRange eval = new SeedRange(10, 2);
        List<Trajectory> measured = List.of(new Trajectory(new double[] {3, 1}, OptionalDouble.of(0.5)),
                new Trajectory(new double[] {3, 2}, OptionalDouble.of(0.7)));
        List<Trajectory> unmeasured = List.of(new Trajectory(new double[] {3, 1}), new Trajectory(new double[] {3, 2}));
        Summary summary = new Summary("mnist", 1, 2, 10, List.of(
                OptimizerSummary.of(new Evaluation("nag", 1.0, eval, measured, CurveStats.of(measured)), null),
                OptimizerSummary.of(new Evaluation("sgd", 1.0, eval, unmeasured, CurveStats.of(unmeasured)), null)));

        JsonNode json = new ObjectMapper().readTree(summary.toJson());
        JsonNode nag = json.get("optimizers").get(0);
        assertEquals(1.5, nag.get("final_loss_mean").asDouble(), 1e-12);
        assertEquals(0.6, nag.get("final_train_loss_mean").asDouble(), 1e-12);
        MeanInterval interval = MeanInterval.of(new double[] {0.5, 0.7});
        assertEquals(interval.lo(), nag.get("final_train_loss_ci95").get(0).asDouble(), 1e-12);
        assertEquals(interval.hi(), nag.get("final_train_loss_ci95").get(1).asDouble(), 1e-12);
        JsonNode sgd = json.get("optimizers").get(1);
        assertFalse(sgd.has("final_train_loss_mean") || sgd.has("final_train_loss_ci95"), sgd.toString());

        Path file = Files.createTempFile("summary", ".json");
        try {
            Files.write(file, summary.toJson());
            assertEquals(summary, Summary.read(file));
        } finally {
            Files.delete(file);
        }
    }

    private static Trajectory withTest(double last, double testLoss, OptionalDouble accuracy) {
        return new Trajectory(new double[] {3, last}, OptionalDouble.of(last),
                Optional.of(new TestMetrics(testLoss, accuracy)));
    }

    @Test
    void theTestLossAndAccuracyAreSummarisedOverTheRunsThatDidNotDiverge() throws Exception {
        SeedRange eval = new SeedRange(10, 4);
        List<Trajectory> classified = List.of(withTest(1, 0.4, OptionalDouble.of(0.9)),
                withTest(2, 0.6, OptionalDouble.of(0.8)), new Trajectory(new double[] {3, Double.POSITIVE_INFINITY}),
                withTest(1.5, 0.8, OptionalDouble.of(0.7)));
        List<Trajectory> regression = List.of(withTest(1, 0.4, OptionalDouble.empty()),
                withTest(2, 0.6, OptionalDouble.empty()), withTest(1, 0.2, OptionalDouble.empty()),
                withTest(1, 0.4, OptionalDouble.empty()));
        List<Trajectory> noTestSplit = List.of(new Trajectory(new double[] {3, 1}), new Trajectory(new double[] {3, 2}),
                new Trajectory(new double[] {3, 1}), new Trajectory(new double[] {3, 2}));
        Summary summary = new Summary("mnist", 1, 4, 10, List.of(
                OptimizerSummary.of(new Evaluation("nag", 1.0, eval, classified, CurveStats.of(classified)), null),
                OptimizerSummary.of(new Evaluation("sgd", 1.0, eval, regression, CurveStats.of(regression)), null),
                OptimizerSummary.of(new Evaluation("adam", 1.0, eval, noTestSplit, CurveStats.of(noTestSplit)), null)));

        JsonNode json = new ObjectMapper().readTree(summary.toJson());
        JsonNode nag = json.get("optimizers").get(0);
        MeanInterval loss = MeanInterval.of(new double[] {0.4, 0.6, 0.8});
        MeanInterval accuracy = MeanInterval.of(new double[] {0.9, 0.8, 0.7});
        assertEquals(0.6, nag.get("final_test_loss_mean").asDouble(), 1e-12);
        assertEquals(loss.lo(), nag.get("final_test_loss_ci95").get(0).asDouble(), 1e-12);
        assertEquals(loss.hi(), nag.get("final_test_loss_ci95").get(1).asDouble(), 1e-12);
        assertEquals(0.8, nag.get("final_test_accuracy_mean").asDouble(), 1e-12);
        assertEquals(accuracy.lo(), nag.get("final_test_accuracy_ci95").get(0).asDouble(), 1e-12);
        assertEquals(accuracy.hi(), nag.get("final_test_accuracy_ci95").get(1).asDouble(), 1e-12);
        JsonNode sgd = json.get("optimizers").get(1);
        assertEquals(0.4, sgd.get("final_test_loss_mean").asDouble(), 1e-12);
        assertFalse(sgd.has("final_test_accuracy_mean") || sgd.has("final_test_accuracy_ci95"), sgd.toString());
        JsonNode adam = json.get("optimizers").get(2);
        assertFalse(adam.has("final_test_loss_mean") || adam.has("final_test_loss_ci95")
                || adam.has("final_test_accuracy_mean"), adam.toString());

        Path file = Files.createTempFile("summary", ".json");
        try {
            Files.write(file, summary.toJson());
            assertEquals(summary, Summary.read(file));
        } finally {
            Files.delete(file);
        }
    }
}
