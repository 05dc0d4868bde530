package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedRangeTest {

    @Test
    void seedsAreBasePlusIndex() {
        SeedRange seeds = SeedRange.evaluation(3);
        assertArrayEquals(new long[] {1_000_000, 1_000_001, 1_000_002}, seeds.toArray());
        assertEquals(1_000_002, seeds.last());
        assertEquals("1000000..1000002", seeds.toString());
    }

    @Test
    void defaultEvaluationAndTuningRangesAreDisjoint() {
        assertFalse(SeedRange.evaluation(1000).overlaps(SeedRange.tuning(1000)));
        assertTrue(new SeedRange(1_999_990, 20).overlaps(SeedRange.tuning(5)));
        assertTrue(SeedRange.tuning(5).overlaps(new SeedRange(2_000_004, 1)));
        assertFalse(SeedRange.tuning(5).overlaps(new SeedRange(2_000_005, 1)));
    }

    @Test
    void fixedRangesAreDisjointAndTrainingSeedsLieAboveThemAll() {
        long[] bases = {SeedRange.VALIDATION_BASE, SeedRange.CALIBRATION_BASE, SeedRange.EVALUATION_BASE,
                SeedRange.TUNING_BASE};
        for (int i = 1; i < bases.length; i++) {
            assertTrue(bases[i] - bases[i - 1] >= 100_000, "bases " + bases[i - 1] + " and " + bases[i]);
        }
        assertTrue(SeedRange.TRAINING_BASE > SeedRange.TUNING_BASE + Integer.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertTrue(SeedRange.trainingSeed(random) >= SeedRange.TRAINING_BASE);
        }
    }

    @Test
    void emptyOrNegativeRangesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SeedRange(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SeedRange(-1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> SeedRange.evaluation(2).seed(2));
    }
}
