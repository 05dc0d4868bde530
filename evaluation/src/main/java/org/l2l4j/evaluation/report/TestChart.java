package org.l2l4j.evaluation.report;

import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The held-out picture: per optimizer, the final parameters' test accuracy (test loss for a task that does
 * not classify) as a point, mean over the seeds, with its 95% interval as an error bar, on an axis fitted
 * to the values (bars from 0 would hide differences of a point of accuracy). The interval is
 * Student's t interval, symmetric about the mean, so one half-width draws it. Optimizers without the
 * value (every run diverged) or whose value or interval is not finite are left out of the points and
 * named under the axis instead; {@link #of} gives nothing when no optimizer has it.
 */
final class TestChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final Color POINT = new Color(0x1f77b4);

    private final CategoryChart chart;
    private final List<String> optimizers;

    private TestChart(Summary summary, String metric, Function<OptimizerSummary, Double> mean,
                      Function<OptimizerSummary, List<Double>> ci95) {
        List<OptimizerSummary> measured = summary.optimizers().stream()
                .filter(o -> mean.apply(o) != null && !ci95.apply(o).contains(null)).toList();
        optimizers = measured.stream().map(o -> LossChart.label(o, summary.seeds())).toList();
        List<String> notShown = summary.optimizers().stream().filter(o -> !measured.contains(o))
                .map(o -> LossChart.label(o, summary.seeds())).toList();
        chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(summary.problem() + ": " + metric + " at step " + summary.steps() + ", mean and 95% interval over "
                        + summary.seeds() + " seeds")
                .xAxisTitle(notShown.isEmpty() ? "optimizer"
                        : "optimizer (no finite value: " + String.join("; ", notShown) + ")")
                .yAxisTitle(metric).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setLegendPosition(LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setSeriesColors(new Color[] {POINT});
        styler.setErrorBarsColor(Color.BLACK);
        List<Double> means = measured.stream().map(mean).toList();
        List<Double> halfWidths = measured.stream().map(o -> (ci95.apply(o).get(1) - ci95.apply(o).get(0)) / 2).toList();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < means.size(); i++) {
            lo = Math.min(lo, means.get(i) - halfWidths.get(i));
            hi = Math.max(hi, means.get(i) + halfWidths.get(i));
        }
        double margin = Math.max(hi - lo, 1e-3 * Math.abs(hi)) * 0.15;
        if (!means.isEmpty() && margin > 0) {
            styler.setYAxisMin(lo - margin);
            styler.setYAxisMax(hi + margin);
        }
        CategorySeries points = chart.addSeries(metric, optimizers, means, halfWidths);
        points.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
    }

    /** The chart of {@code summary}'s test accuracy, else its test loss; empty if no optimizer has either. */
    static Optional<TestChart> of(Summary summary) {
        if (summary.optimizers().stream().anyMatch(o -> o.finalTestAccuracyMean() != null)) {
            return Optional.of(new TestChart(summary, "test accuracy", OptimizerSummary::finalTestAccuracyMean,
                    OptimizerSummary::finalTestAccuracyCi95));
        }
        if (summary.optimizers().stream().anyMatch(o -> o.finalTestLossMean() != null)) {
            return Optional.of(new TestChart(summary, "test loss", OptimizerSummary::finalTestLossMean,
                    OptimizerSummary::finalTestLossCi95));
        }
        return Optional.empty();
    }

    /** The bars' labels, in order. */
    List<String> optimizers() {
        return optimizers;
    }

    String title() {
        return chart.getTitle();
    }

    String axisTitle() {
        return chart.getXAxisTitle();
    }

    byte[] png() throws IOException {
        return ChartImages.png(chart);
    }

    byte[] svg() throws IOException {
        return ChartImages.svg(chart);
    }
}
