package org.l2l4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.l2l4j.meta.report.OptimizerSummary;
import org.l2l4j.meta.report.Summary;

/** The results table a command prints on stdout. */
final class Results {

    private Results() {
    }

    /**
     * E.g.
     * <pre>
     * quadratic, 100 steps, 20 seeds 1000000..1000019
     * optimizer   lr        final loss  95% interval        diverged
     * adam        0.1       0.4114      [0.3812, 0.4416]    0/20
     * </pre>
     */
    static void print(Summary summary, PrintWriter out) {
        out.printf(Locale.ROOT, "%s, %d steps, %d seeds %d..%d%n", summary.problem(), summary.steps(), summary.seeds(),
                summary.seedBase(), summary.seedBase() + summary.seeds() - 1);
        out.printf(Locale.ROOT, "%-10s  %-8s  %-10s  %-22s  %s%n", "optimizer", "lr", "final loss", "95% interval",
                "diverged");
        for (OptimizerSummary optimizer : summary.optimizers()) {
            String interval = optimizer.finalLossMean() == null ? "-" : String.format(Locale.ROOT, "[%.4g, %.4g]",
                    optimizer.finalLossCi95().get(0), optimizer.finalLossCi95().get(1));
            out.printf(Locale.ROOT, "%-10s  %-8s  %-10s  %-22s  %d/%d%n", optimizer.name(),
                    optimizer.lr() == null ? "-" : OptimizerSummary.formatLearningRate(optimizer.lr()),
                    optimizer.finalLossMean() == null ? "-" : String.format(Locale.ROOT, "%.4g", optimizer.finalLossMean()),
                    interval, optimizer.diverged(), summary.seeds());
        }
        out.flush();
    }

    static void printWritten(Iterable<Path> files, PrintWriter out) {
        for (Path file : files) {
            out.println("wrote " + file);
        }
        out.flush();
    }
}
