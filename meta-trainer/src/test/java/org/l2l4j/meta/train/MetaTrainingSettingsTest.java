package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.l2l4j.lstm.LstmConfig;

class MetaTrainingSettingsTest {

    private static MetaTrainingSettings withDecay(int epochs, double finalFraction) {
        return new MetaTrainingSettings(100, 20, epochs, 1e-3, 1, 0, 5, 10, 10, 1, LstmConfig.defaults(), 1,
                finalFraction, 0);
    }

    @Test
    void cosineScheduleRunsFromTheRateToItsFinalFraction() {
        MetaTrainingSettings s = withDecay(101, 0.1);
        assertEquals(1e-3, s.learningRate(1), 1e-15);
        assertEquals(0.55e-3, s.learningRate(51), 1e-12);
        assertEquals(1e-4, s.learningRate(101), 1e-15);
        assertTrue(s.learningRate(30) > s.learningRate(31));
        assertEquals(1e-3, withDecay(10, 1).learningRate(7), 1e-15);
    }

    @Test
    void badValuesNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withDecay(10, 0));
        assertTrue(e.getMessage().contains("final learning-rate fraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MetaTrainingSettings(100, 20, 10, 1e-3, 1, 0, 5,
                10, 10, 1, LstmConfig.defaults(), 0, 1, 0));
        assertTrue(e.getMessage().contains("optimizees per meta-step"), e.getMessage());
    }
}
