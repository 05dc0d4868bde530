package org.l2l4j.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EpochChartTest {

    private static final double NAN = Double.NaN;

    @Test
    void theMetaLossAndEveryValidatedFamilyAreDrawnInTwoPanels() throws IOException {
        Map<String, double[]> validations = new LinkedHashMap<>();
        validations.put("validation quadratic", new double[] {NAN, 0.5, NAN, 0.25});
        validations.put("validation mnist", new double[] {NAN, 0.4, NAN, 0.3});
        validations.put("validation never", new double[] {NAN, NAN, NAN, NAN});
        EpochChart chart = new EpochChart("run", new double[] {1, 2, 3, 4}, new double[] {-1, -2, NAN, -3}, validations);
        assertEquals(List.of("meta-loss per step", "validation quadratic", "validation mnist"), chart.legend());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertEquals(960, png.getWidth());
        assertEquals(640, png.getHeight());
    }

    @Test
    void anEpochWithNothingToDrawStillGivesAPicture() throws IOException {
        EpochChart chart = new EpochChart("run", new double[] {1}, new double[] {NAN}, Map.of("validation", new double[] {NAN}));
        assertEquals(List.of(), chart.legend());
        assertEquals(640, ImageIO.read(new ByteArrayInputStream(chart.png())).getHeight());
    }

    @Test
    void twoPanelsDrawEverySeriesOfBothWithTheNamesInOrder() throws IOException {
        Map<String, double[]> loss = new LinkedHashMap<>();
        loss.put("learned", new double[] {2.3, 0.4, 0.2});
        loss.put("adam", new double[] {2.3, 0.5, NAN});
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        accuracy.put("learned", new double[] {0.1, 0.9, 0.95});
        accuracy.put("adam", new double[] {0.1, 0.85, 0.9});
        EpochChart chart = EpochChart.twoPanels("fit", new double[] {0, 1, 2}, "train loss", loss, "test accuracy", accuracy);
        assertEquals(List.of("learned", "adam", "learned", "adam"), chart.legend());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertEquals(960, png.getWidth());
        assertEquals(640, png.getHeight());
    }
}
