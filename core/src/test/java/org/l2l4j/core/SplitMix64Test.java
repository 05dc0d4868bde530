package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    @Test
    void givesTheReferenceGeneratorsFirstOutputsFromStateZero() {
        assertEquals(0xe220a8397b1dcdafL, SplitMix64.mix(GOLDEN_GAMMA));
        assertEquals(0x6e789e6aa1b965f4L, SplitMix64.mix(2 * GOLDEN_GAMMA));
    }

    @Test
    void isTheFinaliserOfTheJdksSplittableRandom() {
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, 4_294_967_296L}) {
            assertEquals(new SplittableRandom(seed).nextLong(), SplitMix64.mix(seed + GOLDEN_GAMMA), "seed " + seed);
        }
    }
}
