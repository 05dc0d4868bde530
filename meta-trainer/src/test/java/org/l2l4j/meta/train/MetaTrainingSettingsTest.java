package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.SettingException;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.core.Trajectory;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.Preprocessing;

class MetaTrainingSettingsTest {

    /** T = 100 in unrolls of 20, the paper's LSTM, the first-order meta-gradient. */
    private static MetaTrainingSettings.Builder paper() {
        return MetaTrainingSettings.builder().steps(100).unroll(20).metaLearningRate(1e-3)
                .metaGradient(MetaGradient.FIRST_ORDER).lstm(LstmConfig.defaults());
    }

    private static MetaTrainingSettings withDecay(int epochs, double finalFraction) {
        return paper().epochs(epochs).finalLearningRateFraction(finalFraction).build();
    }

    @Test
    void cosineScheduleRunsFromTheRateToItsFinalFraction() {
        ScheduleSettings s = withDecay(101, 0.1).schedule();
        assertEquals(1e-3, s.learningRate(1), 1e-15);
        assertEquals(0.55e-3, s.learningRate(51), 1e-12);
        assertEquals(1e-4, s.learningRate(101), 1e-15);
        assertTrue(s.learningRate(30) > s.learningRate(31));
        assertEquals(1e-3, withDecay(10, 1).schedule().learningRate(7), 1e-15);
    }

    private static SettingException refused(MetaTrainingSettings.Builder builder) {
        return assertThrows(SettingException.class, builder::build);
    }

    @Test
    void aRefusedValueNamesItsSettingsByDottedKey() {
        SettingException e = refused(paper().finalLearningRateFraction(0));
        assertEquals(List.of("schedule.finalLearningRateFraction"), e.settings());
        assertEquals("must be in (0, 1] (1 = constant), got 0.0", e.rule());
        assertEquals("schedule.finalLearningRateFraction: must be in (0, 1] (1 = constant), got 0.0", e.getMessage());
        assertEquals(List.of("estimator.optimizeesPerStep"), refused(paper().optimizeesPerStep(0)).settings());
        assertEquals(List.of("trajectory.unroll"), refused(paper().unroll(0)).settings());
        assertEquals(List.of("compute.checkpointSegment"), refused(paper().checkpointSegment(-1)).settings());
        assertEquals(List.of("validation.selection"), refused(paper().selection(null)).settings());
        assertEquals(List.of("validation.patience"), refused(paper().patience(-1)).settings());
        assertTrue(refused(paper().validateEvery(0).patience(2)).getMessage().contains("validations, which are off"));
        e = refused(paper().validateEvery(5).validationSeeds(0));
        assertEquals(List.of("validation.seeds"), e.settings());
        assertTrue(e.rule().startsWith("must be at least 1, got 0"), e.rule());
        assertEquals(0, paper().validateEvery(0).validationSeeds(0).build().validation().seeds(), "validation off: no seeds");
    }

    @Test
    void rulesAcrossGroupsNameEverySettingInvolved() {
        LstmConfig correctedOn99 = LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(99));
        SettingException e = refused(paper().lstm(correctedOn99));
        assertEquals(List.of("lstm.base.correctionSteps", "trajectory.steps"), e.settings());
        assertEquals("the LSTM's correction must cover the 100 steps it is trained on: 0 (every step) or at least 100,"
                + " got 99", e.rule());
        assertEquals(99, paper().steps(99).lstm(correctedOn99).build().lstm().base().correctionSteps());

