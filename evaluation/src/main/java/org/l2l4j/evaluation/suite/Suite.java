package org.l2l4j.evaluation.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.Renamed;
import org.l2l4j.evaluation.PairedRatio;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.evaluation.report.Summary;
import org.l2l4j.evaluation.report.SuiteReport;
import org.l2l4j.evaluation.report.SuiteRowResult;
import org.l2l4j.evaluation.suite.RowState.Stored;

/**
 * The evaluation suite: on every row, each baseline tuned on that row's own problem and horizon
 * ({@link Comparison}, the refined grid), Adam at DL4J's default learning rate untuned
 * ({@value #ADAM_DEFAULT}), and the learned optimizer, all on the same evaluation seeds; a report per row in
 * {@code rows/<number>/} ({@link ReportFiles}) and the suite's own files ({@link SuiteReport}).
 *
 * <p>Resumable: each optimizer's results go to the row's {@link RowState} as soon as it finishes, so a run
 * that is stopped and started again continues with what is not done. The hand-made rules do not depend on
 * the learned optimizer, so when only that changed its runs alone are made again, the baselines reused;
 * they are reused only under an equal {@link RowKey}, and a row stored under another key is refused
 * ({@link #requireResumable}), never mixed.
 */
public final class Suite {

    /** DL4J's Adam as a user would run it: the default learning rate, untuned. */
    public static final String ADAM_DEFAULT = "adam-default";

    /** DL4J 1.0.0-M2.1's default Adam learning rate ({@code Adam.DEFAULT_ADAM_LEARNING_RATE}). */
    public static final double ADAM_DEFAULT_LEARNING_RATE = 1e-3;

    /** The file in a row's directory that records what the row has finished ({@link RowState}). */
    public static final String ROW_STATE = "row.json";

    static final String ROWS = "rows";

    /**
     * @param rows            every row of the suite, in order; {@code suite.json} lists those finished
     * @param selected        the numbers of the rows to run
     * @param problems        a row's problem, made when the row has runs to do
     * @param evaluationSeeds the seeds every optimizer of a row is scored on
     * @param tuningSeeds     the seeds the baselines' learning rates are chosen on, apart from the evaluation seeds
     * @param threads         runs at once; results do not depend on it
     */
    public record Settings(List<SuiteRow> rows, Set<Integer> selected, Function<SuiteRow, Problem> problems,
                           SeedRange evaluationSeeds, SeedRange tuningSeeds, int threads) {

        public Settings {
            rows = List.copyOf(rows);
            selected = Set.copyOf(selected);
            for (int number : selected) {
                if (rows.stream().noneMatch(row -> row.number() == number)) {
                    throw new IllegalArgumentException("no suite row " + number + "; rows are 1.." + rows.size());
                }
            }
            if (tuningSeeds.overlaps(evaluationSeeds)) {
                throw new IllegalArgumentException("tuning seeds " + tuningSeeds + " overlap the evaluation seeds "
                        + evaluationSeeds);
            }
        }

        List<SuiteRow> selectedRows() {
            return rows.stream().filter(row -> selected.contains(row.number())).toList();
        }

        RowKey key(SuiteRow row) {
            return RowKey.of(row, evaluationSeeds, tuningSeeds);
        }
    }

    /**
     * The learned optimizer of a run and its identity: equal identities mean the same rule (e.g. the SHA-256 of
     * its weights), so a row's stored runs of it are reused only under the same identity.
     */
    public record Learned(Optimizer<?> optimizer, String identity) {

        public Learned {
            if (Baselines.NAMES.contains(optimizer.name()) || optimizer.name().equals(ADAM_DEFAULT)) {
                throw new IllegalArgumentException("a learned optimizer named " + optimizer.name()
                        + " would be mistaken for a baseline");
            }
            if (identity == null || identity.isBlank()) {
                throw new IllegalArgumentException("the learned optimizer " + optimizer.name() + " needs an identity");
            }
        }

