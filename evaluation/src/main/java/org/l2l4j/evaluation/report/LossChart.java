package org.l2l4j.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss-versus-step picture: per optimizer the mean as a line and the 95% interval as a shaded
 * band, on a logarithmic loss axis.
 *
 * <p>A log axis cannot show values ≤ 0, and a wide interval's lower end can be: such a band is drawn
 * down to a floor half the smallest positive value plotted. Optimizers whose runs all diverged have
 * no curve, but keep a legend entry that says so ({@code lstm, 20/20 diverged (no curve)}): a blown-up
 * optimizer is reported, not dropped.
 */
final class LossChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int BAND_ALPHA = 50;

    /** The same colour for the same optimizer in every picture; others take the palette in order. */
    private static final Map<String, Color> COLORS = Map.of(
            "sgd", new Color(0x7f7f7f),
            "nag", new Color(0x2ca02c),
            "rmsprop", new Color(0x9467bd),
            "adam", new Color(0x1f77b4),
            "lstm", new Color(0xd62728));
    private static final Color[] PALETTE = {
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22)};

    private final XYChart chart;

    LossChart(Summary summary) {
        chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(summary.problem() + ": training loss, mean and 95% interval over " + summary.seeds() + " seeds")
                .xAxisTitle("step").yAxisTitle("minibatch loss f(θ_t; B_t), log scale").build();
        XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setYAxisLogarithmicDecadeOnly(false);
        styler.setLegendPosition(LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        List<OptimizerSummary> plotted = summary.optimizers().stream().filter(o -> o.finalLossMean() != null).toList();
        double floor = 0.5 * plotted.stream()
                .flatMap(o -> Stream.concat(o.curveMean().stream(), o.curveCi95Lo().stream()))
                .filter(v -> v != null && v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
        // A value that is not finite (null: a band or mean with a diverged run in it) is drawn at the top.
        double ceiling = plotted.stream()
                .flatMap(o -> Stream.concat(o.curveMean().stream(), o.curveCi95Hi().stream()))
                .filter(v -> v != null && v > 0).mapToDouble(Double::doubleValue).max().orElse(2 * floor);
        double[] steps = IntStream.rangeClosed(0, summary.steps()).asDoubleStream().toArray();
        List<Color> colors = colors(plotted);
        // Bands first so that every line is drawn on top of every band.
        for (int i = 0; i < plotted.size(); i++) {
            addBand(plotted.get(i), steps, floor, ceiling, colors.get(i));
        }
        for (int i = 0; i < plotted.size(); i++) {
            OptimizerSummary optimizer = plotted.get(i);
            XYSeries line = chart.addSeries(label(optimizer, summary.seeds()), steps,
                    clamp(optimizer.curveMean(), floor, ceiling));
            line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(colors.get(i));
            line.setLineStyle(new BasicStroke(2f));
        }
        for (OptimizerSummary optimizer : summary.optimizers()) {
            if (!plotted.contains(optimizer)) {
                addLegendOnly(label(optimizer, summary.seeds()) + " (no curve)",
                        plotted.isEmpty() ? 1 : ceiling);
            }
        }
    }

    /** A legend entry with nothing visible on the plot: one transparent point at {@code y}, a value already plotted. */
    private void addLegendOnly(String label, double y) {
        XYSeries entry = chart.addSeries(label, new double[] {0}, new double[] {y});
        entry.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        entry.setMarker(SeriesMarkers.NONE);
        entry.setLineColor(new Color(0, 0, 0, 0));
    }

    /** The legend's entries, in order. */
    List<String> legend() {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName).toList();
    }

    private static List<Color> colors(List<OptimizerSummary> optimizers) {
        List<Color> colors = new ArrayList<>();
        int extra = 0;
        for (OptimizerSummary optimizer : optimizers) {
            Color known = COLORS.get(optimizer.name());
            colors.add(known != null ? known : PALETTE[extra++ % PALETTE.length]);
        }
        return colors;
    }

    /**
     * The interval as one closed polygon: along the upper edge, then back along the lower one.
     *
     * <p>XChart labels an x axis whose values are evenly spaced at every k-th value (0, 3, 6, ... for
     * 100 steps). One extra vertex halfway along the first segment of the upper edge, exactly on the
     * segment as drawn (the geometric mean, since the y axis is logarithmic), breaks the even spacing
     * so the axis gets round ticks (0, 20, 40, ...) instead; the picture is unchanged.
     */
    private void addBand(OptimizerSummary optimizer, double[] steps, double floor, double ceiling, Color color) {
        int n = steps.length;
        double[] hi = clamp(optimizer.curveCi95Hi(), floor, ceiling);
        double[] lo = clamp(optimizer.curveCi95Lo(), floor, floor);
        double[] x = new double[2 * n + 1];
        double[] y = new double[2 * n + 1];
        x[0] = steps[0];
        y[0] = hi[0];
        x[1] = (steps[0] + steps[1]) / 2;
        y[1] = Math.sqrt(hi[0] * hi[1]);
        for (int i = 1; i < n; i++) {
            x[i + 1] = steps[i];
            y[i + 1] = hi[i];
        }
        for (int i = 0; i < n; i++) {
            x[2 * n - i] = steps[i];
            y[2 * n - i] = lo[i];
        }
        XYSeries band = chart.addSeries(optimizer.name() + " 95% interval", x, y);
        band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setShowInLegend(false);
    }

    /** E.g. {@code adam (lr 0.03)}, {@code lstm}, {@code sgd (lr 1), 3/20 diverged}. */
    static String label(OptimizerSummary optimizer, int seeds) {
        String label = optimizer.name();
        if (optimizer.lr() != null) {
            label += " (lr " + OptimizerSummary.formatLearningRate(optimizer.lr()) + ")";
        }
        if (optimizer.diverged() > 0) {
            label += ", " + optimizer.diverged() + "/" + seeds + " diverged";
        }
        return label;
    }

    /** The values for a log axis: at least {@code floor}, and {@code notFinite} where a value is null. */
    private static double[] clamp(List<Double> values, double floor, double notFinite) {
        return values.stream().mapToDouble(v -> v == null ? notFinite : Math.max(v, floor)).toArray();
    }

    byte[] png() throws IOException {
        return ChartImages.png(chart);
    }

    byte[] svg() throws IOException {
        return ChartImages.svg(chart);
    }
}
