package org.l2l4j.evaluation.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.AtomicFiles;

/**
 * The evaluation suite's files: {@code suite.json}, a list of rows {@code {"row", "problem", "steps",
 * "optimizers"}} whose optimizers are {@code summary.json}'s entries ({@link OptimizerSummary}, the same
 * fields), and {@code suite.png} / {@code suite.svg}, the learned optimizer against the best tuned
 * baseline per row ({@link SuiteChart}); all replaced at once ({@link AtomicFiles#writeAll}).
 */
public final class SuiteReport {

    public static final String SUITE_JSON = "suite.json";
    public static final String SUITE_PNG = "suite.png";
    public static final String SUITE_SVG = "suite.svg";

    /** Every file the suite writes at the top of its directory. */
    public static final List<String> NAMES = List.of(SUITE_JSON, SUITE_PNG, SUITE_SVG);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One row of {@code suite.json}. */
    @JsonPropertyOrder({"row", "problem", "steps", "optimizers"})
    public record Row(int row, String problem, int steps, List<OptimizerSummary> optimizers) {

        public Row {
            optimizers = List.copyOf(optimizers);
        }
    }

    private SuiteReport() {
    }

    /** Writes the three files for {@code rows}, in suite order, into {@code dir}; returns their paths. */
    public static List<Path> write(Path dir, List<SuiteRowResult> rows) throws IOException {
        List<Row> json = rows.stream().map(r -> new Row(r.row(), r.summary().problem(), r.summary().steps(),
                r.summary().optimizers())).toList();
        SuiteChart chart = new SuiteChart(rows);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(dir.resolve(SUITE_JSON), JSON.writeValueAsBytes(json));
        files.put(dir.resolve(SUITE_PNG), chart.png());
        files.put(dir.resolve(SUITE_SVG), chart.svg());
        AtomicFiles.writeAll(files);
        return List.copyOf(files.keySet());
    }

    /** Reads a {@code suite.json} written by {@link #write}. */
    public static List<Row> read(Path file) throws IOException {
        return List.of(JSON.readValue(file.toFile(), Row[].class));
    }
}
