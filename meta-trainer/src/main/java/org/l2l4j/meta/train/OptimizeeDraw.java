package org.l2l4j.meta.train;

import java.util.SplittableRandom;
import org.l2l4j.core.Mixture;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;

/**
 * How an epoch's training optimizees are drawn from the epoch's random stream
 * ({@link MetaTrainer#epochRandom}).
 *
 * <p>Independent: each seed is one draw of the problem, so on a mixture the families come as the draw
 * falls. With B optimizees, an epoch lacks a family of share p with probability (1 − p)<sup>B</sup> (41%
 * for p = 0.2 and B = 4), and all of that epoch's meta-steps then pull the weights without it.
 *
 * <p>Stratified (on a {@link Mixture}): the epoch's B slots are spread over the families by systematic
 * sampling, slot b taking the family at (u + b) / B, so a family of share p gets ⌊Bp⌋ or ⌈Bp⌉ slots and
 * Bp on average; each slot's seed is drawn from the stream until it is one of its family's, so a
 * trajectory's family is still a function of its seed. The offset u advances by the golden ratio's
 * fraction from epoch to epoch, from a start set by the run's seed: the offsets spread evenly over [0, 1),
 * and each family's count over the epochs keeps close to its share. On one family both draws are the same.
 */
final class OptimizeeDraw {

    /** The golden ratio's fractional part, (√5 − 1) / 2: the step of a low-discrepancy sequence on [0, 1). */
    private static final double GOLDEN_FRACTION = 0.6180339887498949;
    /** Draws tried for one slot's seed; a family so light it is not hit in these has a share of about 1e-7. */
    private static final long MAX_TRIES = 1L << 26;

    private final Mixture stratifiedOver;
    private final double start;

    private OptimizeeDraw(Mixture stratifiedOver, double start) {
        this.stratifiedOver = stratifiedOver;
        this.start = start;
    }

    /** The draw {@code estimator} asks for on {@code problem}: stratified where it says so and the problem is a mixture. */
    static OptimizeeDraw of(Problem problem, EstimatorSettings estimator) {
        return estimator.stratified() && problem instanceof Mixture mixture
                ? new OptimizeeDraw(mixture, new SplittableRandom(estimator.seed()).nextDouble())
                : new OptimizeeDraw(null, 0);
    }

    /** The seeds of epoch {@code epoch}'s {@code count} optimizees, the first draws of its stream {@code random}. */
    long[] seeds(int epoch, int count, SplittableRandom random) {
        long[] seeds = new long[count];
        if (stratifiedOver == null) {
            for (int b = 0; b < count; b++) {
                seeds[b] = SeedRange.trainingSeed(random);
            }
            return seeds;
        }
        double offset = (start + epoch * GOLDEN_FRACTION) % 1;
        for (int b = 0; b < count; b++) {
            seeds[b] = seedOfFamily(stratifiedOver.familyAt((offset + b) / count), random);
        }
        return seeds;
    }

    private long seedOfFamily(int family, SplittableRandom random) {
        for (long tries = 0; tries < MAX_TRIES; tries++) {
            long seed = SeedRange.trainingSeed(random);
            if (stratifiedOver.familyOf(seed) == family) {
                return seed;
            }
        }
        throw new IllegalStateException("no training seed of family " + family + " of " + stratifiedOver.spec()
                + " in " + MAX_TRIES + " draws: its weight is too small to stratify");
    }
}
