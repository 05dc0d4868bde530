package org.l2l4j.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A meta-training run against epoch, in two panels of one picture: above, the meta-loss per step of
 * every epoch as a line; below, each validation series as markers joined by a line at the epochs that
 * validated. {@link #twoPanels} draws any two sets of series against epoch the second way, a name in the
 * same colour in both panels when both list the same names in the same order. Each panel's y axis is logarithmic when all its values are positive (losses), else linear
 * (a mean log-loss can be negative), which is why the two do not share one axis.
 */
public final class EpochChart {

    private static final int WIDTH = 960;
    private static final int PANEL_HEIGHT = 320;
    private static final Color META_LOSS = new Color(0x7f7f7f);
    private static final Color[] PALETTE = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private final XYChart upper;
    private final XYChart lower;
    private final List<String> legend = new ArrayList<>();

    /**
     * @param epochs      the epochs of the rows
     * @param metaLoss    the meta-loss per step of each epoch, NaN where there is none
     * @param validations name → score per epoch, NaN where the epoch did not validate
     */
    public EpochChart(String title, double[] epochs, double[] metaLoss, Map<String, double[]> validations) {
        this(title, epochs, "meta-loss per step", Map.of("meta-loss per step", metaLoss), false, "validation",
                validations);
    }

    private EpochChart(String title, double[] epochs, String upperAxis, Map<String, double[]> upper,
                       boolean upperMarkers, String lowerAxis, Map<String, double[]> lower) {
        this.upper = panel(title, upperAxis, epochs, upper, upperMarkers);
        this.lower = panel(null, lowerAxis, epochs, lower, true);
    }

    /**
     * Two panels of series against epoch, each series as markers joined by a line.
     *
     * @param upper name → value per epoch, NaN where there is none; its y axis titled {@code upperAxis}
     * @param lower the same below, its y axis titled {@code lowerAxis}
     */
    public static EpochChart twoPanels(String title, double[] epochs, String upperAxis, Map<String, double[]> upper,
                                       String lowerAxis, Map<String, double[]> lower) {
        return new EpochChart(title, epochs, upperAxis, upper, true, lowerAxis, lower);
    }

    private XYChart panel(String title, String yAxis, double[] epochs, Map<String, double[]> series, boolean markers) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title == null ? "" : title)
                .xAxisTitle("epoch").yAxisTitle(yAxis).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setXAxisMaxLabelCount(12);
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
        // The legend takes the corner the series leave free: the lower right when they rise (accuracies).
        styler.setLegendPosition(rising(points.values()) ? LegendPosition.InsideSE : LegendPosition.InsideNE);
        // Labels at every power of ten only when the values span more than two decades (a diverging run's).
        double lo = points.values().stream().flatMapToDouble(p -> Arrays.stream(p[1])).min().orElse(1);
        double hi = points.values().stream().flatMapToDouble(p -> Arrays.stream(p[1])).max().orElse(1);
        styler.setYAxisLogarithmicDecadeOnly(hi > 100 * lo);
        int i = 0;
        for (Map.Entry<String, double[][]> s : points.entrySet()) {
            Color color = markers ? PALETTE[i++ % PALETTE.length] : META_LOSS;
            XYSeries line = chart.addSeries(s.getKey(), s.getValue()[0], s.getValue()[1]);
            line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            line.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            line.setLineColor(color);
            line.setMarkerColor(color);
            line.setLineStyle(new BasicStroke(markers ? 2f : 1f));
            legend.add(s.getKey());
        }
        return chart;
    }

    /** True if the series end higher than they start, summed over the series; each is {x values, y values}. */
    private static boolean rising(Iterable<double[][]> series) {
        double rise = 0;
        for (double[][] s : series) {
            rise += s[1][s[1].length - 1] - s[1][0];
        }
        return rise > 0;
    }

    /** The series drawn, the upper panel's first (those with no finite value are left out). */
    public List<String> legend() {
        return List.copyOf(legend);
    }

    public byte[] png() throws IOException {
        BufferedImage picture = new BufferedImage(WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.drawImage(panelImage(upper), 0, 0, null);
            g.drawImage(panelImage(lower), 0, PANEL_HEIGHT, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        return out.toByteArray();
    }

    /** A panel as an image; XChart cannot draw a panel without series, so such a panel stays blank. */
    private static BufferedImage panelImage(XYChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            BufferedImage blank = new BufferedImage(WIDTH, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = blank.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, PANEL_HEIGHT);
            g.dispose();
            return blank;
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
