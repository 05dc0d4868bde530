package org.l2l4j.meta.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.l2l4j.core.AtomicFiles;

/**
 * The epoch lines of meta-training as a CSV file: a header, then one row per epoch with
 * {@code epoch,meta_loss,final_loss,validation}, one {@code validation <family spec>} column per family
 * when there are several, then {@code skipped,elapsed_s}. A cell with nothing to report (no validation
 * that epoch) is empty; a header cell holding a comma is quoted.
 *
 * <p>The whole file is rewritten atomically after every epoch, before that epoch's checkpoint, so it
 * always holds at least the epochs a checkpoint has; a resumed run keeps the rows up to its checkpoint's
 * epoch and drops any later ones, which the resumed run computes again.
 */
public final class TrainingLog {

    /** Column of the epoch, the meta-loss per step and the validation score in {@link #rows()}. */
    public static final int EPOCH = 0, META_LOSS = 1, FINAL_LOSS = 2, VALIDATION = 3;

    private final Path file;
    private final String header;
    private final List<String> families;
    private final List<double[]> rows = new ArrayList<>();

    private TrainingLog(Path file, List<String> families) {
        this.file = file;
        this.families = List.copyOf(families);
        StringJoiner columns = new StringJoiner(",");
        columns.add("epoch").add("meta_loss").add("final_loss").add("validation");
        if (families.size() > 1) {
            families.forEach(family -> columns.add(quoted("validation " + family)));
        }
        this.header = columns.add("skipped").add("elapsed_s").toString();
    }

    /**
     * The log of a run on {@code families} (problem specs) written to {@code file}, holding the rows of
     * epochs 1..{@code epochsDone} that {@code file} already has when a run resumes after that epoch (none
     * if it is missing or its header is not this run's).
     */
    public static TrainingLog open(Path file, List<String> families, int epochsDone) throws IOException {
        TrainingLog log = new TrainingLog(file, families);
        if (epochsDone > 0 && Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).equals(log.header)) {
                for (String line : lines.subList(1, lines.size())) {
                    double[] row = parse(line, log.width());
                    if (row != null && row[EPOCH] <= epochsDone) {
                        log.rows.add(row);
                    }
                }
            }
        }
        return log;
    }

    /** Adds {@code report}'s row and rewrites the file. */
    public void add(EpochReport report) throws IOException {
        double[] row = new double[width()];
        row[EPOCH] = report.epoch();
        row[META_LOSS] = report.meanLoss();
        row[FINAL_LOSS] = report.finalLoss();
        row[VALIDATION] = report.validationLoss();
        int column = VALIDATION + 1;
        if (families.size() > 1) {
            for (int f = 0; f < families.size(); f++) {
                row[column++] = report.familyValidationLosses().isEmpty() ? Double.NaN
                        : report.familyValidationLosses().get(f);
            }
        }
        row[column++] = report.skippedSteps();
        row[column] = report.elapsedSeconds();
        rows.add(row);
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (double[] r : rows) {
            StringJoiner cells = new StringJoiner(",");
            for (int c = 0; c < r.length; c++) {
                cells.add(Double.isNaN(r[c]) ? "" : c == EPOCH || c == r.length - 2 ? Long.toString((long) r[c])
                        : Double.toString(r[c]));
            }
            csv.append(cells).append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    public Path file() {
        return file;
    }

    /** The family specs, one validation column each when there are several. */
    public List<String> families() {
        return families;
    }

    /** Every row, in epoch order: the columns of the file, NaN for an empty cell. */
    public List<double[]> rows() {
        return rows.stream().map(double[]::clone).toList();
    }

    /** Index in a row of family {@code f}'s validation score, when there are several families. */
    public static int familyColumn(int f) {
        return VALIDATION + 1 + f;
    }

    private int width() {
        return VALIDATION + 1 + (families.size() > 1 ? families.size() : 0) + 2;
    }

    /** A data row, or null if it is not one of {@code width} numbers or empty cells. */
    private static double[] parse(String line, int width) {
        String[] cells = line.split(",", -1);
        if (cells.length != width) {
            return null;
        }
        double[] row = new double[width];
        try {
            for (int c = 0; c < width; c++) {
                row[c] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return Double.isNaN(row[EPOCH]) ? null : row;
    }

    private static String quoted(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
