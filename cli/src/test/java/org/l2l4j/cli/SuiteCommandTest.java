package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.SuiteReport;
import org.l2l4j.evaluation.suite.SuiteGoal;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import org.l2l4j.optimizee.TeacherTask;
import picocli.CommandLine;

/** {@code l2l suite} on two tiny rows: a 5-step quadratic and a 5-step MLP on a small generated teacher CSV. */
class SuiteCommandTest {

    private static final List<SuiteRows.Definition> TINY = List.of(
            SuiteRows.Definition.of("quadratic:dim=3,batch=4", 5),
            new SuiteRows.Definition(null, new TeacherTask(4, 3, 3, 6, 60, 20, 5), 5));

    @TempDir
    Path tmp;

    private Path optimizer;
    private Path otherOptimizer;

    @BeforeEach
    void optimizers() throws IOException {
        optimizer = tmp.resolve("a.l2l");
        otherOptimizer = tmp.resolve("b.l2l");
        OptimizerFile.write(optimizer, LstmWeights.initial(LstmConfig.defaults(), 5), "quadratic", Map.of());
        OptimizerFile.write(otherOptimizer, LstmWeights.initial(LstmConfig.defaults(), 6), "quadratic", Map.of());
    }

    /** {@code l2l suite args} with {@code rows} as the suite's rows. */
    static CliRun suite(List<SuiteRows.Definition> rows, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new PrintWriter(out), new PrintWriter(err), null, false,
                Main.class.getClassLoader());
        ((SuiteCommand) cli.getSubcommands().get("suite").getCommand()).rows = rows;
        List<String> all = new ArrayList<>(List.of("suite"));
        all.addAll(List.of(args));
        int code = Main.execute(cli, all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The tiny suite on 3 seeds and 1 tuning seed, unless {@code more} gives these flags. */
    private CliRun tinySuite(Path out, Path learned, String... more) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--optimizer", learned.toString()));
        args.addAll(List.of(more));
        for (String[] fallback : new String[][] {{"--seeds", "3"}, {"--tuning-seeds", "1"}}) {
            if (!args.contains(fallback[0])) {
                args.addAll(List.of(fallback));
            }
        }
        return suite(TINY, args.toArray(String[]::new));
    }

