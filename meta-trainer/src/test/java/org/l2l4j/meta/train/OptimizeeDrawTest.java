package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.optimizee.MixtureProblem;
import org.l2l4j.optimizee.QuadraticProblem;

/** An epoch's optimizees, drawn independently or stratified over a mixture's families. */
class OptimizeeDrawTest {

    /** Shares 0.2, 0.2, 0.2, 0.4, as the general optimizer's mixture weighs its families. */
    private static final MixtureProblem MIXTURE = new MixtureProblem(List.of(
            new MixtureProblem.Family(new QuadraticProblem(2, 4), 1), new MixtureProblem.Family(new QuadraticProblem(3, 4), 1),
            new MixtureProblem.Family(new QuadraticProblem(4, 4), 1), new MixtureProblem.Family(new QuadraticProblem(5, 4), 2)));
    private static final int SLOTS = 4;
    private static final int EPOCHS = 1000;

    private static EstimatorSettings estimator(boolean stratified, long seed) {
        return new EstimatorSettings(MetaObjective.MEAN_LOG_LOSS, MetaGradient.FIRST_ORDER, SLOTS, stratified, 0, seed);
    }

    /** Family counts per epoch (rows) and family (columns) over {@link #EPOCHS} epochs of the draw. */
    private static int[][] familyCounts(OptimizeeDraw draw) {
        int[][] counts = new int[EPOCHS][4];
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            for (long seed : draw.seeds(epoch, SLOTS, MetaTrainer.epochRandom(7, epoch))) {
                assertTrue(SeedRange.isMetaTraining(seed), "a training seed");
                counts[epoch - 1][MIXTURE.familyOf(seed)]++;
            }
        }
        return counts;
    }

    @Test
    void stratifiedEpochsHoldEachFamilyInProportionToItsWeight() {
        int[][] counts = familyCounts(OptimizeeDraw.of(MIXTURE, estimator(true, 7)));
        double[] shares = {0.2, 0.2, 0.2, 0.4};
        for (int f = 0; f < 4; f++) {
            int total = 0;
            for (int[] epoch : counts) {
                // B·p = 0.8 or 1.6 slots: every epoch holds the floor or the ceiling of it
                assertTrue(epoch[f] == Math.floor(SLOTS * shares[f]) || epoch[f] == Math.ceil(SLOTS * shares[f]),
                        "family " + f + " has " + epoch[f] + " slots");
                total += epoch[f];
            }
            // independent draws would be off by about 25 here (one standard deviation); the golden-ratio offsets by a few
            assertEquals(SLOTS * EPOCHS * shares[f], total, 4, "family " + f + "'s slots over the epochs");
        }
    }

    @Test
    void independentEpochsLackFamiliesAsTheDrawFalls() {
        int[][] counts = familyCounts(OptimizeeDraw.of(MIXTURE, estimator(false, 7)));
        int lacking = 0;
        for (int[] epoch : counts) {
            lacking += epoch[0] == 0 ? 1 : 0;
        }
        // (1 - 0.2)^4 = 41% of epochs lack the first family
        assertEquals(0.41, lacking / (double) EPOCHS, 0.05);
    }

    @Test
    void independentSeedsAreTheStreamsFirstDraws() {
        SplittableRandom expected = MetaTrainer.epochRandom(3, 5);
        long[] seeds = OptimizeeDraw.of(MIXTURE, estimator(false, 3)).seeds(5, SLOTS, MetaTrainer.epochRandom(3, 5));
        for (long seed : seeds) {
            assertEquals(SeedRange.trainingSeed(expected), seed);
        }
    }

    @Test
    void onOneFamilyTheStratifiedDrawIsTheIndependentOne() {
        Problem single = new QuadraticProblem(3, 4);
        for (int epoch = 1; epoch <= 20; epoch++) {
            assertArrayEquals(OptimizeeDraw.of(single, estimator(false, 3)).seeds(epoch, SLOTS, MetaTrainer.epochRandom(3, epoch)),
                    OptimizeeDraw.of(single, estimator(true, 3)).seeds(epoch, SLOTS, MetaTrainer.epochRandom(3, epoch)));
        }
    }

    @Test
    void theStratifiedDrawIsAFunctionOfTheSeedAndEpoch() {
        long[] first = OptimizeeDraw.of(MIXTURE, estimator(true, 3)).seeds(9, SLOTS, MetaTrainer.epochRandom(3, 9));
        long[] again = OptimizeeDraw.of(MIXTURE, estimator(true, 3)).seeds(9, SLOTS, MetaTrainer.epochRandom(3, 9));
        assertArrayEquals(first, again);
        int[] ofAnotherSeed = new int[4];
        int[] ofThisSeed = new int[4];
        for (int epoch = 1; epoch <= 50; epoch++) {
            for (long seed : OptimizeeDraw.of(MIXTURE, estimator(true, 4)).seeds(epoch, SLOTS, MetaTrainer.epochRandom(4, epoch))) {
                ofAnotherSeed[MIXTURE.familyOf(seed)] += epoch;
            }
            for (long seed : OptimizeeDraw.of(MIXTURE, estimator(true, 3)).seeds(epoch, SLOTS, MetaTrainer.epochRandom(3, epoch))) {
                ofThisSeed[MIXTURE.familyOf(seed)] += epoch;
            }
        }
        // the run's seed sets where the offsets start: another seed orders the families over the epochs differently
        assertFalse(Arrays.equals(ofThisSeed, ofAnotherSeed), "the family schedule follows the run's seed");
    }
}
