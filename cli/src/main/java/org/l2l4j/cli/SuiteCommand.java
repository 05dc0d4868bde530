package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.evaluation.report.SuiteReport;
import org.l2l4j.evaluation.report.SuiteRowResult;
import org.l2l4j.evaluation.suite.Suite;
import org.l2l4j.evaluation.suite.SuiteGoal;
import org.l2l4j.evaluation.suite.SuiteRow;
import org.l2l4j.lstm.LearnedUpdater;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.optimizee.Problems;
import org.l2l4j.optimizee.TeacherTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code l2l suite}: the evaluation suite of issue 17 ({@link SuiteRows}), each row a comparison with the
 * baselines tuned on the row's own problem and horizon, Adam at DL4J's default rate, and the learned optimizer;
 * resumable ({@link Suite}).
 */
@Command(name = "suite", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the evaluation suite: on each row (problem and steps) tune sgd, nag,",
            "rmsprop and adam, and evaluate them, adam-default (Adam at DL4J's default",
            "learning rate 0.001, untuned) and the learned optimizer on the same seeds.",
            "Writes DIR/rows/<row>/ (summary.json, curves.csv, loss.png, ...),",
            "DIR/suite.json, DIR/suite.png and DIR/suite.svg. Stopped, it continues where",
            "it was when run again; with another --optimizer it reuses the tuned",
            "baselines. Rows:",
            "  1 mnist, 100 steps          2 mnist, 1000 steps",
            "  3 mnist:activation=relu, 200 steps",
            "  4 mnist:layers=2,hidden=64,activation=tanh, 500 steps",
            "  5 cnn, 500 steps            6 quadratic, 100 steps",
            "  7 mnist:batch=32, 2000 steps",
            "  8 dl4j: a teacher network's CSV (50 features, 5 classes, 20,000 rows,",
            "    written to DIR/data), MLP 50-64-5 ReLU, 1000 steps"})
