package org.l2l4j.evaluation.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code curves.csv}: a header {@code step,<name>_mean,<name>_lo,<name>_hi,...}, then one row per step
 * t = 0..steps. A value with nothing to report (every run diverged) or not finite is an empty cell.
 */
final class CurvesCsv {

    private CurvesCsv() {
    }

    static byte[] of(Summary summary) {
        StringBuilder csv = new StringBuilder("step");
        for (OptimizerSummary optimizer : summary.optimizers()) {
            String name = optimizer.name();
            csv.append(',').append(name).append("_mean,").append(name).append("_lo,").append(name).append("_hi");
        }
        csv.append('\n');
        for (int t = 0; t <= summary.steps(); t++) {
            csv.append(t);
            for (OptimizerSummary optimizer : summary.optimizers()) {
                cell(csv, optimizer.curveMean(), t);
                cell(csv, optimizer.curveCi95Lo(), t);
                cell(csv, optimizer.curveCi95Hi(), t);
            }
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void cell(StringBuilder csv, List<Double> values, int t) {
        csv.append(',');
        Double value = values.get(t);
        if (value != null) {
            csv.append(value.doubleValue());
        }
    }
}
