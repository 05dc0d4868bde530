package org.l2l4j.core;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * The seeds {@code base + i}, i = 0..count-1: one optimizee instance (data, θ<sub>0</sub>, minibatch
 * order) per seed, the same instances for every optimizer.
 *
 * <p>Every seed the project draws an optimizee from comes from one of these ranges:
 * <ul>
 *   <li>validation during meta-training, {@link #VALIDATION_BASE} + i (500,000 + i);</li>
 *   <li>calibration of the learned optimizer's output scale after meta-training,
 *       {@link #CALIBRATION_BASE} + i (600,000 + i);</li>
 *   <li>evaluation, {@link #EVALUATION_BASE} + i (1,000,000 + i), as the PyTorch peer;</li>
 *   <li>learning-rate tuning of the baselines, {@link #TUNING_BASE} + i (2,000,000 + i);</li>
 *   <li>meta-training, random seeds in [{@link #TRAINING_BASE}, {@code Long.MAX_VALUE}) = [2<sup>32</sup>, 2<sup>63</sup> − 1)
 *       ({@link #trainingSeed}).</li>
 * </ul>
 * The fixed bases are at least 100,000 apart and training starts above all of them, so the ranges are
 * disjoint while each holds fewer than 100,000 seeds: the learned optimizer is never validated,
 * calibrated or scored on an optimizee it was trained on, nor calibrated on its validation seeds, and
 * a baseline is never tuned on the problems it is scored on. Evaluation and tuning bases can be moved
 * on the command line; a comparison refuses tuning seeds that overlap its evaluation seeds.
 */
public record SeedRange(long base, int count) {

    /** Validation seeds during meta-training start here. */
    public static final long VALIDATION_BASE = 500_000L;

    /** Seeds that calibrate the learned optimizer's output scale start here. */
    public static final long CALIBRATION_BASE = 600_000L;

    /** The PyTorch peer's evaluation seeds start here. */
    public static final long EVALUATION_BASE = 1_000_000L;

    /** Learning-rate tuning seeds start here, far from the evaluation range. */
    public static final long TUNING_BASE = 2_000_000L;

    /** The most seeds a fixed range (validation, calibration) may hold: beyond, it would reach the next range. */
    public static final int FIXED_RANGE_SIZE = 100_000;

    /** Meta-training seeds are drawn at random from {@code TRAINING_BASE} (2<sup>32</sup>) up, above every fixed range. */
    public static final long TRAINING_BASE = 1L << 32;

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

    /** One meta-training seed: uniform in [{@link #TRAINING_BASE}, {@code Long.MAX_VALUE}). */
    public static long trainingSeed(SplittableRandom random) {
        return random.nextLong(TRAINING_BASE, Long.MAX_VALUE);
    }

    /** Whether {@code seed} is a meta-training seed ({@link #trainingSeed}): a family may draw those tasks differently. */
    public static boolean isMetaTraining(long seed) {
        return seed >= TRAINING_BASE;
    }

    /** Whether {@code seed} is in the validation range, {@link #VALIDATION_BASE} + [0, {@link #FIXED_RANGE_SIZE}). */
    public static boolean isValidation(long seed) {
        return seed >= VALIDATION_BASE && seed < VALIDATION_BASE + FIXED_RANGE_SIZE;
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
