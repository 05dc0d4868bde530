package org.l2l4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.Summary;

/** The results table a command prints on stdout. */
final class Results {

    private Results() {
    }

    /**
     * E.g.
     * <pre>
     * mnist, 100 steps, 20 seeds 1000000..1000019
     * optimizer   lr        final loss  95% interval        train loss  95% interval        test loss   95% interval        test acc    95% interval        diverged
     * adam        0.03      0.3035      [0.2681, 0.3389]    0.2961      [0.2877, 0.3045]    0.3012      [0.2921, 0.3103]    0.9112      [0.9087, 0.9137]    0/20
     * final loss: f(θ_100) on step 100's minibatch; train loss: on all training data, without that sampling noise; test: on the held-out test split
     * </pre>
     * The train-loss, test-loss and test-accuracy columns appear when some optimizer has them (the problem
     * measures them).
     */
    static void print(Summary summary, PrintWriter out) {
        out.printf(Locale.ROOT, "%s, %d steps, %d seeds %d..%d%n", summary.problem(), summary.steps(), summary.seeds(),
                summary.seedBase(), summary.seedBase() + summary.seeds() - 1);
        List<Column> columns = Stream.of(
                        new Column("final loss", OptimizerSummary::finalLossMean, OptimizerSummary::finalLossCi95),
                        new Column("train loss", OptimizerSummary::finalTrainLossMean,
                                OptimizerSummary::finalTrainLossCi95),
                        new Column("test loss", OptimizerSummary::finalTestLossMean, OptimizerSummary::finalTestLossCi95),
                        new Column("test acc", OptimizerSummary::finalTestAccuracyMean,
                                OptimizerSummary::finalTestAccuracyCi95))
                .filter(c -> c.title().equals("final loss") || summary.optimizers().stream().anyMatch(o -> c.ci95().apply(o) != null))
                .toList();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-10s  %-8s  ", "optimizer", "lr"));
        columns.forEach(c -> header.append(String.format(Locale.ROOT, "%-10s  %-22s  ", c.title(), "95% interval")));
        out.println(header.append("diverged"));
        for (OptimizerSummary optimizer : summary.optimizers()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-10s  %-8s  ", optimizer.name(),
                    optimizer.lr() == null ? "-" : OptimizerSummary.formatLearningRate(optimizer.lr())));
            boolean allDiverged = optimizer.diverged() == summary.seeds();
            columns.forEach(c -> row.append(allDiverged ? meanAndInterval(null, null)
                    : meanAndInterval(c.mean().apply(optimizer), c.ci95().apply(optimizer))).append("  "));
            out.println(row.append(optimizer.diverged()).append('/').append(summary.seeds()));
        }
        if (columns.size() > 1) {
            out.printf(Locale.ROOT, "final loss: f(θ_%d) on step %d's minibatch%s%s%n", summary.steps(), summary.steps(),
                    columns.stream().anyMatch(c -> c.title().equals("train loss"))
                            ? "; train loss: on all training data, without that sampling noise" : "",
                    columns.stream().anyMatch(c -> c.title().startsWith("test")) ? "; test: on the held-out test split"
                            : "");
        }
        out.flush();
    }

    /** A column pair of the table: a mean and its 95% interval. */
    private record Column(String title, Function<OptimizerSummary, Double> mean,
                          Function<OptimizerSummary, List<Double>> ci95) {
    }

    /**
     * "0.3035      [0.2681, 0.3389]  " padded to the columns, dashes when there is no value (a null interval:
     * not measured, or every run diverged), and "not finite" for a mean or bound that overflowed.
     */
    private static String meanAndInterval(Double mean, List<Double> interval) {
        if (interval == null) {
            return String.format(Locale.ROOT, "%-10s  %-22s", "-", "-");
        }
        return String.format(Locale.ROOT, "%-10s  %-22s", number(mean),
                "[" + number(interval.get(0)) + ", " + number(interval.get(1)) + "]");
    }

    private static String number(Double value) {
        return value == null ? "not finite" : String.format(Locale.ROOT, "%.4g", value);
    }

    static void printWritten(Iterable<Path> files, PrintWriter out) {
        for (Path file : files) {
            out.println("wrote " + file);
        }
        out.flush();
    }
}