    @Test
    void suiteJsonListsEveryRowWithEveryOptimizerAndTestMetrics() throws IOException {
        Path out = tmp.resolve("out");
        CliRun run = tinySuite(out, optimizer);
        assertEquals(0, run.code(), run.err());
        List<SuiteReport.Row> rows = SuiteReport.read(out.resolve("suite.json"));
        assertEquals(List.of(1, 2), rows.stream().map(SuiteReport.Row::row).toList());
        assertEquals("quadratic:dim=3,batch=4", rows.get(0).problem());
        assertEquals("dl4j:conf=" + out.toAbsolutePath().resolve("data/student-mlp.json") + ",data="
                + out.toAbsolutePath().resolve("data/teacher-train.csv") + ",test="
                + out.toAbsolutePath().resolve("data/teacher-test.csv"), rows.get(1).problem());
        for (SuiteReport.Row row : rows) {
            assertEquals(5, row.steps());
            assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "adam-default", "lstm"),
                    row.optimizers().stream().map(OptimizerSummary::name).toList());
        }
        for (OptimizerSummary optimizer : rows.get(1).optimizers()) {
            assertNotNull(optimizer.finalTestAccuracyMean(), optimizer.name() + " has its test accuracy");
            assertNotNull(optimizer.finalTrainLossMean(), optimizer.name() + " has its train loss");
        }
        for (String file : List.of("suite.png", "suite.svg", "rows/1/loss.png", "rows/2/summary.json",
                "rows/2/curves.csv", "rows/2/test.png", "data/teacher-train.csv")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(run.out().contains("row 2: learned / "), run.out());
        List<Integer> belowAdam = new ArrayList<>();
        List<Integer> aboveAdam = new ArrayList<>();
        for (SuiteReport.Row row : rows) {
            (score(row, "lstm") <= score(row, "adam") ? belowAdam : aboveAdam).add(row.row());
        }
        assertTrue(run.out().contains("goal: " + new SuiteGoal("at or below tuned adam", belowAdam, aboveAdam).line()
                + System.lineSeparator()), run.out());
        assertTrue(run.out().contains("goal: test accuracy within 0.5 points of the best tuned baseline: "), run.out());
        assertTrue(run.err().contains("row 1 (1 of 2 this run)") && run.err().contains("sgd: learning rate"), run.err());
    }

    private static double score(SuiteReport.Row row, String optimizer) {
        return row.optimizers().stream().filter(o -> o.name().equals(optimizer)).findFirst().orElseThrow().finalScoreMean();
    }

    @Test
    void finishedRowsAreKeptAndANewOptimizerReusesTheBaselines() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, tinySuite(out, optimizer, "--rows", "1").code());
        byte[] first = Files.readAllBytes(out.resolve("suite.json"));

        CliRun again = tinySuite(out, optimizer, "--rows", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("row 1 (1 of 1 this run): quadratic:dim=3,batch=4, 5 steps: finished before"),
                again.err());
        assertFalse(again.err().contains("learning rate"), again.err());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("suite.json")));

        CliRun other = tinySuite(out, otherOptimizer, "--rows", "1");
        assertEquals(0, other.code(), other.err());
        assertTrue(other.err().contains("running lstm; reusing sgd, nag, rmsprop, adam, adam-default"), other.err());
        assertFalse(other.err().contains("learning rate"), other.err());
        List<OptimizerSummary> before = SuiteReport.read(out.resolve("suite.json")).get(0).optimizers();
        List<SuiteReport.Row> after = SuiteReport.read(out.resolve("suite.json"));
        assertEquals(before.subList(0, 5), after.get(0).optimizers().subList(0, 5));
    }

    @Test
    void rowOfOtherSettingsIsRefusedBeforeAnythingRuns() {
        Path out = tmp.resolve("out");
        assertEquals(0, tinySuite(out, optimizer, "--rows", "1").code());
        tinySuite(out, optimizer, "--rows", "1", "--seeds", "4")
                .assertUsageError("--out: ", "rows/1/row.json", "seeds 4 (stored: 3)");
    }

    @Test
    void badFlagsExitTwoNamingTheFlag() throws IOException {
        Path out = tmp.resolve("out");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        tinySuite(out, optimizer, "--rows", "0").assertUsageError("--rows: no row 0");
        tinySuite(out, optimizer, "--rows", "3").assertUsageError("--rows: no row 3; the suite's rows are 1..2");
        tinySuite(out, optimizer, "--rows", "1,1").assertUsageError("--rows: row 1 is given twice");
        tinySuite(out, optimizer, "--rows", "x").assertUsageError("--rows");
        tinySuite(out, optimizer, "--seeds", "0").assertUsageError("--seeds: must be at least 1");
        tinySuite(out, optimizer, "--tuning-seeds", "0").assertUsageError("--tuning-seeds: must be at least 1");
        tinySuite(out, optimizer, "--threads", "0").assertUsageError("--threads: must be at least 1");
        tinySuite(out, tmp.resolve("none.l2l")).assertUsageError("--optimizer: " + tmp.resolve("none.l2l"), "does not exist");
        tinySuite(file, optimizer).assertUsageError("--out: ", "is a file");
        tinySuite(out, optimizer, "--data", tmp.resolve("none").toString()).assertUsageError("--data: ", "does not exist");
        assertFalse(Files.exists(out.resolve("suite.json")));
    }

    @Test
    void dataOnlyWritesTheTeacherFilesOfTheFullSuite() throws IOException {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.l2l("suite", "--out", out.toString(), "--data-only");
        assertEquals(0, run.code(), run.err());
        Map<String, byte[]> expected = TeacherTask.SUITE.files();
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(out.resolve("data").resolve(file.getKey())), file.getKey());
        }
        assertFalse(Files.exists(out.resolve("suite.json")));
        assertNotEquals(0, Files.size(out.resolve("data/teacher-test.csv")));
    }
}