final class SuiteCommand implements CheckedCommand {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    /** The suite's rows; tests put small ones here. */
    List<SuiteRows.Definition> rows = SuiteRows.ISSUE_17;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory of the suite's files; run"
            + " again with the same flags, it continues")
    Path out;

    @Option(names = "--seeds", defaultValue = "" + SeedOptions.DEFAULT_SEEDS, paramLabel = "K",
            description = "evaluation seeds of every row, the same for every optimizer (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--tuning-seeds", defaultValue = "" + SeedOptions.DEFAULT_TUNING_SEEDS, paramLabel = "K",
            description = "seeds each learning rate of the grid is tried on (default: ${DEFAULT-VALUE})")
    int tuningSeeds;

    @Mixin
    LearnedOptimizerOption learnedOption;

    @Option(names = "--rows", split = ",", paramLabel = "N", description = "run these rows only, e.g. 1,3,6"
            + " (default: all); suite.json lists every row finished in DIR")
    List<Integer> selectedRows;

    @Option(names = "--threads", defaultValue = "" + SeedOptions.DEFAULT_THREADS, paramLabel = "T",
            description = "runs at once; results do not depend on it (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--data", paramLabel = "PATH",
            description = "data of the mnist and cnn rows: a directory of IDX files or class folders of images"
                    + " (default: the embedded mnist-10k subset)")
    Path data;

    @Mixin
    SparkOption spark;

    @Option(names = "--data-only", description = "write the tabular row's files (DIR/data: CSV files and the"
            + " network's DL4J configuration) and stop")
    boolean dataOnly;

    @Override
    public Run prepare() {
        CommandLine cli = spec.commandLine();
        Progress progress = main.progress();
        SeedOptions.atLeastOne("--seeds", seeds, cli);
        SeedOptions.atLeastOne("--tuning-seeds", tuningSeeds, cli);
        SeedOptions.atLeastOne("--threads", threads, cli);
        SeedRange evaluationSeeds = SeedRange.evaluation(seeds);
        SeedRange tuning = SeedRange.tuning(tuningSeeds);
        if (tuning.overlaps(evaluationSeeds)) {
            throw new ParameterException(cli, "--seeds: evaluation seeds " + evaluationSeeds + " overlap the tuning seeds "
                    + tuning);
        }
        Set<Integer> selected = selected(cli);
        Path outDir = OutputDirectory.prepare(out, "--out", cli, SuiteReport.NAMES);
        Path dataDir = outDir.resolve(SuiteRows.DATA).toAbsolutePath().normalize();
        boolean teacherSelected = selected.stream().anyMatch(n -> rows.get(n - 1).teacher() != null);
        if (dataOnly || teacherSelected) {
            requireSpecSafe(dataDir, cli);
            OutputDirectory.prepare(dataDir, "--out", cli, List.of(TeacherTask.TRAIN_CSV, TeacherTask.TEST_CSV,
                    TeacherTask.STUDENT_JSON));
        }
        if (dataOnly) {
            return () -> {
                List<Path> written = writeTeacherFiles(dataDir, rows);
                Results.printWritten(written, cli.getOut());
                return 0;
            };
        }
        LstmOptimizer learned = learnedOption.load(cli, main);
        Map<Integer, Problem> parsed = new HashMap<>();
        List<SuiteRow> suiteRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            SuiteRows.Definition definition = rows.get(i);
            if (definition.teacher() != null) {
                suiteRows.add(definition.row(i + 1, definition.teacherSpec(dataDir)));
            } else {
                Problem problem = ProblemOptions.parse(cli, data, d -> Problems.parse(definition.spec(), d));
                parsed.put(i + 1, problem);
                suiteRows.add(definition.row(i + 1, problem.spec()));
            }
        }
        int longest = suiteRows.stream().filter(r -> selected.contains(r.number())).mapToInt(SuiteRow::steps).max()
                .orElseThrow();
        SeedOptions.requireMemory(longest, seeds, tuningSeeds, threads, true, 6, cli);
        Suite.Settings settings = new Suite.Settings(suiteRows, selected,
                row -> parsed.computeIfAbsent(row.number(), n -> Problems.parse(row.spec())), evaluationSeeds, tuning,
                threads);
        try {
            Suite.requireResumable(settings, outDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--out: " + Main.oneLine(e.getMessage()));
        }
        for (SuiteRow row : suiteRows) {
            if (selected.contains(row.number())) {
                List<String> files = new ArrayList<>(ReportFiles.NAMES);
                files.add(Suite.ROW_STATE);
                OutputDirectory.prepare(Suite.rowDirectory(outDir, row), "--out", cli, files);
            }
        }
        Suite.Learned identified = new Suite.Learned(learned, LearnedUpdater.of(learned.weights()).sha256());
        TrainingRuns runs = spark.open(threads, cli);
        return new Run() {
            @Override
            public Integer call() throws IOException {
                progress.message("l2l suite: rows %s, %d seeds, %d tuning seeds, learned optimizer %s (sha256 %s)",
                        selected, seeds, tuningSeeds, learnedOption.name(), identified.identity().substring(0, 12));
                if (teacherSelected) {
                    writeTeacherFiles(dataDir, rows);
                }
                List<SuiteRowResult> finished = Suite.run(settings, runs, identified, outDir,
                        new SuiteProgress(progress, tuning, cli.getOut(), selected.size()));
                for (SuiteRowResult row : finished) {
                    cli.getOut().printf("row %d: %s%n", row.row(), SuiteProgress.ratio(row));
                }
                for (SuiteGoal goal : SuiteGoal.of(finished, identified.name())) {
                    cli.getOut().printf("goal: %s%n", goal.line());
                }
                Results.printWritten(SuiteReport.NAMES.stream().map(outDir::resolve).toList(), cli.getOut());
                progress.message("l2l suite: done in %.1f s; suite.json lists %d of %d rows", progress.elapsedSeconds(),
                        finished.size(), rows.size());
                return 0;
            }

            @Override
            public void close() {
                runs.close();
            }
        };
    }

    /** {@code --rows}, every row if not given; each a row number, once. */
    private Set<Integer> selected(CommandLine cli) {
        Set<Integer> numbers = new TreeSet<>();
        if (selectedRows == null) {
            for (int n = 1; n <= rows.size(); n++) {
                numbers.add(n);
            }
            return numbers;
        }
        for (int n : selectedRows) {
            if (n < 1 || n > rows.size()) {
                throw new ParameterException(cli, "--rows: no row " + n + "; the suite's rows are 1.." + rows.size());
            }
            if (!numbers.add(n)) {
                throw new ParameterException(cli, "--rows: row " + n + " is given twice");
            }
        }
        return numbers;
    }

    /** A problem spec separates its keys by ',' and '=': the tabular row's files must not have them in their path. */
    private static void requireSpecSafe(Path dataDir, CommandLine cli) {
        String path = dataDir.toString();
        if (path.contains(",") || path.contains("=")) {
            throw new ParameterException(cli, "--out: the tabular row's files go to " + dataDir + ", whose ',' or '='"
                    + " a dl4j: problem spec cannot hold; choose a directory without them");
        }
    }

    /** Writes the files of every teacher task among {@code definitions} into {@code dataDir}; returns their paths. */
    private static List<Path> writeTeacherFiles(Path dataDir, List<SuiteRows.Definition> definitions) throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (SuiteRows.Definition definition : definitions) {
            if (definition.teacher() != null) {
                definition.teacher().files().forEach((name, content) -> files.put(dataDir.resolve(name), content));
            }
        }
        AtomicFiles.writeAll(files);
        return List.copyOf(files.keySet());
    }
}
