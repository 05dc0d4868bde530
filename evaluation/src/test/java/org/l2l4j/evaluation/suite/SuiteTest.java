package org.l2l4j.evaluation.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.evaluation.NoisyQuadratic;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.evaluation.report.Summary;
import org.l2l4j.evaluation.report.SuiteReport;
import org.l2l4j.evaluation.report.SuiteRowResult;

class SuiteTest {

    private static final List<SuiteRow> ROWS = List.of(new SuiteRow(1, "three", "noisy-quadratic:n=3", 5),
            new SuiteRow(2, "two", "noisy-quadratic:n=2", 4));
    private static final Suite.Learned GD = new Suite.Learned(NoisyQuadratic.gradientDescent(0.1f), "gd 0.1");

    @TempDir
    Path tmp;

    /** The rows' problems, made anew per call, so that each records the seeds it was sampled with. */
    private final Map<Integer, NoisyQuadratic> problems = new java.util.HashMap<>();

    private Suite.Settings settings(Set<Integer> selected, int seeds) {
        return new Suite.Settings(ROWS, selected, this::problem, new SeedRange(1_000_000, seeds),
                new SeedRange(2_000_000, 1), 1);
    }

    private Problem problem(SuiteRow row) {
        NoisyQuadratic problem = new NoisyQuadratic(row.number() == 1 ? 3 : 2);
        problems.put(row.number(), problem);
        return problem;
    }

