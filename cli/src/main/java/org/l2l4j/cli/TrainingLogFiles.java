package org.l2l4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.core.Problem;
import org.l2l4j.evaluation.report.EpochChart;
import org.l2l4j.meta.train.EpochReport;
import org.l2l4j.meta.train.TrainingLog;
import picocli.CommandLine;

/**
 * The meta-training log next to the optimizer file: {@code my.l2l} → {@code my.meta-train.csv} (the rows its
 * run adds, {@link TrainingLog}) and {@code my.meta-train.png}, meta-loss and validation (per family) against
 * epoch, redrawn whenever an epoch validates and after the last. An LSTM optimizer's run adds every epoch; a
 * learned initialisation's the meta-steps that validated and the last.
 */
final class TrainingLogFiles {

    private final TrainingLog log;
    private final Path picture;

    private TrainingLogFiles(TrainingLog log, Path picture) {
        this.log = log;
        this.picture = picture;
    }

    /** The log of a run writing {@code optimizerFile}, on {@code families}, resumed after {@code epochsDone} epochs (0: a new run). */
    static TrainingLogFiles open(Path optimizerFile, List<String> families, int epochsDone) {
        Path csv = csv(optimizerFile);
        try {
            return new TrainingLogFiles(TrainingLog.open(csv, families, epochsDone), sibling(optimizerFile, ".meta-train.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the meta-training log " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file a meta-training run on {@code problem} writes: {@code out}, or {@code PREFIX-SPEC.l2l} without it,
     * checked as an output, and so is its log beside it.
     *
     * @throws CommandLine.ParameterException naming {@code --out} if either cannot be written
     */
    static Path optimizerFile(Path out, String prefix, Problem problem, CommandLine cli) {
        Path file = OutputDirectory.file(out != null ? out
                : Path.of(prefix + "-" + problem.spec().replaceAll("[^A-Za-z0-9=.-]+", "_") + ".l2l"), "--out", cli);
        OutputDirectory.file(csv(file), "--out", cli);
        return file;
    }

    /** The CSV log of {@code optimizerFile}. */
    static Path csv(Path optimizerFile) {
        return sibling(optimizerFile, ".meta-train.csv");
    }

    private static Path sibling(Path optimizerFile, String suffix) {
        String name = optimizerFile.getFileName().toString();
        return optimizerFile.resolveSibling((name.endsWith(".l2l") ? name.substring(0, name.length() - 4) : name) + suffix);
    }

    /** Adds the epoch's row and, when it validated or was the last, redraws the picture. */
    void add(EpochReport report) {
        try {
            log.add(report);
            if (!Double.isNaN(report.validationLoss()) || report.epoch() == report.epochs()) {
                AtomicFiles.write(picture, chart().png());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the meta-training log " + log.file() + ": " + e.getMessage(), e);
        }
    }

    private EpochChart chart() {
        List<double[]> rows = log.rows();
        List<String> families = log.families();
        Map<String, double[]> validations = new LinkedHashMap<>();
        if (families.size() == 1) {
            validations.put("validation", column(rows, TrainingLog.VALIDATION));
        } else {
            for (int f = 0; f < families.size(); f++) {
                validations.put("validation " + families.get(f), column(rows, TrainingLog.familyColumn(f)));
            }
        }
        return new EpochChart(families.size() == 1 ? families.get(0) + ": meta-training"
                : "meta-training on " + String.join(" + ", families), column(rows, TrainingLog.EPOCH),
                column(rows, TrainingLog.META_LOSS), validations);
    }

    private static double[] column(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).toArray();
    }
}