        public String name() {
            return optimizer.name();
        }
    }

    /** Progress of a suite: its rows, and within a row the comparison's phases. */
    public interface Listener extends Comparison.Listener {

        /** Row {@code row} starts: {@code toRun} optimizers will run, {@code reused} come from an earlier run. */
        default void rowStarted(SuiteRow row, List<String> toRun, List<String> reused) { }

        /** Row {@code result.row()} is finished and its files are written. */
        default void rowFinished(SuiteRowResult result) { }
    }

    private Suite() {
    }

    /** The directory of {@code row}'s files under the suite's directory {@code dir}. */
    public static Path rowDirectory(Path dir, SuiteRow row) {
        return dir.resolve(ROWS).resolve(Integer.toString(row.number()));
    }

    /**
     * Checks, before anything runs, that every selected row's stored results in {@code dir} (if any) can be
     * continued: readable, and computed for the same {@link RowKey}.
     *
     * @throws IllegalArgumentException naming the row's file and what differs
     */
    public static void requireResumable(Settings settings, Path dir) {
        for (SuiteRow row : settings.selectedRows()) {
            Path rowDir = rowDirectory(dir, row);
            Optional<RowState> stored;
            try {
                stored = RowState.read(rowDir);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage() + "; delete " + rowDir + " to run row " + row.number()
                        + " again", e);
            }
            if (stored.isPresent()) {
                String differences = settings.key(row).differences(stored.get().key());
                if (!differences.isEmpty()) {
                    throw new IllegalArgumentException(rowDir.resolve(RowState.FILE) + " holds row " + row.number()
                            + " for other settings: " + differences + "; use another directory, or delete " + rowDir
                            + " to run the row again");
                }
            }
        }
    }

    /**
     * Runs the selected rows, skipping what {@code dir} already holds for them, and writes each row's files
     * and, after every row, the suite's files for every row finished with {@code learned}.
     *
     * @return the rows in {@code suite.json}, in suite order
     * @throws IllegalArgumentException as {@link #requireResumable}
     */
    public static List<SuiteRowResult> run(Settings settings, Learned learned, Path dir, Listener listener)
            throws IOException {
        return run(settings, TrainingRuns.threads(settings.threads()), learned, dir, listener);
    }

    /**
     * {@link #run(Settings, Learned, Path, Listener)} with every training run on {@code runs} (a cluster's,
     * from {@link org.l2l4j.evaluation.RemoteTrainingRuns}); the files are the same wherever the runs happen.
     */
    public static List<SuiteRowResult> run(Settings settings, TrainingRuns runs, Learned learned, Path dir,
                                           Listener listener) throws IOException {
        requireResumable(settings, dir);
        for (SuiteRow row : settings.selectedRows()) {
            runRow(settings, runs, row, learned, dir, listener);
        }
        return writeSuite(settings, learned, dir);
    }

    private static void runRow(Settings settings, TrainingRuns runs, SuiteRow row, Learned learned, Path dir,
                               Listener listener) throws IOException {
        Path rowDir = Files.createDirectories(rowDirectory(dir, row));
        RowState state = RowState.read(rowDir).orElse(RowState.empty(settings.key(row)));
        List<String> toRun = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        for (String name : names(learned)) {
            (current(state, name, learned) ? reused : toRun).add(name);
        }
        listener.rowStarted(row, toRun, reused);
        if (!toRun.isEmpty()) {
            Comparison.Settings comparison = new Comparison.Settings(settings.problems().apply(row), row.steps(),
                    settings.evaluationSeeds(), settings.tuningSeeds(), settings.threads());
            for (String name : toRun) {
                state = state.with(run(comparison, runs, name, learned, listener));
                state.write(rowDir);
            }
        }
        SuiteRowResult result = result(row, state, learned);
        ReportFiles.write(rowDir, result.summary());
        listener.rowFinished(result);
        writeSuite(settings, learned, dir);
    }

    /** The optimizers of a row, in report order. */
    private static List<String> names(Learned learned) {
        List<String> names = new ArrayList<>(Baselines.NAMES);
        names.add(ADAM_DEFAULT);
        names.add(learned.name());
        return names;
    }

    private static Stored run(Comparison.Settings comparison, TrainingRuns runs, String name, Learned learned,
                              Listener listener) {
        boolean tuned = Baselines.NAMES.contains(name);
        boolean isLearned = name.equals(learned.name());
        List<Optimizer<?>> given = tuned ? List.of() : List.of(isLearned ? learned.optimizer()
                : Renamed.of(ADAM_DEFAULT, Baselines.adam(ADAM_DEFAULT_LEARNING_RATE)));
        Comparison.Result result = Comparison.run(comparison, runs, tuned ? List.of(name) : List.of(), given, listener);
        OptimizerSummary summary = Summary.of(result).optimizers().get(0);
        return Stored.of(summary, result.entries().get(0).evaluation(), isLearned ? learned.identity() : null);
    }

    /** Every row finished with {@code learned}, in suite order, as written to {@code suite.json}. */
    private static List<SuiteRowResult> writeSuite(Settings settings, Learned learned, Path dir) throws IOException {
        List<SuiteRowResult> finished = new ArrayList<>();
        for (SuiteRow row : settings.rows()) {
            Optional<RowState> state;
            try {
                state = RowState.read(rowDirectory(dir, row));
            } catch (IOException e) {
                continue; // a damaged row that was not asked for: left out, as an unfinished one
            }
            if (state.isPresent() && state.get().key().equals(settings.key(row)) && complete(state.get(), learned)) {
                finished.add(result(row, state.get(), learned));
            }
        }
        SuiteReport.write(dir, finished);
        return finished;
    }

    private static boolean complete(RowState state, Learned learned) {
        return names(learned).stream().allMatch(name -> current(state, name, learned));
    }

    /** Whether {@code state} holds {@code name}'s results, for the learned optimizer those of {@code learned} itself. */
    private static boolean current(RowState state, String name, Learned learned) {
        return state.find(name).filter(stored -> !name.equals(learned.name())
                || learned.identity().equals(stored.learned())).isPresent();
    }

    /** The row's summary in report order, and the learned optimizer against the best tuned baseline. */
    private static SuiteRowResult result(SuiteRow row, RowState state, Learned learned) {
        RowKey key = state.key();
        List<Stored> ordered = names(learned).stream().map(state::find).flatMap(Optional::stream).toList();
        Summary summary = new Summary(key.problem(), key.steps(), key.seeds(), key.seedBase(),
                ordered.stream().map(Stored::summary).toList());
        Optional<Stored> best = ordered.stream().filter(o -> Baselines.NAMES.contains(o.name()) && score(o) != null)
                .min(Comparator.comparingDouble(Suite::score));
        Optional<Stored> lstm = state.find(learned.name());
        PairedRatio ratio = best.isPresent() && lstm.isPresent() && score(lstm.get()) != null
                ? ratio(lstm.get(), best.get()) : null;
        return new SuiteRowResult(row.number(), row.label(), summary, best.map(Stored::name).orElse(null), ratio);
    }

    /**
     * The paired ratio of mean final scores; when a run of either diverged, the ratio of the reported means
     * (each over its own finite runs) without an interval, since the pairs are then incomplete.
     */
    private static PairedRatio ratio(Stored learned, Stored baseline) {
        List<Double> x = learned.finalScores();
        List<Double> y = baseline.finalScores();
        if (x.contains(null) || y.contains(null)) {
            return new PairedRatio(score(learned) / score(baseline), Double.NaN, Double.NaN);
        }
        return PairedRatio.of(x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Double score(Stored stored) {
        return stored.summary().finalScoreMean();
    }
}
