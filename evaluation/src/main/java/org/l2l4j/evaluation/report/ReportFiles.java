package org.l2l4j.evaluation.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.l2l4j.core.AtomicFiles;

/**
 * Writes a comparison's files into one directory: {@code summary.json}, {@code curves.csv},
 * {@code loss.png} and {@code loss.svg}, and where the problem has a test split {@code test.png} and
 * {@code test.svg} (test accuracy, or test loss for a task that does not classify).
 *
 * <p>Everything is rendered in memory first, and the files then replace their predecessors all at
 * once or not at all ({@link AtomicFiles#writeAll}): a failure while rendering or writing (a full disk)
 * leaves the earlier results untouched, never a mix of two runs, and a reader never sees a half-written file.
 * A report without a test split removes an earlier run's test pictures, which would not belong to it, in
 * the same swap.
 */
public final class ReportFiles {

    public static final String SUMMARY_JSON = "summary.json";
    public static final String CURVES_CSV = "curves.csv";
    public static final String LOSS_PNG = "loss.png";
    public static final String LOSS_SVG = "loss.svg";
    public static final String TEST_PNG = "test.png";
    public static final String TEST_SVG = "test.svg";

    /** Every file a report may write, in the order they are written. */
    public static final List<String> NAMES = List.of(SUMMARY_JSON, CURVES_CSV, LOSS_PNG, LOSS_SVG, TEST_PNG, TEST_SVG);

    private ReportFiles() {
    }

    /** Writes the files into {@code dir} (created if missing) and returns their paths in order. */
    public static Map<String, Path> write(Path dir, Summary summary) throws IOException {
        LossChart chart = new LossChart(summary);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put(SUMMARY_JSON, summary.toJson());
        contents.put(CURVES_CSV, CurvesCsv.of(summary));
        contents.put(LOSS_PNG, chart.png());
        contents.put(LOSS_SVG, chart.svg());
        Optional<TestChart> test = TestChart.of(summary);
        if (test.isPresent()) {
            contents.put(TEST_PNG, test.get().png());
            contents.put(TEST_SVG, test.get().svg());
        }
        Map<String, Path> written = new LinkedHashMap<>();
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : contents.entrySet()) {
            Path target = dir.resolve(file.getKey());
            files.put(target, file.getValue());
            written.put(file.getKey(), target);
        }
        Set<Path> removals = test.isEmpty() ? Set.of(dir.resolve(TEST_PNG), dir.resolve(TEST_SVG)) : Set.of();
        AtomicFiles.writeAll(files, removals);
        return written;
    }
}
