package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.BundledOptimizers;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import picocli.CommandLine;

/** The {@code l2l} command run in-process: exit codes, the one-line usage errors, and the files it writes. */
class MainTest {

    /** The fields of summary.json other programs read; the writer may add more. */
    private static final Set<String> SUMMARY_FIELDS = Set.of("problem", "steps", "seeds", "optimizers");
    private static final Set<String> OPTIMIZER_FIELDS = Set.of("name", "lr", "final_loss_mean", "final_loss_ci95",
            "curve_mean", "curve_ci95_lo", "curve_ci95_hi");

    @TempDir
    Path tmp;

    private static CliRun l2l(String... args) {
        return CliRun.l2l(args);
    }

    private static void assertUsageError(CliRun run, String... fragments) {
        run.assertUsageError(fragments);
    }

    /** {@code evaluate} of adam at lr 0.1 on 3 steps of 2 quadratics, with {@code flagsAndValues} added or replaced. */
    private static String[] evaluate(String... flagsAndValues) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--optimizer", "adam", "--lr", "0.1",
                "--problem", "quadratic", "--steps", "3", "--seeds", "2"));
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            options.put(flagsAndValues[i], flagsAndValues[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("evaluate"));
        options.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        return args.toArray(String[]::new);
    }

    /** picocli breaks each description line at 80 columns by itself; a longer line would print as a ragged pair. */
    @Test
    void everyCommandsDescriptionFitsAnEightyColumnHelpScreen() {
        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null,
                false, Main.class.getClassLoader());
        for (CommandLine command : cli.getSubcommands().values()) {
            for (String line : command.getCommandSpec().usageMessage().description()) {
                assertTrue(String.format(line).length() < 80, command.getCommandName() + ": " + line);
            }
        }
    }

    // ---- bad usage: exit 2, one line naming the flag or value ----

    @Test
    void unknownFlagIsNamed() {
        assertUsageError(l2l(evaluate("--bogus", "1")), "l2l evaluate:", "Unknown option", "'--bogus'");
    }

    /** cli alone has no Spark (the spark module adds it through ServiceLoader): evaluate and compare refuse --spark by name. */
    @Test
    void sparkWithoutTheSparkModuleIsAUsageErrorWritingNothing() {
        Path out = tmp.resolve("never");
        assertUsageError(l2l(evaluate("--spark", "local[2]", "--out", out.toString())),
                "l2l evaluate: --spark: this classpath has no Spark support");
        assertUsageError(l2l("compare", "--problem", "quadratic", "--spark", "local[2]", "--out", out.toString()),
                "l2l compare: --spark: this classpath has no Spark support");
        assertFalse(Files.exists(out.resolve("summary.json")));
    }

    @Test
    void badNumberIsNamedWithItsFlag() {
        assertUsageError(l2l(evaluate("--steps", "ten")), "'--steps'", "'ten'");
        assertUsageError(l2l(evaluate("--lr", "fast")), "'--lr'", "'fast'");
    }

    @Test
    void outOfRangeNumbersAreNamed() {
        assertUsageError(l2l(evaluate("--steps", "0")), "--steps: must be at least 1, got 0");
        assertUsageError(l2l(evaluate("--seeds", "-3")), "--seeds: must be at least 1, got -3");
        assertUsageError(l2l(evaluate("--lr", "-0.5")), "--lr: must be finite and > 0, got -0.5");
        assertUsageError(l2l(evaluate("--threads", "0")), "--threads: must be at least 1, got 0");
    }

    @Test
    void unknownOptimizerIsNamed() {
        assertUsageError(l2l("evaluate", "--optimizer", "adamw", "--problem", "quadratic"),
                "--optimizer: 'adamw' is neither a baseline (sgd, nag, rmsprop, adam) nor an existing file");
    }

    @Test
    void badProblemSpecGivesTheOptimizeeMessage() {
        assertUsageError(l2l(evaluate("--problem", "quadratik")), "--problem:", "quadratik", "quadratic", "mnist");
        assertUsageError(l2l(evaluate("--problem", "mnist:hiden=40")), "--problem:", "hiden");
    }

    @Test
    void missingDataOrAFileWithoutExamplesIsNamed() throws IOException {
        Path missing = tmp.resolve("no-such-dir");
        assertUsageError(l2l(evaluate("--problem", "mnist", "--data", missing.toString())),
                "--data: " + missing + " does not exist");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertUsageError(l2l(evaluate("--problem", "mnist", "--data", file.toString())),
                "--data: " + file + ": empty data set");
    }

    @Test
    void dataDirectoryWithoutMnistFilesIsNamed() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertUsageError(l2l(evaluate("--problem", "mnist", "--data", empty.toString())), "--data:");
    }

    @Test
    void outputPathThatIsAFileOrUnderAFileIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("results"), "x");
        assertUsageError(l2l(evaluate("--out", file.toString())), "--out: " + file + " is a file, not a directory");
        Path under = file.resolve("sub");
        assertUsageError(l2l("compare", "--problem", "quadratic", "--out", under.toString()),
                "--out: cannot create directory " + under);
    }

    @Test
    void seedRangesAndLearningRatesOutOfRangeAreNamed() {
        assertUsageError(l2l(evaluate("--seed", "-1")), "--seed: must be in 0..", "got -1");
        assertUsageError(l2l(evaluate("--seed", String.valueOf(Long.MAX_VALUE))), "--seed: must be in 0..");
        assertUsageError(l2l("compare", "--problem", "quadratic", "--tuning-seeds", "0", "--out", "unused"),
                "--tuning-seeds: must be at least 1, got 0");
        assertUsageError(l2l("compare", "--problem", "quadratic", "--tuning-seed", "-5", "--out", "unused"),
                "--tuning-seed: must be in 0..", "got -5");
        assertUsageError(l2l(evaluate("--lr", "NaN")), "--lr: must be finite and > 0, got NaN");
        assertUsageError(l2l(evaluate("--lr", "1e-50")), "--lr: learning rate must be finite and > 0 in float32");
        assertUsageError(l2l(evaluate("--seeds", "many")), "'--seeds'", "'many'");
    }

    @Test
    void damagedMnistFilesAreNamedUnderTheDataFlag() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("mnist"));
        for (String split : List.of("train", "t10k")) { // IDX magic numbers, then a header cut short
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0});
        }
        assertUsageError(l2l(evaluate("--problem", "mnist", "--data", dir.toString())),
                "--data: " + dir.resolve("train-images-idx3-ubyte"), "truncated");
    }

    @Test
    void overlappingEvaluationAndTuningSeedsAreNamed() {
        assertUsageError(l2l("compare", "--problem", "quadratic", "--seed", "1999990", "--out", "unused"),
                "--seed 1999990: evaluation seeds 1999990..2000009 overlap the tuning seeds 2000000..2000004");
    }

    @Test
    void learningRateForALearnedOptimizerIsRejected() throws IOException {
        Path file = Files.writeString(tmp.resolve("opt.json"), "{}");
        assertUsageError(l2l("evaluate", "--optimizer", file.toString(), "--lr", "0.1", "--problem", "quadratic"),
                "--lr: only a baseline");
    }

    @Test
    void unreadableOptimizerFileIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("garbage.bin"), "not an optimizer");
        assertUsageError(l2l("evaluate", "--optimizer", file.toString(), "--problem", "quadratic"),
                "--optimizer: cannot load a learned optimizer from " + file);
        assertUsageError(l2l("compare", "--problem", "quadratic", "--optimizer", tmp.resolve("none").toString(),
                "--out", tmp.resolve("out").toString()), "--optimizer: " + tmp.resolve("none") + " does not exist");
    }

    @Test
    void missingCommandOrRequiredOptionIsNamed() {
        assertUsageError(l2l(), "missing command", "evaluate", "compare");
        assertUsageError(l2l("compare", "--problem", "quadratic"), "Missing required option", "--out");
        assertUsageError(l2l("frobnicate"), "Unmatched argument", "'frobnicate'");
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        CliRun run = l2l("compare", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("--tuning-seeds"), run.out());
        assertEquals("", run.err());
    }

    // ---- unexpected failures: exit 1, one line, stack trace only when debugging ----

    @Test
    void unexpectedFailureIsOneLineWithExitOne() {
        StringWriter err = new StringWriter();
        int code = Main.failure(new IllegalStateException("disk full\nwhile writing"), new PrintWriter(err), false);
        assertEquals(1, code);
        assertEquals(List.of("l2l: failed: IllegalStateException: disk full; while writing (L2L_DEBUG=1 shows the stack trace)"),
                err.toString().lines().toList());
    }

    @Test
    void debugShowsTheStackTrace() {
        StringWriter err = new StringWriter();
        Main.failure(new IllegalStateException("disk full"), new PrintWriter(err), true);
        assertTrue(err.toString().contains("\tat org.l2l4j.cli.MainTest"), err.toString());
    }

    // ---- runs on a tiny quadratic ----

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** Checks the public fields of summary.json and returns the optimizer names in order. */
    private static List<String> checkSummary(Path dir, int steps, int seeds) throws IOException {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertTrue(fieldNames(json).containsAll(SUMMARY_FIELDS), fieldNames(json).toString());
        assertEquals("quadratic", json.get("problem").asText());
        assertEquals(steps, json.get("steps").asInt());
        assertEquals(seeds, json.get("seeds").asInt());
        List<String> names = new ArrayList<>();
        for (JsonNode optimizer : json.get("optimizers")) {
            assertTrue(fieldNames(optimizer).containsAll(OPTIMIZER_FIELDS), fieldNames(optimizer).toString());
            names.add(optimizer.get("name").asText());
            assertTrue(optimizer.get("final_loss_mean").isNumber());
            assertEquals(2, optimizer.get("final_loss_ci95").size());
            for (String curve : List.of("curve_mean", "curve_ci95_lo", "curve_ci95_hi")) {
                assertEquals(steps + 1, optimizer.get(curve).size(), curve);
            }
            assertEquals(optimizer.get("final_loss_mean").asDouble(), optimizer.get("curve_mean").get(steps).asDouble(), 0);
        }
        List<String> csv = Files.readAllLines(dir.resolve("curves.csv"));
        assertEquals(steps + 2, csv.size());
        assertEquals(1 + 3 * names.size(), csv.get(0).split(",").length);
        assertTrue(Files.size(dir.resolve("loss.png")) > 1000);
        assertTrue(Files.size(dir.resolve("loss.svg")) > 1000);
        return names;
    }

    @Test
    void evaluateWithALearningRatePrintsTheResultAndWritesTheFiles() throws IOException {
        Path out = tmp.resolve("eval");
        CliRun run = l2l(evaluate("--out", out.toString()));
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("adam"), checkSummary(out, 3, 2));
        List<String> lines = run.out().lines().toList();
        assertEquals("quadratic, 3 steps, 2 seeds 1000000..1000001", lines.get(0));
        assertTrue(lines.get(2).matches("adam +0\\.1 +[0-9.e+-]+ +\\[[0-9.e+-]+, [0-9.e+-]+\\] +0/2"), lines.get(2));
        assertEquals(3 + 4, lines.size(), run.out()); // header, column names, one row, four files
        assertTrue(run.errLines().get(run.errLines().size() - 1).matches("l2l evaluate: done in [0-9.]+ s"), run.err());
    }

    @Test
    void onMnistTheLossOnAllTrainingDataAndTheTestMetricsArePrintedAndWrittenToo() throws IOException {
        Path out = tmp.resolve("mnist");
        CliRun run = l2l("evaluate", "--optimizer", "sgd", "--lr", "1", "--problem", "mnist:hidden=4,batch=16",
                "--steps", "2", "--seeds", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).matches("optimizer +lr +final loss +95% interval +train loss +95% interval"
                + " +test loss +95% interval +test acc +95% interval +diverged"), lines.get(1));
        String number = "[0-9.e+-]+";
        String pair = " +" + number + " +\\[" + number + ", " + number + "\\]";
        assertTrue(lines.get(2).matches("sgd +1" + pair.repeat(4) + " +0/2"), lines.get(2));
        assertTrue(lines.get(3).startsWith("final loss: f(θ_2) on step 2's minibatch; train loss: on all training data"),
                lines.get(3));
        assertTrue(lines.get(3).endsWith("; test: on the held-out test split"), lines.get(3));
        JsonNode sgd = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("optimizers").get(0);
        assertTrue(sgd.get("final_train_loss_mean").asDouble() > 0, sgd.toString());
        assertEquals(2, sgd.get("final_train_loss_ci95").size());
        assertTrue(sgd.get("final_test_loss_mean").asDouble() > 0, sgd.toString());
        double accuracy = sgd.get("final_test_accuracy_mean").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, sgd.toString());
        assertEquals(2, sgd.get("final_test_accuracy_ci95").size());
        assertTrue(Files.isRegularFile(out.resolve("test.png")) && Files.isRegularFile(out.resolve("test.svg")));
    }

    @Test
    void evaluateWithoutALearningRateTunesItFirst() throws IOException {
        Path out = tmp.resolve("tuned");
        CliRun run = l2l("evaluate", "--optimizer", "sgd", "--problem", "quadratic", "--steps", "3", "--seeds", "2",
                "--tuning-seeds", "1", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("sgd: learning rate "), run.err());
        JsonNode sgd = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("optimizers").get(0);
        assertEquals(2_000_000, sgd.get("tuning").get("seed_base").asLong());
        JsonNode grid = sgd.get("tuning").get("grid");
        // The 11 rates 1 .. 1e-5, and more above 1 while the largest tried is still the best.
        assertTrue(grid.size() >= 11, grid.toString());
        assertTrue(sgd.get("lr").isNumber());
    }

    @Test
    void compareTunesEveryBaselineAndWritesTheFourFiles() throws IOException {
        Path out = tmp.resolve("cmp");
        CliRun run = l2l("compare", "--problem", "quadratic", "--steps", "4", "--seeds", "3", "--tuning-seeds", "1",
                "--seed", "77", "--no-bundled", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("sgd", "nag", "rmsprop", "adam"), checkSummary(out, 4, 3));
        assertEquals(77, new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("seed_base").asLong());
        assertEquals(2 + 4 + 4, run.out().lines().count(), run.out());
    }

    @Test
    void divergedRunsAreReportedNotDropped() throws IOException {
        Path out = tmp.resolve("diverged");
        CliRun run = l2l(evaluate("--optimizer", "sgd", "--lr", "1e30", "--out", out.toString()));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("sgd +1E\\+30 +- +- +2/2")), run.out());
        assertTrue(run.err().contains("sgd: all 2 runs diverged"), run.err());
        JsonNode sgd = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("optimizers").get(0);
        assertEquals(2, sgd.get("diverged").asInt());
        assertTrue(sgd.get("final_loss_mean").isNull());
        assertEquals(4, sgd.get("curve_mean").size());
    }

    private Path learnedOptimizerFile() throws IOException {
        Path file = tmp.resolve("untrained.lstm");
        OptimizerFile.write(file, LstmWeights.initial(LstmConfig.defaults(), 5), "quadratic", Map.of());
        return file;
    }

    @Test
    void compareAddsTheLearnedOptimizerAsLstmWithoutALearningRate() throws IOException {
        Path out = tmp.resolve("with-lstm");
        CliRun run = l2l("compare", "--problem", "quadratic", "--optimizer", learnedOptimizerFile().toString(),
                "--steps", "3", "--seeds", "2", "--tuning-seeds", "1", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "lstm"), checkSummary(out, 3, 2));
        JsonNode lstm = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("optimizers").get(4);
        assertTrue(lstm.get("lr").isNull());
        assertTrue(!lstm.has("tuning"));
    }

    /** A class loader that holds {@code weights} as the bundled default optimizer and sees nothing else of the classpath. */
    private URLClassLoader bundling(LstmWeights weights) throws IOException {
        Path classes = tmp.resolve("classes-" + weights.hashCode());
        OptimizerFile.write(classes.resolve("org/l2l4j/lstm/bundled/" + BundledOptimizers.DEFAULT + ".l2l"), weights,
                "mnist", Map.of());
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }

    private static String[] compare(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "--problem", "quadratic", "--steps", "3", "--seeds", "2",
                "--tuning-seeds", "1", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static JsonNode optimizerEntry(Path dir, String name) throws IOException {
        for (JsonNode optimizer : new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("optimizers")) {
            if (optimizer.get("name").asText().equals(name)) {
                return optimizer;
            }
        }
        throw new AssertionError("no " + name + " in " + dir.resolve("summary.json"));
    }

    @Test
    void compareWithoutAnOptimizerAddsTheBundledOneAsLstm() throws IOException {
        LstmWeights bundled = LstmWeights.initial(LstmConfig.defaults(), 5);
        try (URLClassLoader resources = bundling(bundled)) {
            Path out = tmp.resolve("bundled");
            CliRun run = CliRun.l2l(resources, compare(out));
            assertEquals(0, run.code(), run.err());
            assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "lstm"), checkSummary(out, 3, 2));
            assertTrue(run.err().contains("lstm is the bundled optimizer \"" + BundledOptimizers.DEFAULT + "\""), run.err());
            // The same numbers as the same weights given as a file: it is the bundled file that ran.
            Path given = tmp.resolve("given");
            assertEquals(0, l2l(compare(given, "--optimizer", learnedOptimizerFile().toString())).code());
            assertEquals(optimizerEntry(given, "lstm"), optimizerEntry(out, "lstm"));
        }
    }

    @Test
    void bundledIdNamesAShippedOptimizerInCompareAndEvaluate() throws IOException {
        String byId = LearnedOptimizers.BUNDLED + BundledOptimizers.DEFAULT;
        try (URLClassLoader resources = bundling(LstmWeights.initial(LstmConfig.defaults(), 5))) {
            Path out = tmp.resolve("by-id");
            CliRun compared = CliRun.l2l(resources, compare(out, "--optimizer", byId));
            assertEquals(0, compared.code(), compared.err());
            Path given = tmp.resolve("given");
            assertEquals(0, l2l(compare(given, "--optimizer", learnedOptimizerFile().toString())).code());
            assertEquals(optimizerEntry(given, "lstm"), optimizerEntry(out, "lstm"), "the same weights ran");
            CliRun evaluated = CliRun.l2l(resources, "evaluate", "--optimizer", byId, "--problem", "quadratic",
                    "--steps", "3", "--seeds", "2");
            assertEquals(0, evaluated.code(), evaluated.err());
        }
    }

    @Test
    void anUnknownOrUnshippedBundledIdIsAUsageErrorListingTheKnownIds() throws IOException {
        String known = "known ids: " + String.join(", ", BundledOptimizers.IDS);
        assertUsageError(l2l("evaluate", "--optimizer", "bundled:nope", "--problem", "quadratic"),
                "--optimizer: unknown bundled optimizer \"nope\"; " + known);
        assertUsageError(l2l(compare(tmp.resolve("out"), "--optimizer", "bundled:")),
                "--optimizer: unknown bundled optimizer \"\"; " + known);
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            CliRun run = CliRun.l2l(nothing, "evaluate", "--optimizer", "bundled:" + BundledOptimizers.DEFAULT,
                    "--problem", "quadratic");
            run.assertUsageError("--optimizer: this build does not ship the bundled optimizer \"" + BundledOptimizers.DEFAULT);
        }
    }

    @Test
    void aGivenOptimizerOrNoBundledLeavesTheBundledOneOut() throws IOException {
        try (URLClassLoader resources = bundling(LstmWeights.initial(LstmConfig.defaults(), 99))) {
            Path bundledOut = tmp.resolve("bundled");
            assertEquals(0, CliRun.l2l(resources, compare(bundledOut)).code());
            Path givenOut = tmp.resolve("given");
            CliRun given = CliRun.l2l(resources, compare(givenOut, "--optimizer", learnedOptimizerFile().toString()));
            assertEquals(0, given.code(), given.err());
            assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "lstm"), checkSummary(givenOut, 3, 2));
            assertTrue(!optimizerEntry(givenOut, "lstm").equals(optimizerEntry(bundledOut, "lstm")),
                    "the lstm entry should be the given file's (seed 5), not the bundled one's (seed 99)");
            assertTrue(!given.err().contains("bundled"), given.err());

            Path left = tmp.resolve("left-out");
            CliRun noBundled = CliRun.l2l(resources, compare(left, "--no-bundled"));
            assertEquals(0, noBundled.code(), noBundled.err());
            assertEquals(List.of("sgd", "nag", "rmsprop", "adam"), checkSummary(left, 3, 2));
            assertTrue(!noBundled.err().contains("bundled"), noBundled.err());
        }
    }

    @Test
    void withoutABundledOptimizerCompareRunsTheBaselinesAloneAndSaysSoOnce() throws IOException {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            Path out = tmp.resolve("alone");
            CliRun run = CliRun.l2l(nothing, compare(out));
            assertEquals(0, run.code(), run.err());
            assertEquals(List.of("sgd", "nag", "rmsprop", "adam"), checkSummary(out, 3, 2));
            assertEquals(1, run.errLines().stream()
                    .filter(line -> line.contains("no bundled optimizer ships in this build")).count(), run.err());
        }
    }

    /**
     * {@code --correction-steps} overrides the file's: evaluating with it gives what the file with those
     * correction steps written in gives; it is refused for a baseline, an LSTM without a base step and
     * {@code --no-bundled}.
     */
    @Test
    void correctionStepsOverrideTheFilesAndAreRefusedWhereNothingTakesThem() throws IOException {
        LstmConfig based = LstmConfig.defaults().withBase(BaseStep.nesterov(0.05, 0.9));
        float[] values = LstmWeights.initial(LstmConfig.defaults(), 3).values(); // a random output layer too
        Path always = tmp.resolve("always.l2l");
        OptimizerFile.write(always, LstmWeights.of(based, values), "quadratic", Map.of());
        Path first2 = tmp.resolve("first2.l2l");
        OptimizerFile.write(first2, LstmWeights.of(based.withBase(based.base().withCorrectionSteps(2)), values),
                "quadratic", Map.of());
        String[] steps = {"--problem", "quadratic", "--steps", "6", "--seeds", "2"};
        CliRun overridden = l2l(concat(new String[] {"evaluate", "--optimizer", always.toString(),
            "--correction-steps", "2"}, steps));
        CliRun written = l2l(concat(new String[] {"evaluate", "--optimizer", first2.toString()}, steps));
        CliRun plain = l2l(concat(new String[] {"evaluate", "--optimizer", always.toString()}, steps));
        assertEquals(0, overridden.code(), overridden.err());
        assertEquals(written.out(), overridden.out());
        assertTrue(!plain.out().equals(overridden.out()), "the correction steps changed nothing:\n" + plain.out());

        assertUsageError(l2l("evaluate", "--optimizer", "nag", "--lr", "0.1", "--correction-steps", "2",
                "--problem", "quadratic"), "--correction-steps: only for a learned optimizer, not nag");
        assertUsageError(l2l("evaluate", "--optimizer", learnedOptimizerFile().toString(), "--correction-steps", "2",
                "--problem", "quadratic"), "--correction-steps: " + learnedOptimizerFile()
                + ": needs a base step to hand over to");
        assertUsageError(l2l(compare(tmp.resolve("none"), "--no-bundled", "--correction-steps", "2")),
                "--correction-steps: no learned optimizer to apply it to (--no-bundled)");
    }

    /** {@code --scale-factor F} gives what the file with its output scale times F gives; F must be > 0. */
    @Test
    void aScaleFactorOverridesTheFilesOutputScale() throws IOException {
        LstmConfig config = LstmConfig.defaults();
        float[] values = LstmWeights.initial(config, 3).values();
        Path file = tmp.resolve("scale1.l2l");
        OptimizerFile.write(file, LstmWeights.of(config, values), "quadratic", Map.of());
        Path half = tmp.resolve("scale-half.l2l");
        OptimizerFile.write(half, LstmWeights.of(config.withOutputScale(0.05), values), "quadratic", Map.of());
        String[] steps = {"--problem", "quadratic", "--steps", "6", "--seeds", "2"};
        CliRun overridden = l2l(concat(new String[] {"evaluate", "--optimizer", file.toString(), "--scale-factor", "0.5"}, steps));
        CliRun written = l2l(concat(new String[] {"evaluate", "--optimizer", half.toString()}, steps));
        assertEquals(0, overridden.code(), overridden.err());
        assertEquals(written.out(), overridden.out());
        assertUsageError(l2l(concat(new String[] {"evaluate", "--optimizer", file.toString(), "--scale-factor", "0"}, steps)),
                "--scale-factor: must be finite and > 0, got 0.0");
        assertUsageError(l2l("evaluate", "--optimizer", "adam", "--lr", "0.1", "--scale-factor", "2",
                "--problem", "quadratic"), "--scale-factor: only for a learned optimizer, not adam");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void evaluateRunsALearnedOptimizerFromItsFile() throws IOException {
        CliRun run = l2l("evaluate", "--optimizer", learnedOptimizerFile().toString(), "--problem", "quadratic",
                "--steps", "3", "--seeds", "2");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("lstm +- +.*0/2")), run.out());
    }

    @Test
    void aFailedRunLeavesEarlierResultsIntact() throws IOException {
        Path out = tmp.resolve("keep");
        assertEquals(0, l2l(evaluate("--out", out.toString())).code());
        byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
        byte[] png = Files.readAllBytes(out.resolve("loss.png"));
        assertEquals(2, l2l(evaluate("--out", out.toString(), "--problem", "quadratik")).code());
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.json")));
        assertArrayEquals(png, Files.readAllBytes(out.resolve("loss.png")));
    }
}