    @Test
    void everyRowHasTheTunedBaselinesUntunedAdamAndTheLearnedOptimizer() throws IOException {
        List<SuiteRowResult> rows = Suite.run(settings(Set.of(1, 2), 8), GD, tmp, new Suite.Listener() { });
        List<SuiteReport.Row> json = SuiteReport.read(tmp.resolve(SuiteReport.SUITE_JSON));
        assertEquals(2, json.size());
        for (int i = 0; i < 2; i++) {
            SuiteReport.Row row = json.get(i);
            assertEquals(i + 1, row.row());
            assertEquals(ROWS.get(i).spec(), row.problem());
            assertEquals(ROWS.get(i).steps(), row.steps());
            assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "adam-default", "gd"),
                    row.optimizers().stream().map(OptimizerSummary::name).toList());
            OptimizerSummary adamDefault = row.optimizers().get(4);
            assertEquals(1e-3, adamDefault.lr());
            assertNull(adamDefault.tuning(), "adam-default is not tuned");
            assertTrue(row.optimizers().subList(0, 4).stream().allMatch(o -> o.tuning() != null));
            Summary report = Summary.read(tmp.resolve("rows/" + (i + 1)).resolve(ReportFiles.SUMMARY_JSON));
            assertEquals(row.optimizers(), report.optimizers(), "the row's summary.json has suite.json's entries");
            assertEquals(8, report.seeds());
            assertTrue(Files.size(tmp.resolve("rows/" + (i + 1)).resolve(ReportFiles.LOSS_PNG)) > 0);
        }
        assertTrue(Files.size(tmp.resolve(SuiteReport.SUITE_PNG)) > 0);
        assertTrue(Files.size(tmp.resolve(SuiteReport.SUITE_SVG)) > 0);
        SuiteRowResult first = rows.get(0);
        assertTrue(first.ratio().bounded(), "no run diverged: the ratio has its interval " + first.ratio());
        double best = first.summary().optimizers().stream().filter(o -> o.tuning() != null)
                .mapToDouble(OptimizerSummary::finalLossMean).min().orElseThrow();
        assertEquals(first.summary().optimizers().get(5).finalLossMean() / best, first.ratio().ratio(), 1e-12);
    }

    @Test
    void finishedRowIsNotRunAgain() throws IOException {
        Suite.run(settings(Set.of(1), 3), GD, tmp, new Suite.Listener() { });
        byte[] suite = Files.readAllBytes(tmp.resolve(SuiteReport.SUITE_JSON));
        problems.clear();
        Suite.run(settings(Set.of(1), 3), GD, tmp, new Suite.Listener() { });
        assertTrue(problems.isEmpty(), "no problem made: nothing to run");
        assertArrayEquals(suite, Files.readAllBytes(tmp.resolve(SuiteReport.SUITE_JSON)));
    }

    @Test
    void newLearnedOptimizerReusesTheBaselinesAndRunsItselfOnly() throws IOException {
        List<SuiteRowResult> before = Suite.run(settings(Set.of(1), 3), GD, tmp, new Suite.Listener() { });
        Suite.Learned slower = new Suite.Learned(NoisyQuadratic.gradientDescent(0.05f), "gd 0.05");
        List<SuiteRowResult> after = Suite.run(settings(Set.of(1), 3), slower, tmp, new Suite.Listener() { });
        assertEquals(3, problems.get(1).sampledSeeds.size(), "one run per evaluation seed, for the learned optimizer");
        List<OptimizerSummary> old = before.get(0).summary().optimizers();
        List<OptimizerSummary> now = after.get(0).summary().optimizers();
        assertEquals(old.subList(0, 5), now.subList(0, 5), "baselines and adam-default reused");
        assertNotEquals(old.get(5), now.get(5));
    }

    @Test
    void interruptedRowContinuesWhereItStopped() throws IOException {
        Path whole = Files.createDirectory(tmp.resolve("whole"));
        Suite.run(settings(Set.of(1), 3), GD, whole, new Suite.Listener() { });
        Path interrupted = Files.createDirectory(tmp.resolve("interrupted"));
        Suite.Listener stopAfterNag = new Suite.Listener() {
            @Override
            public void tuningStarted(String baseline, int runs) {
                if (baseline.equals("rmsprop")) {
                    throw new IllegalStateException("stopped");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> Suite.run(settings(Set.of(1), 3), GD, interrupted, stopAfterNag));
        assertFalse(Files.exists(interrupted.resolve(SuiteReport.SUITE_JSON)));
        problems.clear();
        List<String> ranAgain = new java.util.ArrayList<>();
        Suite.run(settings(Set.of(1), 3), GD, interrupted, new Suite.Listener() {
            @Override
            public void tuned(Tuned tuning) {
                ranAgain.add(tuning.name());
            }
        });
        assertEquals(List.of("rmsprop", "adam"), ranAgain, "sgd and nag were kept");
        assertArrayEquals(Files.readAllBytes(whole.resolve(SuiteReport.SUITE_JSON)),
                Files.readAllBytes(interrupted.resolve(SuiteReport.SUITE_JSON)), "the same results as without a stop");
    }

    @Test
    void rowStoredForOtherSettingsIsRefusedNotMixed() throws IOException {
        Suite.run(settings(Set.of(1), 3), GD, tmp, new Suite.Listener() { });
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Suite.requireResumable(settings(Set.of(1), 4), tmp));
        assertTrue(refused.getMessage().contains("seeds 4 (stored: 3)"), refused.getMessage());
        Suite.requireResumable(settings(Set.of(2), 4), tmp); // row 1 is not asked for
    }

    @Test
    void damagedRowFileIsRefused() throws IOException {
        Path rowDir = Files.createDirectories(tmp.resolve("rows/1"));
        Files.writeString(rowDir.resolve("row.json"), "{\"key\": 3}");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Suite.requireResumable(settings(Set.of(1), 3), tmp));
        assertTrue(refused.getMessage().contains("is not a suite row file"), refused.getMessage());
    }

    @Test
    void resultsDoNotDependOnThreads() throws IOException {
        Path one = Files.createDirectory(tmp.resolve("one"));
        Path two = Files.createDirectory(tmp.resolve("two"));
        Suite.run(settings(Set.of(1), 3), GD, one, new Suite.Listener() { });
        Suite.Settings threaded = new Suite.Settings(ROWS, Set.of(1), this::problem, new SeedRange(1_000_000, 3),
                new SeedRange(2_000_000, 1), 2);
        Suite.run(threaded, GD, two, new Suite.Listener() { });
        assertArrayEquals(Files.readAllBytes(one.resolve(SuiteReport.SUITE_JSON)),
                Files.readAllBytes(two.resolve(SuiteReport.SUITE_JSON)));
    }
}
