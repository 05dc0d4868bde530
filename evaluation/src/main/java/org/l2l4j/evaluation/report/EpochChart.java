package org.l2l4j.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A meta-training run against epoch: the meta-loss per step as a line, and each validation series as
 * markers joined by a line at the epochs that validated. The y axis is logarithmic when every value is
 * positive (losses), else linear (a mean log-loss can be negative).
 */
public final class EpochChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final Color[] PALETTE = {new Color(0x7f7f7f), new Color(0xd62728), new Color(0x1f77b4),
        new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private final XYChart chart;
    private final List<String> legend = new ArrayList<>();

    /**
     * @param series name → value per epoch of {@code epochs}, NaN where there is none; the first is the
     *               meta-loss (a line), the others validations (markers)
     */
    public EpochChart(String title, double[] epochs, Map<String, double[]> series) {
        chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle("loss").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        Map<String, double[][]> points = new LinkedHashMap<>();
        boolean positive = true;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < epochs.length; i++) {
                double v = s.getValue()[i];
                if (Double.isFinite(v)) {
                    kept.add(new double[] {epochs[i], v});
                    positive &= v > 0;
                }
            }
            if (!kept.isEmpty()) {
                points.put(s.getKey(), new double[][] {kept.stream().mapToDouble(p -> p[0]).toArray(),
                        kept.stream().mapToDouble(p -> p[1]).toArray()});
            }
        }
        styler.setYAxisLogarithmic(positive && !points.isEmpty());
        styler.setYAxisLogarithmicDecadeOnly(false);
        int i = 0;
        for (Map.Entry<String, double[][]> s : points.entrySet()) {
            XYSeries line = chart.addSeries(s.getKey(), s.getValue()[0], s.getValue()[1]);
            line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            line.setMarker(i == 0 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            line.setLineColor(PALETTE[i % PALETTE.length]);
            line.setMarkerColor(PALETTE[i % PALETTE.length]);
            line.setLineStyle(new BasicStroke(i == 0 ? 1f : 2f));
            legend.add(s.getKey());
            i++;
        }
    }

    /** The series drawn, in order (those with no finite value are left out). */
    public List<String> legend() {
        return List.copyOf(legend);
    }

    public byte[] png() throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
