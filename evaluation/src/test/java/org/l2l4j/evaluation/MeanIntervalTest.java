package org.l2l4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;

class MeanIntervalTest {

    @Test
    void tQuantileMatchesClosedFormsAndTables() {
        // Closed forms: df = 1 is Cauchy, tan(π(p − ½)); df = 2 is (2p − 1)/√(2p(1 − p)).
        // commons-math inverts the CDF to ~1e-9 absolute, so 1e-6 leaves room and still catches a wrong df.
        assertEquals(Math.tan(Math.PI * 0.475), MeanInterval.tQuantile975(1), 1e-6);
        assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025), MeanInterval.tQuantile975(2), 1e-6);
        assertEquals(2.093024054, MeanInterval.tQuantile975(19), 1e-6); // printed t-tables, 20 seeds
    }

    @Test
    void studentTIntervalOfTheMean() {
        MeanInterval interval = MeanInterval.of(new double[] {2, 4, 6}); // mean 4, sd 2
        double half = 0.95 / Math.sqrt(2 * 0.975 * 0.025) * 2 / Math.sqrt(3);
        assertEquals(4, interval.mean(), 1e-12);
        assertEquals(4 - half, interval.lo(), 1e-6);
        assertEquals(4 + half, interval.hi(), 1e-6);
        assertEquals(new MeanInterval(5, 5, 5), MeanInterval.of(new double[] {5}));
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(new double[0]));
    }

    @Test
    void evaluationSummarisesTheFinalTrainingLossOfTheRunsThatDidNotDiverge() {
        SeedRange seeds = new SeedRange(7, 3);
        List<Trajectory> runs = List.of(
                new Trajectory(new double[] {3, 1.5}, OptionalDouble.of(1)),
                new Trajectory(new double[] {3, Double.POSITIVE_INFINITY}),
                new Trajectory(new double[] {3, 2.5}, OptionalDouble.of(2)));
        Evaluation evaluation = new Evaluation("nag", 1.0, seeds, runs, CurveStats.of(runs));
        assertEquals(MeanInterval.of(new double[] {1, 2}), evaluation.finalTrainingLoss().orElseThrow());

        List<Trajectory> unmeasured = List.of(new Trajectory(new double[] {3, 1}), runs.get(0), runs.get(2));
        assertTrue(new Evaluation("nag", 1.0, seeds, unmeasured, CurveStats.of(unmeasured)).finalTrainingLoss()
                .isEmpty(), "a run without the measurement leaves nothing comparable");
    }
}
