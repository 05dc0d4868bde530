package org.l2l4j.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.l2l4j.evaluation.PairedRatio;

/**
 * The suite's summary picture: per row, the learned optimizer's mean final score over the best tuned
 * baseline's ({@link SuiteRowResult#ratio()}) as a point at x = the row's place, its Fieller 95% interval as a
 * vertical line where it has one, on a logarithmic axis with a dashed line at 1 (level with the best
 * baseline). Fieller's interval is not symmetric, so it is drawn as a line from its lower to its upper end
 * rather than as an error bar. Each point has its row number beside it; the legend names the rows,
 * their best baseline and the numbers. Rows without a ratio are named in the legend as such.
 */
final class SuiteChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 720;
    private static final Color POINT = new Color(0xd62728);
    private static final Color LEVEL = new Color(0x7f7f7f);

    private final XYChart chart;

    SuiteChart(List<SuiteRowResult> rows) {
        chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("learned optimizer / best tuned baseline: mean final train loss per row, 95% interval")
                .xAxisTitle("row").yAxisTitle("ratio, log scale (below 1: the learned optimizer is better)").build();
        XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setYAxisLogarithmicDecadeOnly(false);
        styler.setLegendPosition(LegendPosition.OutsideS);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setXAxisTicksVisible(false);
        styler.setXAxisMin(0.5);
        styler.setXAxisMax(rows.size() + 0.5);
        XYSeries level = chart.addSeries("1 = level with the best tuned baseline", new double[] {0.5, rows.size() + 0.5},
                new double[] {1, 1});
        level.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        level.setMarker(SeriesMarkers.NONE);
        level.setLineColor(LEVEL);
        level.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (int i = 0; i < rows.size(); i++) {
            SuiteRowResult row = rows.get(i);
            PairedRatio ratio = row.ratio();
            double x = i + 1;
            if (ratio == null || !(ratio.ratio() > 0) || !Double.isFinite(ratio.ratio())) {
                addLegendOnly(row.row() + ": " + row.label() + ": no ratio (no learned optimizer, or every run of it"
                        + " or of every baseline diverged)");
                continue;
            }
            XYSeries point = chart.addSeries(legend(row), new double[] {x}, new double[] {ratio.ratio()});
            point.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            point.setMarker(SeriesMarkers.CIRCLE);
            point.setMarkerColor(POINT);
            if (ratio.bounded() && ratio.lo() > 0) {
                XYSeries interval = chart.addSeries(row.row() + " 95% interval", new double[] {x, x},
                        new double[] {ratio.lo(), ratio.hi()});
                interval.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                interval.setMarker(SeriesMarkers.NONE);
                interval.setLineColor(POINT);
                interval.setLineStyle(new BasicStroke(2f));
                interval.setShowInLegend(false);
            }
            chart.addAnnotation(new AnnotationText(Integer.toString(row.row()), x + 0.12, ratio.ratio(), false));
        }
    }

    /** E.g. {@code 3: mnist:activation=relu, 200 steps: 0.91 [0.85, 0.98] of nag}. */
    private static String legend(SuiteRowResult row) {
        PairedRatio ratio = row.ratio();
        String numbers = String.format(Locale.ROOT, "%.3g", ratio.ratio())
                + (ratio.bounded() ? String.format(Locale.ROOT, " [%.3g, %.3g]", ratio.lo(), ratio.hi()) : " (no interval)");
        return row.row() + ": " + row.label() + ": " + numbers + " of " + row.bestBaseline();
    }

    /** A legend entry with nothing visible: one transparent point on the level line. */
    private void addLegendOnly(String label) {
        XYSeries entry = chart.addSeries(label, new double[] {1}, new double[] {1});
        entry.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        entry.setMarker(SeriesMarkers.NONE);
        entry.setLineColor(new Color(0, 0, 0, 0));
    }

    /** The legend's entries, in order. */
    List<String> legend() {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName).toList();
    }

    byte[] png() throws IOException {
        return ChartImages.png(chart);
    }

    byte[] svg() throws IOException {
        return ChartImages.svg(chart);
    }
}
