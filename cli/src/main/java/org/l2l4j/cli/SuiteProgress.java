package org.l2l4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.SeedRange;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.PairedRatio;
import org.l2l4j.evaluation.report.SuiteRowResult;
import org.l2l4j.evaluation.suite.Suite;
import org.l2l4j.evaluation.suite.SuiteRow;

/**
 * Shows a suite's progress: a line on stderr as each row starts (what runs, what is reused), the row's
 * phases as {@link ComparisonProgress} shows a comparison's, and, as each row finishes, its table and its
 * ratio to the best tuned baseline on stdout.
 */
final class SuiteProgress implements Suite.Listener {

    private final Progress progress;
    private final ComparisonProgress comparison;
    private final PrintWriter out;
    private final int rows;
    private int started;

    /** @param rows how many rows this run goes through */
    SuiteProgress(Progress progress, SeedRange tuningSeeds, PrintWriter out, int rows) {
        this.progress = progress;
        this.comparison = new ComparisonProgress(progress, tuningSeeds);
        this.out = out;
        this.rows = rows;
    }

    @Override
    public void rowStarted(SuiteRow row, List<String> toRun, List<String> reused) {
        started++;
        progress.message("row %d (%d of %d this run): %s: %s%s (%.0f s so far)", row.number(), started, rows,
                row.label(), toRun.isEmpty() ? "finished before" : "running " + String.join(", ", toRun),
                reused.isEmpty() || toRun.isEmpty() ? "" : "; reusing " + String.join(", ", reused),
                progress.elapsedSeconds());
    }

    @Override
    public void rowFinished(SuiteRowResult result) {
        out.printf(Locale.ROOT, "row %d: %s%n", result.row(), result.label());
        Results.print(result.summary(), out);
        out.println(ratio(result));
        out.println();
        out.flush();
    }

    /** E.g. {@code lstm / nag (best tuned): 0.87 [0.83, 0.91], mean final train loss}. */
    static String ratio(SuiteRowResult result) {
        PairedRatio ratio = result.ratio();
        if (ratio == null) {
            return "no ratio: every run of the learned optimizer, or of every tuned baseline, diverged";
        }
        return String.format(Locale.ROOT, "learned / %s (best tuned): %.4g%s, mean final score (train loss on all"
                + " training data where measured)", result.bestBaseline(), ratio.ratio(), ratio.bounded()
                ? String.format(Locale.ROOT, " [%.4g, %.4g] (Fieller 95%%, paired seeds)", ratio.lo(), ratio.hi())
                : " (no interval: a run diverged, or too few seeds)");
    }

    @Override
    public void tuningStarted(String baseline, int runs) {
        comparison.tuningStarted(baseline, runs);
    }

    @Override
    public void evaluationStarted(String optimizer, int runs) {
        comparison.evaluationStarted(optimizer, runs);
    }

    @Override
    public void runsDone(int done) {
        comparison.runsDone(done);
    }

    @Override
    public void tuned(Tuned tuning) {
        comparison.tuned(tuning);
    }

    @Override
    public void evaluated(Evaluation evaluation) {
        comparison.evaluated(evaluation);
    }
}
