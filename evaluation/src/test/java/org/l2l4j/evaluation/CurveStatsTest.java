package org.l2l4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Trajectory;

class CurveStatsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static Trajectory run(double... losses) {
        return new Trajectory(losses);
    }

    @Test
    void intervalIsStudentTOfTheMeanOverSeeds() {
        // Per step: values {1,2,3} (mean 2, sd 1) and {2,4,6} (mean 4, sd 2).
        CurveStats stats = CurveStats.of(List.of(run(1, 2), run(2, 4), run(3, 6)));
        double t = 0.95 / Math.sqrt(2 * 0.975 * 0.025); // t_{0.975, 2}
        assertArrayEquals(new double[] {2, 4}, stats.mean(), 1e-12);
        assertArrayEquals(new double[] {2 - t / Math.sqrt(3), 4 - 2 * t / Math.sqrt(3)}, stats.lo(), 1e-6);
        assertArrayEquals(new double[] {2 + t / Math.sqrt(3), 4 + 2 * t / Math.sqrt(3)}, stats.hi(), 1e-6);
        assertEquals(3, stats.runs());
        assertEquals(0, stats.diverged());
        assertEquals(1, stats.steps());
    }

    @Test
    void singleRunIntervalIsTheValue() {
        CurveStats stats = CurveStats.of(List.of(run(5, 3, 1)));
        assertArrayEquals(new double[] {5, 3, 1}, stats.mean(), 0);
        assertArrayEquals(stats.mean(), stats.lo(), 0);
        assertArrayEquals(stats.mean(), stats.hi(), 0);
    }

    @Test
    void divergedRunsAreCountedAndLeftOutAtEveryStep() {
        // The diverged run is finite at steps 0 and 1 but must not enter the mean there either.
        CurveStats stats = CurveStats.of(List.of(run(1, 1, 1), run(100, 1000, INF), run(3, 3, 3)));
        assertArrayEquals(new double[] {2, 2, 2}, stats.mean(), 1e-12);
        assertEquals(3, stats.runs());
        assertEquals(1, stats.diverged());
        assertFalse(stats.allDiverged());
        assertTrue(stats.finalHi() > stats.finalMean() && stats.finalLo() < stats.finalMean());
    }

    @Test
    void allDivergedLeavesNoStatistics() {
        CurveStats stats = CurveStats.of(List.of(run(1, INF), run(2, INF)));
        assertTrue(stats.allDiverged());
        assertTrue(Double.isNaN(stats.finalMean()));
        assertTrue(Double.isNaN(stats.finalLo()));
        assertTrue(Double.isNaN(stats.finalHi()));
    }

    @Test
    void runsOfDifferentLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveStats.of(List.of(run(1, 2), run(1, 2, 3))));
        assertTrue(e.getMessage().contains("1 and 2 steps"), e.getMessage());
    }
}
