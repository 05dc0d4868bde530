package org.l2l4j.core;

/**
 * SplitMix64's output function (Steele, Lea and Flood 2014): a bijection of 64-bit values that mixes every
 * bit, so that a draw keyed by a seed does not follow the seed's low bits, which optimizees use themselves.
 */
public final class SplitMix64 {

    private SplitMix64() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
