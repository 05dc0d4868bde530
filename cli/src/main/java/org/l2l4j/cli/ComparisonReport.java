package org.l2l4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.evaluation.report.Summary;

/**
 * How {@code compare}, {@code evaluate} and {@code meta-train --compare} end: a comparison run with its
 * phases on stderr, its table on stdout, and the report files written to a directory.
 */
final class ComparisonReport {

    private ComparisonReport() {
    }

    /**
     * Tunes and evaluates {@code baselines}, evaluates {@code learned}, prints the table on {@code out} and,
     * unless {@code outDir} is null, writes the report files there ({@link ReportFiles}) and prints
     * their paths.
     *
     * @param outDir a directory already checked by {@link OutputDirectory#prepare}, or null
     */
    static void run(Comparison.Settings settings, List<String> baselines, List<? extends Optimizer<?>> learned,
                    Path outDir, Progress progress, PrintWriter out) throws IOException {
        run(settings, TrainingRuns.threads(settings.threads()), baselines, learned, outDir, progress, out);
    }

    /** {@link #run(Comparison.Settings, List, List, Path, Progress, PrintWriter)} with the training runs on {@code runs}. */
    static void run(Comparison.Settings settings, TrainingRuns runs, List<String> baselines,
                    List<? extends Optimizer<?>> learned, Path outDir, Progress progress, PrintWriter out)
            throws IOException {
        report(Comparison.run(settings, runs, baselines, learned, new ComparisonProgress(progress, settings.tuningSeeds())),
                outDir, out);
    }

    /** Prints {@code result}'s table on {@code out} and, unless {@code outDir} is null, writes the four files there. */
    static void report(Comparison.Result result, Path outDir, PrintWriter out) throws IOException {
        Summary summary = Summary.of(result);
        Results.print(summary, out);
        if (outDir != null) {
            Results.printWritten(ReportFiles.write(outDir, summary).values(), out);
        }
    }
}
