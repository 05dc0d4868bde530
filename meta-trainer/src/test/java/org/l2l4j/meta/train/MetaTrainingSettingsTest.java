package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Trajectory;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.Preprocessing;

class MetaTrainingSettingsTest {

    private static MetaTrainingSettings withDecay(int epochs, double finalFraction) {
        return new MetaTrainingSettings(100, 20, epochs, 1e-3, 1, 0, 5, 10, 10, 1, LstmConfig.defaults(), 1,
                finalFraction, 0, MetaObjective.MEAN_LOSS, Selection.OBJECTIVE, 0, MetaGradient.FIRST_ORDER);
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
                10, 10, 1, LstmConfig.defaults(), 0, 1, 0, MetaObjective.MEAN_LOSS, Selection.OBJECTIVE, 0, MetaGradient.FIRST_ORDER));
        assertTrue(e.getMessage().contains("optimizees per meta-step"), e.getMessage());
        LstmConfig correctedOn99 = LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(99));
        e = assertThrows(IllegalArgumentException.class, () -> new MetaTrainingSettings(100, 20, 10, 1e-3, 1, 0, 5,
                10, 10, 1, correctedOn99, 1, 1, 0, MetaObjective.MEAN_LOSS, Selection.OBJECTIVE, 0, MetaGradient.FIRST_ORDER));
        assertEquals("the LSTM's correction must cover the 100 steps it is trained on, got 99 correction steps"
                + " (0 = every step)", e.getMessage());
        LstmConfig adam = new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> new MetaTrainingSettings(100, 20, 10, 1e-3, 1, 0, 5,
                10, 10, 1, adam, 1, 1, 0, MetaObjective.MEAN_LOSS, Selection.OBJECTIVE, 0, MetaGradient.FULL));
        assertEquals("the full meta-gradient needs log-sign or raw preprocessing, got ADAM_NORMALISED", e.getMessage());
    }

    private static MetaTrainingSettings withCurriculum(int epochs, double curriculum) {
        return new MetaTrainingSettings(100, 20, epochs, 1e-3, 1, 0, 5, 10, 10, 1, LstmConfig.defaults(), 1,
                1, 0, MetaObjective.MEAN_LOSS, Selection.OBJECTIVE, curriculum, MetaGradient.FIRST_ORDER);
    }

    @Test
    void curriculumGrowsTheHorizonByWholeUnrollsUpToT() {
        MetaTrainingSettings s = withCurriculum(100, 0.4);  // 5 unrolls of 20; full T from epoch 41
        assertEquals(20, s.horizon(1));
        assertEquals(20, s.horizon(10));   // progress 9/40 < 1/4
        assertEquals(40, s.horizon(11));   // progress 1/4
        assertEquals(80, s.horizon(31));   // progress 3/4
        assertEquals(100, s.horizon(41));
        assertEquals(100, s.horizon(100));
        for (int e = 2; e <= 100; e++) {
            assertTrue(s.horizon(e) >= s.horizon(e - 1), "horizon never shrinks, epoch " + e);
        }
        assertEquals(100, withCurriculum(100, 0).horizon(1), "0 = off: every epoch trains on T");
        assertEquals(100, new MetaTrainingSettings(100, 30, 10, 1e-3, 1, 0, 5, 10, 10, 1, LstmConfig.defaults(), 1,
                1, 0, MetaObjective.MEAN_LOSS, Selection.OBJECTIVE, 0.5, MetaGradient.FIRST_ORDER).horizon(10), "T not a multiple of K: capped at T");
    }

    @Test
    void objectiveTermsAndSuffixWeightsAgree() {
        assertEquals(2.5, MetaObjective.MEAN_LOSS.term(2.5));
        assertEquals(1f, MetaObjective.MEAN_LOSS.weight(2.5));
        assertEquals(Math.log(2.5), MetaObjective.MEAN_LOG_LOSS.term(2.5), 1e-15);
        assertEquals(0.4f, MetaObjective.MEAN_LOG_LOSS.weight(2.5));
        assertTrue(Double.isFinite(MetaObjective.MEAN_LOG_LOSS.term(0)), "a zero loss stays finite");
        assertEquals(MetaObjective.MEAN_LOG_LOSS, MetaObjective.parse("log"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetaObjective.parse("sum"));
        assertTrue(e.getMessage().contains("'sum'") && e.getMessage().contains("mean, log"), e.getMessage());
    }

    @Test
    void selectionScoresTheWholeTrajectoryOrItsLastTenth() {
        double[] losses = new double[21];  // f_0..f_20
        for (int t = 0; t <= 20; t++) {
            losses[t] = 21 - t;            // f_t = 21 - t
        }
        Trajectory curve = new Trajectory(losses);
        assertEquals(10.5, Selection.OBJECTIVE.score(curve, MetaObjective.MEAN_LOSS), 1e-12); // f_1..f_20 = 20..1
        assertEquals(1.5, Selection.FINAL.score(curve, MetaObjective.MEAN_LOSS), 1e-12);    // f_19, f_20 = 2, 1
        assertEquals(Selection.FINAL, Selection.parse("final"));
    }

    @Test
    void finalSelectionUsesTheTrainingLossWhereItWasMeasured() {
        double[] losses = {3, 2, 1};
        Trajectory measured = new Trajectory(losses, OptionalDouble.of(0.25));
        assertEquals(0.25, Selection.FINAL.score(measured, MetaObjective.MEAN_LOSS), 0);
        assertEquals(1.5, Selection.OBJECTIVE.score(measured, MetaObjective.MEAN_LOSS), 1e-12);
    }
}
