package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.LearningRateSearch.ProgressListener;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.Trajectory;

class LearningRateSearchTest {

    /** Condition number 1000; gradient descent diverges for lr > 2/10, so lr = 1 overflows float. */
    private static final IllConditionedQuadratic QUADRATIC = new IllConditionedQuadratic(20, 0.01, 10);
    private static final long[] SEEDS = {11, 12, 13};
    private static final int STEPS = 100;

    @Test
    void sgdSearchAgreesWithTheClosedFormOnEveryRate() {
        Tuned tuned = LearningRateSearch.tune("sgd", QUADRATIC, STEPS, SEEDS, ProgressListener.NONE);

        double bestRate = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        double coarseBest = Double.NaN;
        double coarseBestLoss = Double.POSITIVE_INFINITY;
        for (double lr : tuned.meanFinalLossByLearningRate().keySet()) {
            double closedForm = 0;
            for (long seed : SEEDS) {
                closedForm += QUADRATIC.gradientDescentLoss(QUADRATIC.sample(seed).initialParameters(), lr, STEPS);
            }
            closedForm /= SEEDS.length;
            double searched = tuned.meanFinalLossByLearningRate().get(lr);
            if (closedForm > 1e70) { // θ beyond float range: the float run must have diverged
                assertEquals(Double.POSITIVE_INFINITY, searched, "lr " + lr);
            } else {
                // Relative 1e-3: 100 float32 steps, each rounding θ by 6e-8 relative, squared in the loss.
                assertEquals(closedForm, searched, 1e-3 * closedForm, "lr " + lr);
            }
            if (closedForm <= bestLoss) {
                bestLoss = closedForm;
                bestRate = lr;
            }
            if (LearningRateSearch.GRID.contains(lr) && closedForm <= coarseBestLoss) {
                coarseBestLoss = closedForm;
                coarseBest = lr;
            }
        }
        assertEquals(0.1, coarseBest, "the closed form's best grid rate (a check on the test problem)");
        assertTrue(tuned.meanFinalLossByLearningRate().keySet().containsAll(List.of(0.17, 0.055)), "refined around 0.1");
        assertEquals(bestRate, tuned.learningRate());
        assertEquals(tuned.meanFinalLossByLearningRate().get(bestRate), tuned.meanFinalLoss());
        assertEquals(Double.POSITIVE_INFINITY, tuned.meanFinalLossByLearningRate().get(1.0), "lr 1 diverges");
        assertFalse(tuned.diverged());
    }

