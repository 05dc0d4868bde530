package org.l2l4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;

class EvaluatorTest {

    private static final SeedRange SEEDS = new SeedRange(500, 6);

    @Test
    void runsEverySeedOfTheRangeInOrder() {
        NoisyQuadratic problem = new NoisyQuadratic(4);
        Evaluation eval = new Evaluator(problem, 10, SEEDS, 1).evaluate(NoisyQuadratic.gradientDescent(0.1f));
        assertEquals(List.of(500L, 501L, 502L, 503L, 504L, 505L), problem.sampledSeeds);
        assertEquals(6, eval.runs().size());
        assertEquals(10, eval.steps());
        assertEquals("gd", eval.optimizer());
        assertEquals(0.1, eval.learningRate(), 1e-7);
        // Run i is exactly the trajectory of seed 500 + i.
        Trajectory third = Trajectory.run(new NoisyQuadratic(4).sample(502), NoisyQuadratic.gradientDescent(0.1f), 10);
        assertArrayEquals(third.losses(), eval.runs().get(2).losses(), 0);
    }

    @Test
    void everyOptimizerStartsFromTheSameInstances() {
        Evaluator evaluator = new Evaluator(new NoisyQuadratic(4), 5, SEEDS, 1);
        Evaluation slow = evaluator.evaluate(NoisyQuadratic.gradientDescent(0.01f));
        Evaluation fast = evaluator.evaluate(NoisyQuadratic.gradientDescent(0.5f));
        for (int i = 0; i < SEEDS.count(); i++) {
            assertEquals(slow.runs().get(i).loss(0), fast.runs().get(i).loss(0), 0, "seed " + SEEDS.seed(i));
        }
        assertNotEquals(slow.stats().finalMean(), fast.stats().finalMean());
        assertTrue(fast.stats().finalMean() < slow.stats().finalMean());
    }

    @Test
    void twoThreadsGiveBitIdenticalResults() {
        Optimizer<int[]> gd = NoisyQuadratic.gradientDescent(0.3f);
        Evaluation one = new Evaluator(new NoisyQuadratic(50), 40, new SeedRange(7, 9), 1).evaluate(gd);
        Evaluation two = new Evaluator(new NoisyQuadratic(50), 40, new SeedRange(7, 9), 2).evaluate(gd);
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(one.runs().get(i).losses(), two.runs().get(i).losses(), 0, "run " + i);
        }
        assertArrayEquals(one.stats().mean(), two.stats().mean(), 0);
        assertArrayEquals(one.stats().hi(), two.stats().hi(), 0);
    }

    @Test
    void listenerHearsEveryRunOnceOnTheCallingThread() {
        for (int threads : new int[] {1, 2}) {
            List<Long> heard = new ArrayList<>();
            Thread caller = Thread.currentThread();
            Evaluation eval = new Evaluator(new NoisyQuadratic(3), 4, SEEDS, threads)
                    .evaluate(NoisyQuadratic.gradientDescent(0.1f), (seed, run) -> {
                        assertSame(caller, Thread.currentThread());
                        heard.add(seed);
                        assertEquals(4, run.steps());
                    });
            heard.sort(null);
            assertEquals(List.of(500L, 501L, 502L, 503L, 504L, 505L), heard, threads + " threads");
            assertEquals(6, eval.runs().size());
        }
    }

    @Test
    void divergedRunsAreReportedNotDropped() {
        // lr 5 with curvature up to 2: |1 − lr·a| > 1, so every run blows up.
        Evaluation eval = new Evaluator(new NoisyQuadratic(4), 300, SEEDS, 2).evaluate(NoisyQuadratic.gradientDescent(5f));
        assertEquals(6, eval.runs().size());
        assertEquals(6, eval.stats().diverged());
        assertTrue(eval.runs().stream().allMatch(Trajectory::diverged));
    }

    @Test
    void aFailingRunFailsTheEvaluationWithItsOwnException() {
        AtomicInteger calls = new AtomicInteger();
        Problem broken = new Problem() {
            public String spec() {
                return "broken";
            }

            public Optimizee sample(long seed) {
                if (calls.incrementAndGet() == 3) {
                    throw new IllegalStateException("data file vanished for seed " + seed);
                }
                return new NoisyQuadratic(2).sample(seed);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Evaluator(broken, 3, SEEDS, 2).evaluate(NoisyQuadratic.gradientDescent(0.1f)));
        assertTrue(e.getMessage().startsWith("data file vanished"), e.getMessage());
    }
}
