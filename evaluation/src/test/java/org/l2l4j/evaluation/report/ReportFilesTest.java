package org.l2l4j.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TestMetrics;
import org.l2l4j.core.Trajectory;
import org.l2l4j.evaluation.CurveStats;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.Evaluator;
import org.l2l4j.optimizee.QuadraticProblem;
import org.w3c.dom.Element;

class ReportFilesTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final SeedRange SEEDS = new SeedRange(1_000_000, 3);

    @TempDir
    Path dir;

    private static Evaluation evaluation(String name, Double lr, double... finalLosses) {
        List<Trajectory> runs = new ArrayList<>();
        for (double last : finalLosses) {
            runs.add(new Trajectory(new double[] {4, 2, Double.isFinite(last) ? (2 + last) / 2 : INF, last}));
        }
        return new Evaluation(name, lr, SEEDS, runs, CurveStats.of(runs));
    }

    private static Summary summary() {
        Tuning tuning = new Tuning(SeedRange.TUNING_BASE, 5, 0.7,
                List.of(new Tuning.GridPoint(1, null), new Tuning.GridPoint(0.3, 0.7)));
        return new Summary("quadratic", 3, 3, SEEDS.base(), List.of(
                OptimizerSummary.of(evaluation("adam", 0.03, 0.5, 0.6, 0.7), tuning),
                OptimizerSummary.of(evaluation("sgd", 1.0, 0.9, INF, 1.1), tuning),
                OptimizerSummary.of(evaluation("lstm", null, 0.3, 0.2, 0.25), null)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void summaryJsonHasThePublicFieldsWithStepsPlusOneValues() throws IOException {
        ReportFiles.write(dir, summary());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(Set.of("problem", "steps", "seeds", "seed_base", "optimizers"), fieldNames(json));
        assertEquals("quadratic", json.get("problem").asText());
        assertEquals(3, json.get("steps").asInt());
        assertEquals(3, json.get("seeds").asInt());
        assertEquals(1_000_000, json.get("seed_base").asLong());
        assertEquals(3, json.get("optimizers").size());
        Set<String> required = Set.of("name", "lr", "final_loss_mean", "final_loss_ci95", "curve_mean",
                "curve_ci95_lo", "curve_ci95_hi", "diverged");
        for (JsonNode optimizer : json.get("optimizers")) {
            Set<String> names = fieldNames(optimizer);
            assertTrue(names.containsAll(required), names.toString());
            names.removeAll(required);
            assertEquals(optimizer.get("name").asText().equals("lstm") ? Set.of() : Set.of("tuning"), names);
            assertEquals(2, optimizer.get("final_loss_ci95").size());
            for (String curve : List.of("curve_mean", "curve_ci95_lo", "curve_ci95_hi")) {
                assertEquals(4, optimizer.get(curve).size(), curve);
                assertTrue(optimizer.get(curve).get(3).isNumber(), curve);
            }
        }
        JsonNode adam = json.get("optimizers").get(0);
        assertEquals("adam", adam.get("name").asText());
        assertEquals(0.03, adam.get("lr").asDouble(), 0);
        assertEquals(0.6, adam.get("final_loss_mean").asDouble(), 1e-12);
        assertEquals(0.6, adam.get("curve_mean").get(3).asDouble(), 1e-12);
        assertEquals(adam.get("final_loss_ci95").get(1).asDouble(), adam.get("curve_ci95_hi").get(3).asDouble(), 0);
        assertEquals(2_000_000, adam.get("tuning").get("seed_base").asLong());
        JsonNode sgd = json.get("optimizers").get(1);
        assertEquals(1, sgd.get("diverged").asInt());
        assertEquals(1.0, sgd.get("final_loss_mean").asDouble(), 1e-12); // mean of 0.9 and 1.1, the finite runs
        JsonNode lstm = json.get("optimizers").get(2);
        assertTrue(lstm.get("lr").isNull());
    }

    @Test
    void summaryReadsBackEqual() throws IOException {
        Summary written = summary();
        ReportFiles.write(dir, written);
        assertEquals(written, Summary.read(dir.resolve("summary.json")));
    }

    @Test
    void anOptimizerWhoseRunsAllDivergedIsListedWithNulls() throws IOException {
        Summary summary = new Summary("quadratic", 3, 3, SEEDS.base(), List.of(
                OptimizerSummary.of(evaluation("adam", 0.03, 0.5, 0.6, 0.7), null),
                OptimizerSummary.of(evaluation("sgd", 1.0, INF, INF, INF), null)));
        ReportFiles.write(dir, summary);
        JsonNode sgd = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("optimizers").get(1);
        assertEquals(3, sgd.get("diverged").asInt());
        assertTrue(sgd.get("final_loss_mean").isNull());
        assertTrue(sgd.get("curve_mean").get(0).isNull());
        assertEquals(4, sgd.get("curve_mean").size());
        String lastRow = Files.readAllLines(dir.resolve("curves.csv")).get(4);
        assertTrue(lastRow.endsWith(",,,"), lastRow);
        assertNull(Summary.read(dir.resolve("summary.json")).optimizers().get(1).finalLossMean());
    }

    @Test
    void curvesCsvHasMeanLoHiPerOptimizerAndOneRowPerStep() throws IOException {
        ReportFiles.write(dir, summary());
        List<String> lines = Files.readAllLines(dir.resolve("curves.csv"));
        assertEquals("step,adam_mean,adam_lo,adam_hi,sgd_mean,sgd_lo,sgd_hi,lstm_mean,lstm_lo,lstm_hi", lines.get(0));
        assertEquals(5, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals("0", first[0]);
        assertArrayEquals(new String[] {"4.0", "4.0", "4.0"}, new String[] {first[1], first[2], first[3]});
        String[] last = lines.get(4).split(",");
        assertEquals("3", last[0]);
        assertEquals(0.6, Double.parseDouble(last[1]), 1e-12);
        assertTrue(Double.parseDouble(last[2]) < 0.6 && Double.parseDouble(last[3]) > 0.6);
    }

    @Test
    void pictureIsAPngAndAnSvg() throws Exception {
        ReportFiles.write(dir, summary());
        BufferedImage png = ImageIO.read(dir.resolve("loss.png").toFile());
        assertEquals(960, png.getWidth());
        assertEquals(600, png.getHeight());
        // XChart draws text as outlines, so the SVG is checked as a well-formed document of the same size.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element svg = factory.newDocumentBuilder().parse(dir.resolve("loss.svg").toFile()).getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals("0 0 960 600", svg.getAttribute("viewBox"));
        assertTrue(svg.getElementsByTagName("path").getLength() > 10);
    }

    @Test
    void aSummaryWhoseRunsAllDivergedStillGetsItsFiles() throws IOException {
        Summary summary = new Summary("quadratic", 3, 3, SEEDS.base(),
                List.of(OptimizerSummary.of(evaluation("sgd", 1.0, INF, INF, INF), null)));
        ReportFiles.write(dir, summary);
        assertEquals(summary, Summary.read(dir.resolve("summary.json")));
        assertEquals(600, ImageIO.read(dir.resolve("loss.png").toFile()).getHeight());
    }

    /** A curve whose interval (or mean) is not finite at some steps, as few-shot runs can give, is still drawn. */
    @Test
    void aCurveWithNonFiniteStepsIsDrawn() throws IOException {
        OptimizerSummary partly = new OptimizerSummary("sgd", 0.1, 0.4, List.of(0.3, 0.5), null, null, null, null, null,
                null, Arrays.asList(1.0, null, 0.5, 0.4), Arrays.asList(0.9, null, 0.4, 0.3),
                Arrays.asList(1.1, null, null, 0.5), 0, null);
        Summary summary = new Summary("quadratic", 3, 3, SEEDS.base(), List.of(partly));
        ReportFiles.write(dir, summary);
        assertEquals(summary, Summary.read(dir.resolve("summary.json")));
        assertTrue(Files.size(dir.resolve(ReportFiles.LOSS_PNG)) > 0);
    }

    /**
     * Runs that stay finite but grow huge (a learned rate used for more steps than it was learned for) give a
     * finite mean whose interval overflows: the report says so (null interval, "not finite" in the table's
     * place) and every file is still written, the other optimizers' curves intact.
     */
    /** Runs of a regression task ending at {@code finalLosses}, each its own test loss. */
    private static Evaluation regression(String name, double... finalLosses) {
        List<Trajectory> runs = new ArrayList<>();
        for (double last : finalLosses) {
            runs.add(new Trajectory(new double[] {4, 2, 1, last}, OptionalDouble.of(last),
                    Optional.of(new TestMetrics(last, OptionalDouble.empty()))));
        }
        return new Evaluation(name, null, SEEDS, runs, CurveStats.of(runs));
    }

    @Test
    void aCurveWhoseIntervalOverflowsIsReportedAndEveryFileWritten() throws IOException {
        Summary summary = new Summary("sinusoid", 3, 3, SEEDS.base(), List.of(
                OptimizerSummary.of(regression("adam", 0.5, 0.6, 0.7), null),
                OptimizerSummary.of(regression("meta-sgd", 1e300, 0.5, 0.6), null)));
        ReportFiles.write(dir, summary);
        Summary read = Summary.read(dir.resolve("summary.json"));
        assertEquals(summary, read);
        OptimizerSummary metaSgd = read.optimizers().get(1);
        assertEquals(Arrays.asList(null, null), metaSgd.finalLossCi95());
        assertEquals(Arrays.asList(null, null), metaSgd.finalTestLossCi95());
        assertTrue(Files.readString(dir.resolve(ReportFiles.CURVES_CSV)).lines()
                .anyMatch(row -> row.startsWith("3,0.6,")), "adam's last row is written");
        assertTrue(Files.size(dir.resolve(ReportFiles.LOSS_PNG)) > 0);
        assertTrue(Files.size(dir.resolve(ReportFiles.TEST_PNG)) > 0);
        TestChart test = TestChart.of(summary).orElseThrow();
        assertEquals(List.of("adam"), test.optimizers());
        assertEquals("optimizer (no finite value: meta-sgd)", test.axisTitle());
    }

    @Test
    void anOptimizerWhoseRunsAllDivergedKeepsItsLegendEntry() {
        Summary summary = new Summary("quadratic", 3, 3, SEEDS.base(), List.of(
                OptimizerSummary.of(evaluation("adam", 0.03, 0.5, 0.6, 0.7), null),
                OptimizerSummary.of(evaluation("lstm", null, INF, INF, INF), null)));
        assertEquals(List.of("adam (lr 0.03)", "lstm, 3/3 diverged (no curve)"), new LossChart(summary).legend());
    }

    /**
     * A rule without a learning rate, as a learned optimizer, whose update is the gradient scaled by 1e38
     * drives θ past float32's range (loss → Inf) on every seed within 20 steps: the runs are counted as
     * diverged in summary.json and the optimizer is named in the plot's legend, not dropped. (This module
     * does not know the LSTM optimizer; the stand-in is named as one.)
     */
    @Test
    void aLearnedOptimizerThatBlowsUpIsReportedAsDiverged() throws IOException {
        Optimizer<Void> explosive = new Optimizer<>() {
            public String name() {
                return "lstm";
            }

            public Void init(int n) {
                return null;
            }

            public void update(float[] gradient, Void state, float[] update) {
                for (int i = 0; i < gradient.length; i++) {
                    update[i] = -1e38f * gradient[i];
                }
            }
        };
        Evaluator evaluator = new Evaluator(new QuadraticProblem(3, 4), 20, SEEDS, 1);
        Evaluation lstm = evaluator.evaluate(explosive);
        Evaluation adam = evaluator.evaluate(Baselines.create("adam", 0.1));
        assertEquals(3, lstm.stats().diverged());
        Summary summary = new Summary("quadratic:dim=3,batch=4", 20, 3, SEEDS.base(),
                List.of(OptimizerSummary.of(adam, null), OptimizerSummary.of(lstm, null)));
        ReportFiles.write(dir, summary);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("optimizers").get(1);
        assertEquals("lstm", json.get("name").asText());
        assertEquals(3, json.get("diverged").asInt());
        assertTrue(json.get("final_loss_mean").isNull());
        assertEquals(List.of("adam (lr 0.1)", "lstm, 3/3 diverged (no curve)"), new LossChart(summary).legend());
    }

    @Test
    void legendNamesTheLearningRateAndDivergedRuns() {
        Summary summary = summary();
        assertEquals("adam (lr 0.03)", LossChart.label(summary.optimizers().get(0), 3));
        assertEquals("sgd (lr 1), 1/3 diverged", LossChart.label(summary.optimizers().get(1), 3));
        assertEquals("lstm", LossChart.label(summary.optimizers().get(2), 3));
    }

    @Test
    void rewritingReplacesEveryFileAndLeavesNoTemporaryFiles() throws IOException {
        ReportFiles.write(dir, summary());
        Summary second = new Summary("quadratic", 3, 3, SEEDS.base(),
                List.of(OptimizerSummary.of(evaluation("nag", 0.1, 0.4, 0.5, 0.6), null)));
        ReportFiles.write(dir, second);
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("summary.json", "curves.csv", "loss.png", "loss.svg"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals(second, Summary.read(dir.resolve("summary.json")));
        assertTrue(Files.readString(dir.resolve("curves.csv")).startsWith("step,nag_mean,"));
    }

    @Test
    void aProblemWithATestSplitGetsATestAccuracyPictureOfTheMeasuredOptimizers() throws IOException {
        List<Trajectory> runs = new ArrayList<>();
        for (double accuracy : new double[] {0.8, 0.85, 0.9}) {
            runs.add(new Trajectory(new double[] {4, 2, 1, 0.5}, OptionalDouble.of(0.5),
                    Optional.of(new TestMetrics(0.6, OptionalDouble.of(accuracy)))));
        }
        Summary summary = new Summary("mnist", 3, 3, SEEDS.base(), List.of(
                OptimizerSummary.of(new Evaluation("adam", 0.03, SEEDS, runs, CurveStats.of(runs)), null),
                OptimizerSummary.of(evaluation("lstm", null, INF, INF, INF), null)));
        ReportFiles.write(dir, summary);
        assertEquals(600, ImageIO.read(dir.resolve("test.png").toFile()).getHeight());
        assertTrue(Files.readString(dir.resolve("test.svg")).contains("<svg"));
        TestChart chart = TestChart.of(summary).orElseThrow();
        assertEquals(List.of("adam (lr 0.03)"), chart.optimizers(), "the diverged optimizer has no bar");
        assertEquals("optimizer (no finite value: lstm, 3/3 diverged)", chart.axisTitle());
        assertTrue(chart.title().contains("test accuracy at step 3"), chart.title());
        assertTrue(TestChart.of(summary()).isEmpty(), "no test split, no picture");
    }

    @Test
    void summaryRejectsCurvesOfTheWrongLengthAndDuplicateNames() {
        OptimizerSummary adam = OptimizerSummary.of(evaluation("adam", 0.03, 0.5, 0.6, 0.7), null);
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> new Summary("quadratic", 5, 3, 0, List.of(adam)));
        assertTrue(steps.getMessage().contains("adam has 3 steps"), steps.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new Summary("quadratic", 3, 3, 0, List.of(adam, adam)));
        assertTrue(twice.getMessage().contains("adam appears twice"), twice.getMessage());
    }
}
