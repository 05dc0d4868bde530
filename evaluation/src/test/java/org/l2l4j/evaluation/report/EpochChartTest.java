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
}
