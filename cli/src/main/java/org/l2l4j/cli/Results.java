package org.l2l4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
     * optimizer   lr        final loss  95% interval        train loss  95% interval        diverged
     * adam        0.03      0.3035      [0.2681, 0.3389]    0.2961      [0.2877, 0.3045]    0/20
     * final loss: f(θ_100) on step 100's minibatch; train loss: on all training data, without that sampling noise
     * </pre>
     * The train-loss columns appear when some optimizer has them (the problem measures it).
     */
    static void print(Summary summary, PrintWriter out) {
        out.printf(Locale.ROOT, "%s, %d steps, %d seeds %d..%d%n", summary.problem(), summary.steps(), summary.seeds(),
                summary.seedBase(), summary.seedBase() + summary.seeds() - 1);
        boolean trainLoss = summary.optimizers().stream().anyMatch(o -> o.finalTrainLossMean() != null);
        out.printf(Locale.ROOT, "%-10s  %-8s  %-10s  %-22s  %s%s%n", "optimizer", "lr", "final loss", "95% interval",
                trainLoss ? String.format(Locale.ROOT, "%-10s  %-22s  ", "train loss", "95% interval") : "", "diverged");
        for (OptimizerSummary optimizer : summary.optimizers()) {
            out.printf(Locale.ROOT, "%-10s  %-8s  %s  %s%d/%d%n", optimizer.name(),
                    optimizer.lr() == null ? "-" : OptimizerSummary.formatLearningRate(optimizer.lr()),
                    meanAndInterval(optimizer.finalLossMean(), optimizer.finalLossCi95()),
                    trainLoss ? meanAndInterval(optimizer.finalTrainLossMean(), optimizer.finalTrainLossCi95()) + "  " : "",
                    optimizer.diverged(), summary.seeds());
        }
        if (trainLoss) {
            out.printf(Locale.ROOT, "final loss: f(θ_%d) on step %d's minibatch; train loss: on all training data,"
                    + " without that sampling noise%n", summary.steps(), summary.steps());
        }
        out.flush();
    }

    /** "0.3035      [0.2681, 0.3389]  " padded to the columns, or dashes when there is no value. */
    private static String meanAndInterval(Double mean, List<Double> interval) {
        return mean == null ? String.format(Locale.ROOT, "%-10s  %-22s", "-", "-")
                : String.format(Locale.ROOT, "%-10s  %-22s", String.format(Locale.ROOT, "%.4g", mean),
                        String.format(Locale.ROOT, "[%.4g, %.4g]", interval.get(0), interval.get(1)));
    }

    static void printWritten(Iterable<Path> files, PrintWriter out) {
        for (Path file : files) {
            out.println("wrote " + file);
        }
        out.flush();
    }
}
