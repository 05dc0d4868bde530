package org.l2l4j.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.evaluation.PairedRatio;

class SuiteChartTest {

    private static SuiteRowResult row(int number, String baseline, PairedRatio ratio) {
        return new SuiteRowResult(number, "quadratic, 5 steps", new Summary("quadratic", 5, 3, 1_000_000, List.of()),
                baseline, ratio);
    }

    @Test
    void everyRowIsInTheLegendWithItsRatioOrWhyItHasNone() throws IOException {
        SuiteChart chart = new SuiteChart(List.of(
                row(1, "nag", new PairedRatio(0.87, 0.83, 0.91)),
                row(2, "adam", new PairedRatio(1.5, Double.NaN, Double.NaN)),
                row(3, null, null)));
        assertEquals(List.of("1 = level with the best tuned baseline",
                "1: quadratic, 5 steps: 0.870 [0.830, 0.910] of nag",
                "2: quadratic, 5 steps: 1.50 (no interval) of adam",
                "3: quadratic, 5 steps: no ratio (no learned optimizer, or every run of it or of every baseline diverged)"),
                chart.legend());
        assertTrue(chart.png().length > 0 && chart.svg().length > 0);
    }
}
