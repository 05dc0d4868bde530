package org.l2l4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.SeedRange;

class ComparisonTest {

    private static final SeedRange EVAL = new SeedRange(100, 3);
    private static final SeedRange TUNE = new SeedRange(200, 2);

    private static Comparison.Settings settings(NoisyQuadratic problem, int threads) {
        return new Comparison.Settings(problem, 8, EVAL, TUNE, threads);
    }

    @Test
    void tunedBaselinesRunAtTheRateTheGridSearchChoseOnTheTuningSeeds() {
        NoisyQuadratic problem = new NoisyQuadratic(5);
        Comparison.Result result = Comparison.run(settings(problem, 1), List.of("sgd", "adam"), List.of(),
                Comparison.Listener.NONE);
        assertEquals(2, result.entries().size());
        for (Comparison.Entry entry : result.entries()) {
            String name = entry.evaluation().optimizer();
            Tuned expected = LearningRateSearch.tune(name, new NoisyQuadratic(5), 8, TUNE.toArray(),
                    LearningRateSearch.ProgressListener.NONE);
            assertEquals(expected.learningRate(), entry.tuning().learningRate(), 0, name);
            assertEquals(expected.learningRate(), entry.evaluation().learningRate(), 0, name);
            Evaluation direct = new Evaluator(new NoisyQuadratic(5), 8, EVAL, 1)
                    .evaluate(Baselines.create(name, expected.learningRate()));
            assertArrayEquals(direct.stats().mean(), entry.evaluation().stats().mean(), 0, name);
        }
    }

    @Test
    void tuningAndEvaluationUseTheirOwnSeedRanges() {
        NoisyQuadratic problem = new NoisyQuadratic(3);
        Comparison.run(settings(problem, 1), List.of("nag"), List.of(NoisyQuadratic.gradientDescent(0.1f)),
                Comparison.Listener.NONE);
        List<Long> tuning = problem.sampledSeeds.subList(0, problem.sampledSeeds.size() - 2 * EVAL.count());
        List<Long> evaluation = problem.sampledSeeds.subList(tuning.size(), problem.sampledSeeds.size());
        assertTrue(tuning.size() >= LearningRateSearch.GRID.size() * TUNE.count(), tuning.toString());
        assertTrue(tuning.stream().allMatch(seed -> seed >= 200 && seed <= 201), tuning.toString());
        assertEquals(List.of(100L, 101L, 102L, 100L, 101L, 102L), evaluation); // nag, then gd, on the same seeds
    }

    @Test
    void givenOptimizersComeAfterTheTunedOnesWithoutTuning() {
        Comparison.Result result = Comparison.run(settings(new NoisyQuadratic(3), 2), List.of("rmsprop"),
                List.of(NoisyQuadratic.gradientDescent(0.1f)), Comparison.Listener.NONE);
        assertEquals("rmsprop", result.entries().get(0).evaluation().optimizer());
        assertEquals("gd", result.entries().get(1).evaluation().optimizer());
        assertNull(result.entries().get(1).tuning());
    }

    @Test
    void listenerFollowsEveryPhase() {
        List<String> events = new ArrayList<>();
        Comparison.run(settings(new NoisyQuadratic(3), 1), List.of("sgd"), List.of(NoisyQuadratic.gradientDescent(0.1f)),
                new Comparison.Listener() {
                    public void tuningStarted(String baseline, int runs) {
                        events.add("tune " + baseline + " " + runs);
                    }

                    public void evaluationStarted(String optimizer, int runs) {
                        events.add("evaluate " + optimizer + " " + runs);
                    }

                    public void runsDone(int done) {
                        events.add(Integer.toString(done));
                    }

                    public void tuned(Tuned tuning) {
                        events.add("tuned " + tuning.name());
                    }

                    public void evaluated(Evaluation evaluation) {
                        events.add("evaluated " + evaluation.optimizer());
                    }
                });
        int searched = LearningRateSearch.tune("sgd", new NoisyQuadratic(3), 8, TUNE.toArray(),
                LearningRateSearch.ProgressListener.NONE).meanFinalLossByLearningRate().size() * TUNE.count();
        List<String> expected = new ArrayList<>(List.of("tune sgd " + LearningRateSearch.plannedRuns(TUNE.count())));
        for (int i = 1; i <= searched; i++) {
            expected.add(Integer.toString(i));
        }
        expected.addAll(List.of("tuned sgd", "evaluate sgd 3", "1", "2", "3", "evaluated sgd",
                "evaluate gd 3", "1", "2", "3", "evaluated gd"));
        assertEquals(expected, events);
    }

    @Test
    void overlappingSeedsOrUnknownBaselinesAreRejectedBeforeAnyRun() {
        NoisyQuadratic problem = new NoisyQuadratic(3);
        Comparison.Settings overlapping = new Comparison.Settings(problem, 5, EVAL, new SeedRange(102, 4), 1);
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> Comparison.run(overlapping, List.of("adam"), List.of(), Comparison.Listener.NONE));
        assertEquals("tuning seeds 102..105 overlap the evaluation seeds 100..102", overlap.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Comparison.run(settings(problem, 1), List.of("adamw"), List.of(), Comparison.Listener.NONE));
        assertTrue(unknown.getMessage().contains("adamw"), unknown.getMessage());
        assertTrue(problem.sampledSeeds.isEmpty());
        // With nothing to tune, the tuning seeds do not matter.
        Comparison.run(overlapping, List.of(), List.of(NoisyQuadratic.gradientDescent(0.1f)), Comparison.Listener.NONE);
    }
}