        LstmConfig adam = new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1);
        e = refused(paper().lstm(adam).metaGradient(MetaGradient.FULL));
        assertEquals(List.of("estimator.metaGradient", "lstm.preprocessing.kind"), e.settings());
        assertEquals(MetaGradient.FIRST_ORDER, paper().lstm(adam).build().estimator().metaGradient());

        e = refused(paper().shortValidationSteps(100));
        assertEquals(List.of("validation.shortSteps", "trajectory.steps"), e.settings());
        assertEquals("the short validation horizon must be shorter than the 100 steps of a run: 0 (off) to 99, got 100",
                e.rule());
        assertEquals(List.of("validation.shortSteps"), refused(paper().shortValidationSteps(-1)).settings());
        e = refused(paper().shortValidationSteps(20).validateEvery(0).calibrationSeeds(0));
        assertEquals(List.of("validation.shortSteps"), e.settings());
        assertEquals("scores validation and calibration, which are both off; got 20", e.rule());
        assertEquals(20, paper().shortValidationSteps(20).validateEvery(0).build().validation().shortSteps(),
                "calibration alone is scored at both horizons");
    }

    @Test
    void validationScoresTStepRunsAndTheShortHorizonAfterThem() {
        assertEquals(List.of(100), paper().build().validationHorizons());
        assertEquals(List.of(100, 99), paper().shortValidationSteps(99).build().validationHorizons());
        assertEquals(List.of(100, 20), paper().shortValidationSteps(20).build().validationHorizons());
    }

    /** The names in refusals are the keys a checkpoint stores the settings under. */
    @Test
    void everyNamedSettingIsAKeyOfTheCanonicalMap() {
        Map<String, Object> keys = SettingsCodec.flatten(SettingsCodec.encode(paper().build()));
        for (MetaTrainingSettings.Builder bad : List.of(paper().steps(0), paper().epochs(0), paper().metaLearningRate(0),
                paper().curriculum(2), paper().clipNorm(-1), paper().averageDecay(1), paper().validateEvery(-1),
                paper().calibrationSeeds(-1), paper().shortValidationSteps(100),
                paper().threads(0), paper().objective(null), paper().objective(MetaObjective.QUERY_LOSS), paper().randomScale(6),
                paper().lstm(new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1)).metaGradient(MetaGradient.FULL))) {
            for (String setting : refused(bad).settings()) {
                assertTrue(keys.containsKey(setting), setting + " in " + keys.keySet());
            }
        }
    }

    @Test
    void theBuilderStartsFromTheCommandLineDefaultsAndRoundTrips() {
        MetaTrainingSettings d = MetaTrainingSettings.builder().build();
        assertEquals(new TrajectorySettings(100, 20, 0), d.trajectory());
        assertEquals(new ScheduleSettings(150, 3e-3, 0.1, 0, 0, 0), d.schedule());
        assertEquals(new ValidationSettings(10, 10, Selection.FINAL, 40, 0, 0), d.validation());
        assertEquals(new ComputeSettings(0, 2), d.compute());
        assertEquals(new EstimatorSettings(MetaObjective.MEAN_LOG_LOSS, MetaGradient.FULL, 1, false, 0, 1), d.estimator());
        assertEquals(LstmConfig.defaults(), d.lstm());
        MetaTrainingSettings s = withCurriculum(100, 0.4).toBuilder().minSteps(40).clipNorm(1).randomScale(0.5).seed(9)
                .shortValidationSteps(40).build();
        assertEquals(s, s.toBuilder().build());
    }

    @Test
    void theCanonicalMapDecodesToEqualSettings() {
        MetaTrainingSettings s = MetaTrainingSettings.builder().curriculum(0.25).clipNorm(1).seed(9).shortValidationSteps(20)
                .lstm(LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(200))).build();
        assertEquals(s, SettingsCodec.decode(MetaTrainingSettings.class, SettingsCodec.encode(s), "settings"));
    }

    private static MetaTrainingSettings withCurriculum(int epochs, double curriculum) {
        return paper().epochs(epochs).finalLearningRateFraction(1).curriculum(curriculum).build();
    }

    @Test
    void curriculumGrowsTheHorizonByWholeUnrollsUpToT() {
        MetaTrainingSettings s = withCurriculum(100, 0.4);  // 5 unrolls of 20; full T from epoch 41
        assertEquals(20, s.longestHorizon(1));
        assertEquals(20, s.longestHorizon(10));   // progress 9/40 < 1/4
        assertEquals(40, s.longestHorizon(11));   // progress 1/4
        assertEquals(80, s.longestHorizon(31));   // progress 3/4
        assertEquals(100, s.longestHorizon(41));
        assertEquals(100, s.longestHorizon(100));
        for (int e = 2; e <= 100; e++) {
            assertTrue(s.longestHorizon(e) >= s.longestHorizon(e - 1), "horizon never shrinks, epoch " + e);
        }
        assertEquals(100, withCurriculum(100, 0).longestHorizon(1), "0 = off: every epoch trains on T");
        assertEquals(100, paper().unroll(30).epochs(10).curriculum(0.5).build().longestHorizon(10), "T not a multiple of K: capped at T");
    }

    /**
     * A mixture of horizons: every draw a whole number of unrolls between M and T, half of them below the
     * geometric mean √(MT) (log-uniform), the same stream giving the same horizons; the curriculum caps it.
     */
    @Test
    void minStepsDrawsLogUniformHorizonsInWholeUnrolls() {
        MetaTrainingSettings s = paper().steps(400).minSteps(100).build();
        SplittableRandom random = new SplittableRandom(3);
        int draws = 20_000;
        int belowMean = 0;
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < draws; i++) {
            int h = s.horizon(1, random);
            assertTrue(h >= 100 && h <= 400 && h % 20 == 0, "horizon " + h);
            seen.add(h);
            belowMean += h < 200 ? 1 : 0;
        }
        assertEquals(16, seen.size(), "every whole number of unrolls from 100 to 400: " + seen);
        // h < 200 exactly when the draw is below 190 (rounded to unrolls of 20): log(1.9)/log(4) of the draws
        assertEquals(Math.log(1.9) / Math.log(4), belowMean / (double) draws, 0.01);
        SplittableRandom a = new SplittableRandom(8);
        SplittableRandom b = new SplittableRandom(8);
        for (int i = 0; i < 100; i++) {
            assertEquals(s.horizon(1, a), s.horizon(1, b));
        }

        MetaTrainingSettings growing = paper().steps(400).minSteps(100).epochs(100).finalLearningRateFraction(1)
                .curriculum(0.5).build();
        assertEquals(20, growing.horizon(1, random), "below M the curriculum's horizon itself");
        for (int i = 0; i < 100; i++) {
            int h = growing.horizon(26, random);   // the curriculum's longest: 200
            assertTrue(h >= 100 && h <= growing.longestHorizon(26), "horizon " + h);
        }
        assertEquals(400, paper().steps(400).build().horizon(1, random), "0 = off: always T");
        assertEquals(400, paper().steps(400).minSteps(400).build().horizon(1, random), "M = T: always T");
        assertEquals(List.of("trajectory.minSteps"), refused(paper().minSteps(101)).settings());
        assertEquals(List.of("trajectory.minSteps"), refused(paper().minSteps(-1)).settings());
    }

    /** The query loss scores a learned initialisation (LearnedInitSettings), not an optimizer's trajectory. */
    @Test
    void anOptimizersTrajectoryIsNotScoredByTheQueryLoss() {
        SettingException e = refused(paper().objective(MetaObjective.QUERY_LOSS));
        assertEquals(List.of("estimator.objective"), e.settings());
    }

    @Test
    void objectiveTermsAndSuffixWeightsAgree() {
        assertEquals(2.5, MetaObjective.MEAN_LOSS.term(2.5));
        assertEquals(1f, MetaObjective.MEAN_LOSS.weight(2.5));
        assertEquals(Math.log(2.5), MetaObjective.MEAN_LOG_LOSS.term(2.5), 1e-15);
        assertEquals(0.4f, MetaObjective.MEAN_LOG_LOSS.weight(2.5));
        assertTrue(Double.isFinite(MetaObjective.MEAN_LOG_LOSS.term(0)), "a zero loss stays finite");
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
    }

    @Test
    void finalSelectionUsesTheTrainingLossWhereItWasMeasured() {
        double[] losses = {3, 2, 1};
        Trajectory measured = new Trajectory(losses, OptionalDouble.of(0.25));
        assertEquals(0.25, Selection.FINAL.score(measured, MetaObjective.MEAN_LOSS), 0);
        assertEquals(1.5, Selection.OBJECTIVE.score(measured, MetaObjective.MEAN_LOSS), 1e-12);
    }
}
