package org.l2l4j.evaluation.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.AtomicFiles;

/**
 * Writes a comparison's four files into one directory: {@code summary.json}, {@code curves.csv},
 * {@code loss.png} and {@code loss.svg}.
 *
 * <p>Everything is rendered in memory first, and the four files then replace their predecessors all at
 * once or not at all ({@link AtomicFiles#writeAll}): a failure while rendering or writing (a full disk)
 * leaves the earlier results untouched, never a mix of two runs, and a reader never sees a half-written file.
 */
public final class ReportFiles {

    public static final String SUMMARY_JSON = "summary.json";
    public static final String CURVES_CSV = "curves.csv";
    public static final String LOSS_PNG = "loss.png";
    public static final String LOSS_SVG = "loss.svg";

    /** The files of a report, in the order they are written. */
    public static final List<String> NAMES = List.of(SUMMARY_JSON, CURVES_CSV, LOSS_PNG, LOSS_SVG);

    private ReportFiles() {
    }

    /** Writes the four files into {@code dir} (created if missing) and returns their paths in order. */
    public static Map<String, Path> write(Path dir, Summary summary) throws IOException {
        LossChart chart = new LossChart(summary);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put(SUMMARY_JSON, summary.toJson());
        contents.put(CURVES_CSV, CurvesCsv.of(summary));
        contents.put(LOSS_PNG, chart.png());
        contents.put(LOSS_SVG, chart.svg());
        Map<String, Path> written = new LinkedHashMap<>();
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : contents.entrySet()) {
            Path target = dir.resolve(file.getKey());
            files.put(target, file.getValue());
            written.put(file.getKey(), target);
        }
        AtomicFiles.writeAll(files);
        return written;
    }
}
