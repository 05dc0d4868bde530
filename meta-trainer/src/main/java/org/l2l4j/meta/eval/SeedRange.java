package org.l2l4j.meta.eval;

import java.util.stream.LongStream;

/**
 * The seeds {@code base + i}, i = 0..count-1: one optimizee instance (data, θ<sub>0</sub>, minibatch
 * order) per seed, the same instances for every optimizer.
 *
 * <p>Evaluation and learning-rate tuning use disjoint ranges, so a baseline is never tuned on the
 * problems it is scored on. The evaluation default matches the PyTorch peer (1,000,000 + i).
 */
public record SeedRange(long base, int count) {

    /** The PyTorch peer's evaluation seeds start here. */
    public static final long EVALUATION_BASE = 1_000_000L;

    /** Learning-rate tuning seeds start here, far from the evaluation range. */
    public static final long TUNING_BASE = 2_000_000L;

    public SeedRange {
        if (count < 1) {
            throw new IllegalArgumentException("a seed range needs at least 1 seed, got " + count);
        }
        if (base < 0 || base > Long.MAX_VALUE - count) {
            throw new IllegalArgumentException("seed base must be in 0.." + (Long.MAX_VALUE - count) + ", got " + base);
        }
    }

    public static SeedRange evaluation(int count) {
        return new SeedRange(EVALUATION_BASE, count);
    }

    public static SeedRange tuning(int count) {
        return new SeedRange(TUNING_BASE, count);
    }

    public long seed(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("seed index " + i + " outside 0.." + (count - 1));
        }
        return base + i;
    }

    /** The last seed, inclusive. */
    public long last() {
        return base + count - 1;
    }

    public long[] toArray() {
        return LongStream.range(base, base + count).toArray();
    }

    public boolean overlaps(SeedRange other) {
        return base <= other.last() && other.base <= last();
    }

    /** E.g. {@code 1000000..1000019}. */
    @Override
    public String toString() {
        return base + ".." + last();
    }
}