    @Test
    void adamSearchPicksTheLowestMeanFinalLossOfABruteForceRun() {
        Tuned tuned = LearningRateSearch.tune("adam", QUADRATIC, STEPS, SEEDS, ProgressListener.NONE);

        double bestRate = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double lr : tuned.meanFinalLossByLearningRate().keySet()) {
            double mean = 0;
            for (long seed : SEEDS) {
                mean += Trajectory.run(QUADRATIC.sample(seed), Baselines.create("adam", lr), STEPS).finalLoss();
            }
            mean /= SEEDS.length;
            assertEquals(mean, tuned.meanFinalLossByLearningRate().get(lr), 0, "lr " + lr);
            if (mean <= bestLoss) {
                bestLoss = mean;
                bestRate = lr;
            }
        }
        assertEquals(bestRate, tuned.learningRate());
        assertEquals(bestLoss, tuned.meanFinalLoss());
        assertTrue(tuned.meanFinalLossByLearningRate().keySet().containsAll(LearningRateSearch.GRID));
        assertEquals(LearningRateSearch.GRID.size() + 2, tuned.meanFinalLossByLearningRate().size(), "two refined rates");
    }

    @Test
    void whereTheProblemMeasuresATrainingLossTheSearchRanksByIt() {
        // SGD on a gradient of -1 walks θ to 10·lr in 10 steps. The minibatch loss says nothing (always 1);
        // the training loss (θ − 3)² is lowest at lr 0.3.
        Problem walk = oneParameter("walk", 1, -1, theta -> OptionalDouble.of((theta - 3.0) * (theta - 3.0)));
        Tuned tuned = LearningRateSearch.tune("sgd", walk, 10, SEEDS, ProgressListener.NONE);
        assertEquals(0.3, tuned.learningRate());
        assertEquals(0, tuned.meanFinalLoss(), 1e-10);
    }

    @Test
    void theWinnerIsRefinedToLieBetweenTwoScoredRatesWithFourOrMoreRatesPerDecadeAroundIt() {
        // SGD on a gradient of -1 walks θ to 10·lr in 10 steps; the training loss (θ − c)² is lowest at lr = c / 10.
        for (double optimum = 2e-5; optimum < 3; optimum *= 1.37) {
            double c = 10 * optimum;
            Problem walk = oneParameter("walk", 1, -1, theta -> OptionalDouble.of((theta - c) * (theta - c)));
            Tuned tuned = LearningRateSearch.tune("sgd", walk, 10, new long[] {1}, ProgressListener.NONE);
            List<Double> rates = List.copyOf(tuned.meanFinalLossByLearningRate().keySet());
            for (int r = 1; r < rates.size(); r++) {
                assertTrue(rates.get(r) < rates.get(r - 1), "largest first: " + rates);
            }
            int best = rates.indexOf(tuned.learningRate());
            assertTrue(best > 0 && best < rates.size() - 1, "optimum " + optimum + ": " + tuned.learningRate()
                    + " is at the edge of " + rates);
            double lower = rates.get(best + 1);
            double upper = rates.get(best - 1);
            assertTrue(upper / lower < Math.pow(10, 0.6), "optimum " + optimum + ": " + lower + ", "
                    + tuned.learningRate() + ", " + upper + " are not four or more per decade");
            assertTrue(lower <= optimum && optimum <= upper, "optimum " + optimum + " outside [" + lower + ", " + upper + "]");
        }
    }

    @Test
    void aWinnerAtTheBottomOfTheRangeIsRefinedOnItsOnlySide() {
        Tuned tuned = LearningRateSearch.tune("sgd", constantLoss(1.0), 10, SEEDS, ProgressListener.NONE);
        assertEquals(LearningRateSearch.GRID.size() + 1, tuned.meanFinalLossByLearningRate().size());
        assertTrue(tuned.meanFinalLossByLearningRate().containsKey(1.7e-5), tuned.meanFinalLossByLearningRate().toString());
    }

    @Test
    void midpointsAreGeometricAndRoundedToTwoDigits() {
        assertEquals(0.055, LearningRateSearch.midpoint(0.1, 0.03));
        assertEquals(0.017, LearningRateSearch.midpoint(0.03, 0.01));
        assertEquals(0.55, LearningRateSearch.midpoint(1, 0.3));
        assertEquals(5.5, LearningRateSearch.midpoint(10, 3));
        assertEquals(1.7e-5, LearningRateSearch.midpoint(3e-5, 1e-5));
    }

    @Test
    void searchIsDeterministicForAnyNumberOfThreads() {
        Tuned once = LearningRateSearch.tune("nag", QUADRATIC, STEPS, SEEDS, ProgressListener.NONE);
        Tuned again = LearningRateSearch.tune("nag", QUADRATIC, STEPS, SEEDS, ProgressListener.NONE);
        Tuned twoThreads = LearningRateSearch.tune("nag", QUADRATIC, STEPS, SEEDS, 2, ProgressListener.NONE);
        assertEquals(once, again);
        assertEquals(once, twoThreads);
    }

    @Test
    void listenerCountsEveryRunOnTheCallingThread() {
        List<String> calls = new ArrayList<>();
        Thread caller = Thread.currentThread();
        LearningRateSearch.tune("rmsprop", QUADRATIC, 5, SEEDS, 2, (done, total) -> {
            assertEquals(caller, Thread.currentThread());
            calls.add(done + "/" + total);
        });
        // rmsprop at 5 steps is best at lr 1, so the search extends upward: the total grows by a rate's runs.
        int total = LearningRateSearch.GRID.size() * SEEDS.length;
        assertEquals("1/" + total, calls.get(0));
        for (int i = 0; i < calls.size(); i++) {
            assertTrue(calls.get(i).startsWith((i + 1) + "/"), calls.get(i));
        }
        int runs = calls.size();
        assertEquals(runs + "/" + runs, calls.get(runs - 1));
        assertEquals(0, (runs - total) % SEEDS.length);
    }

    @Test
    void aBestRateAtTheTopOfTheGridIsSearchedFurtherUpward() {
        // Curvature 0.01..0.1: gradient descent's best rate is near 2/(0.01 + 0.1) ≈ 18, far above the grid.
        IllConditionedQuadratic flat = new IllConditionedQuadratic(20, 0.01, 0.1);
        Tuned tuned = LearningRateSearch.tune("sgd", flat, STEPS, SEEDS, ProgressListener.NONE);
        assertTrue(tuned.learningRate() > 1, "tuned " + tuned.learningRate());
        assertTrue(tuned.meanFinalLossByLearningRate().containsKey(3.0));
        assertTrue(tuned.meanFinalLossByLearningRate().get(tuned.learningRate())
                < tuned.meanFinalLossByLearningRate().get(1.0));
        double largest = tuned.meanFinalLossByLearningRate().keySet().iterator().next();
        assertTrue(largest > tuned.learningRate() || largest == LearningRateSearch.MAX_RATE,
                "the search stops one rate past the best: " + tuned.meanFinalLossByLearningRate());
    }

    @Test
    void aTieGoesToTheSmallerRate() {
        // Loss 1 and gradient 0 everywhere: every rate scores exactly 1.
        Tuned tuned = LearningRateSearch.tune("sgd", constantLoss(1.0), 10, SEEDS, ProgressListener.NONE);
        assertEquals(1e-5, tuned.learningRate());
        assertEquals(1.0, tuned.meanFinalLoss());
    }

    @Test
    void whenEveryRateDivergesTheSmallestIsReturnedAsDiverged() {
        Tuned tuned = LearningRateSearch.tune("adam", constantLoss(Double.NaN), 10, SEEDS, ProgressListener.NONE);
        assertEquals(1e-5, tuned.learningRate());
        assertTrue(tuned.diverged());
        assertTrue(tuned.meanFinalLossByLearningRate().values().stream().allMatch(s -> s == Double.POSITIVE_INFINITY));
    }

    @Test
    void oneDivergedSeedMakesItsRateScoreInfinite() {
        // Seed 13 is unstable for every rate: its loss is NaN from the start.
        Problem oneBadSeed = new Problem() {
            public String spec() {
                return "one-bad-seed";
            }

            public Optimizee sample(long seed) {
                return seed == 13 ? constantLoss(Double.NaN).sample(seed) : QUADRATIC.sample(seed);
            }
        };
        Tuned tuned = LearningRateSearch.tune("sgd", oneBadSeed, 10, SEEDS, ProgressListener.NONE);
        assertTrue(tuned.diverged());
        Tuned withoutIt = LearningRateSearch.tune("sgd", oneBadSeed, 10, new long[] {11, 12}, ProgressListener.NONE);
        assertFalse(withoutIt.diverged());
    }

    @Test
    void badArgumentsAreRejectedNamingTheValue() {
        assertMessage("'lbfgs'", () -> LearningRateSearch.tune("lbfgs", QUADRATIC, 10, SEEDS, ProgressListener.NONE));
        assertMessage("steps must be >= 1, got 0",
                () -> LearningRateSearch.tune("sgd", QUADRATIC, 0, SEEDS, ProgressListener.NONE));
        assertMessage("seed", () -> LearningRateSearch.tune("sgd", QUADRATIC, 10, new long[0], ProgressListener.NONE));
        assertMessage("threads must be >= 1, got 0",
                () -> LearningRateSearch.tune("sgd", QUADRATIC, 10, SEEDS, 0, ProgressListener.NONE));
    }

    @Test
    void tunedRecordCannotBeChangedThroughItsMap() {
        Tuned tuned = new Tuned("sgd", 0.1, 1.0, Map.of(0.1, 1.0));
        assertThrows(UnsupportedOperationException.class, () -> tuned.meanFinalLossByLearningRate().put(1.0, 0.0));
    }

    private static void assertMessage(String part, Runnable call) {
        var e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    /** A one-parameter problem whose loss is always {@code loss} and whose gradient is 0. */
    private static Problem constantLoss(double loss) {
        return oneParameter("constant:" + loss, loss, 0, theta -> OptionalDouble.empty());
    }

    /** One parameter from 0, a constant minibatch loss and gradient, and {@code trainingLoss} of θ. */
    private static Problem oneParameter(String spec, double loss, float gradient,
                                        DoubleFunction<OptionalDouble> trainingLoss) {
        return new Problem() {
            public String spec() {
                return spec;
            }

            public Optimizee sample(long seed) {
                return new Optimizee() {
                    public int dimension() {
                        return 1;
                    }

                    public float[] initialParameters() {
                        return new float[1];
                    }

                    public double lossAndGradient(float[] theta, float[] out) {
                        out[0] = gradient;
                        return loss;
                    }

                    public OptionalDouble trainingLoss(float[] theta) {
                        return trainingLoss.apply(theta[0]);
                    }
                };
            }
        };
    }
}
