package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.optimizee.MixtureProblem;
import org.l2l4j.optimizee.QuadraticProblem;

/** Validation over several families: each family's score relative to its baseline, their mean selects. */
class FamilyValidationTest {

    private static final Problem SMALL = new QuadraticProblem(3, 4);
    private static final Problem LARGE = new QuadraticProblem(5, 2);
    private static LstmKernel kernel;

    @BeforeAll
    static void kernel() {
        kernel = LstmKernel.create(1);
    }

    @AfterAll
    static void close() {
        kernel.close();
    }

    private static double meanScore(MetaTrainingSettings s, Problem family, Optimizer<?> optimizer, long base, int count) {
        return meanScore(s, family, optimizer, s.trajectory().steps(), base, count);
    }

    private static double meanScore(MetaTrainingSettings s, Problem family, Optimizer<?> optimizer, int steps, long base,
                                    int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += s.validation().selection().score(Trajectory.run(family.sample(base + i), optimizer, steps),
                    s.estimator().objective());
        }
        return sum / count;
    }

    /** T = 12 steps and a short horizon of 4. */
    private static MetaTrainingSettings twoHorizons() {
        return MetaTrainerTest.settings(1, 1e-2, 1).toBuilder().shortValidationSteps(4).build();
    }

    @Test
    void theSelectionScoreIsTheMeanOverFamiliesOfTheScoreOverTheBaselines() {
        MetaTrainingSettings s = MetaTrainerTest.settings(1, 1e-2, 1);
        List<Optimizer<?>> baselines = List.of(Baselines.create("adam", 0.1), Baselines.create("sgd", 0.01));
        FamilyValidation validation = FamilyValidation.relativeTo(List.of(SMALL, LARGE), s, baselines);
        LstmOptimizer lstm = new LstmOptimizer(LstmWeights.initial(LstmConfig.defaults(), 3), kernel);

        FamilyValidation.Scores scores = validation.score(lstm, SeedRange.VALIDATION_BASE, 2);

        double small = meanScore(s, SMALL, lstm, SeedRange.VALIDATION_BASE, 2);
        double large = meanScore(s, LARGE, lstm, SeedRange.VALIDATION_BASE, 2);
        assertEquals(List.of(small, large), scores.byFamily());
        double expected = (small / meanScore(s, SMALL, baselines.get(0), SeedRange.VALIDATION_BASE, 2)
                + large / meanScore(s, LARGE, baselines.get(1), SeedRange.VALIDATION_BASE, 2)) / 2;
        assertEquals(expected, scores.selectionScore(), 1e-12);
    }

    /**
     * With a short horizon every family is scored at both, each relative to its baseline at that horizon
     * (given horizon by horizon); the family's own score stays the one at T.
     */
    @Test
    void atTwoHorizonsTheSelectionScoreIsTheMeanOverFamiliesAndHorizons() {
        MetaTrainingSettings s = twoHorizons();
        List<Optimizer<?>> baselines = List.of(Baselines.create("adam", 0.1), Baselines.create("sgd", 0.01),
                Baselines.create("adam", 0.3), Baselines.create("sgd", 0.03));
        FamilyValidation validation = FamilyValidation.relativeTo(List.of(SMALL, LARGE), s, baselines);
        LstmOptimizer lstm = new LstmOptimizer(LstmWeights.initial(LstmConfig.defaults(), 3), kernel);

        FamilyValidation.Scores scores = validation.score(lstm, SeedRange.VALIDATION_BASE, 2);

        long base = SeedRange.VALIDATION_BASE;
        assertEquals(List.of(meanScore(s, SMALL, lstm, 12, base, 2), meanScore(s, LARGE, lstm, 12, base, 2)),
                scores.byFamily());
        double expected = (meanScore(s, SMALL, lstm, 12, base, 2) / meanScore(s, SMALL, baselines.get(0), 12, base, 2)
                + meanScore(s, LARGE, lstm, 12, base, 2) / meanScore(s, LARGE, baselines.get(1), 12, base, 2)
                + meanScore(s, SMALL, lstm, 4, base, 2) / meanScore(s, SMALL, baselines.get(2), 4, base, 2)
                + meanScore(s, LARGE, lstm, 4, base, 2) / meanScore(s, LARGE, baselines.get(3), 4, base, 2)) / 4;
        assertEquals(expected, scores.selectionScore(), 1e-12);
        assertTrue(Math.abs(expected - FamilyValidation.relativeTo(List.of(SMALL, LARGE), MetaTrainerTest.settings(1, 1e-2, 1),
                baselines.subList(0, 2)).score(lstm, base, 2).selectionScore()) > 1e-6, "the short horizon counts");
    }

    @Test
    void twoHorizonsNeedABaselinePerFamilyAndHorizon() {
        MetaTrainingSettings s = twoHorizons();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FamilyValidation.relativeTo(
                List.of(SMALL, LARGE), s, List.of(Baselines.create("adam", 0.1), Baselines.create("adam", 0.1))));
        assertEquals("2 baselines for 2 families at [12, 4] steps", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FamilyValidation.single(SMALL, s));
        assertTrue(FamilyValidation.isRelative(1, s), "one family at two horizons scores relative to Adam");
        assertFalse(FamilyValidation.isRelative(1, MetaTrainerTest.settings(1, 1e-2, 1)));
        assertTrue(FamilyValidation.isRelative(2, MetaTrainerTest.settings(1, 1e-2, 1)));
    }

    @Test
    void withOneFamilyTheScoreIsTheFamilysOwn() {
        MetaTrainingSettings s = MetaTrainerTest.settings(1, 1e-2, 1);
        LstmOptimizer lstm = new LstmOptimizer(LstmWeights.initial(LstmConfig.defaults(), 3), kernel);
        FamilyValidation.Scores scores = FamilyValidation.single(SMALL, s).score(lstm, SeedRange.VALIDATION_BASE, 2);
        assertEquals(meanScore(s, SMALL, lstm, SeedRange.VALIDATION_BASE, 2), scores.selectionScore(), 0);
        assertEquals(List.of(scores.selectionScore()), scores.byFamily());
    }

    @Test
    void onTheLogObjectiveTheRatioIsOfGeometricMeanLosses() {
        MetaTrainingSettings s = MetaTrainingSettings.builder().steps(12).unroll(4).epochs(1).seed(17)
                .validateEvery(1).validationSeeds(2).objective(MetaObjective.MEAN_LOG_LOSS)
                .selection(Selection.OBJECTIVE).metaGradient(MetaGradient.FIRST_ORDER).lstm(LstmConfig.defaults()).build();
        FamilyValidation validation = FamilyValidation.relativeTo(List.of(SMALL, LARGE), s,
                List.of(Baselines.create("adam", 0.1), Baselines.create("adam", 0.1)));
        assertEquals(0.5, validation.relative(Math.log(1), Math.log(2)), 1e-15);
        FamilyValidation onLosses = FamilyValidation.relativeTo(List.of(SMALL, LARGE), MetaTrainerTest.settings(1, 1e-2, 1),
                List.of(Baselines.create("adam", 0.1), Baselines.create("adam", 0.1)));
        assertEquals(0.5, onLosses.relative(1, 2), 1e-15);
    }

    @Test
    void theBaselineIsAdamTunedOnEachFamilyAtEachHorizonOnTheTuningSeeds() {
        MetaTrainingSettings s = twoHorizons();
        List<String> tuned = new ArrayList<>();
        List<Double> expectedRates = new ArrayList<>();
        List<String> lastRuns = new ArrayList<>();
        List<Double> rates = FamilyValidation.tuneAdam(List.of(SMALL, LARGE), s, new FamilyValidation.TuningListener() {
            private int done;
            private int total;

            @Override
            public void runsDone(Problem family, int steps, int done, int total) {
                assertEquals(this.done + 1, done, "runs counted one by one");
                this.done = done;
                this.total = total;
            }

            @Override
            public void tuned(Problem family, int steps, LearningRateSearch.Tuned tuning) {
                LearningRateSearch.Tuned expected = LearningRateSearch.tune("adam", family, steps,
                        SeedRange.tuning(s.validation().seeds()).toArray(), LearningRateSearch.ProgressListener.NONE);
                assertEquals(expected, tuning);
                tuned.add(family.spec() + "@" + steps);
                expectedRates.add(expected.learningRate());
                lastRuns.add(done + "/" + total);
                done = 0;
            }
        });
        assertEquals(List.of(SMALL.spec() + "@12", LARGE.spec() + "@12", SMALL.spec() + "@4", LARGE.spec() + "@4"), tuned,
                "every family at T, then at the short horizon");
        for (String runs : lastRuns) {
            String[] doneOfTotal = runs.split("/");
            assertEquals(doneOfTotal[1], doneOfTotal[0], "each search reports all its runs done: " + lastRuns);
        }
        assertEquals(expectedRates, rates, "each family's and horizon's tuned rate, in that order");
        assertEquals(rates.subList(0, 2), FamilyValidation.tuneAdam(List.of(SMALL, LARGE), MetaTrainerTest.settings(1, 1e-2, 1),
                (family, steps, tuning) -> { }), "without a short horizon: the rates at T alone");
    }

    /**
     * A mixture trains like any problem, and every validating epoch reports each family's score; the kept
     * weights are those of the lowest mean relative score.
     */
    @Test
    void aMixtureRunReportsEveryFamilyAndKeepsTheBestMeanRelativeScore() {
        MetaTrainingSettings s = MetaTrainerTest.settings(4, 1e-2, 1);
        MixtureProblem mixture = new MixtureProblem(List.of(new MixtureProblem.Family(SMALL, 1),
                new MixtureProblem.Family(new QuadraticProblem(3, 2), 1)));
        List<Problem> families = mixture.families().stream().map(MixtureProblem.Family::problem).toList();
        FamilyValidation validation = FamilyValidation.relativeTo(families, s,
                List.of(Baselines.create("adam", 0.1), Baselines.create("adam", 0.03)));
        List<EpochReport> reports = new ArrayList<>();
        MetaTrainer trainer = new MetaTrainer(mixture, validation, s, kernel, MetaBatch.local(mixture, s, kernel));
        MetaTrainer.Result result = trainer.train(reports::add);

        double best = Double.POSITIVE_INFINITY;
        for (EpochReport report : reports) {
            boolean validated = report.epoch() % 2 == 0;
            assertEquals(validated ? 2 : 0, report.familyValidationLosses().size(), "epoch " + report.epoch());
            if (validated) {
                best = Math.min(best, report.validationLoss());
            }
        }
        assertEquals(best, result.bestValidationLoss(), 0);
        assertEquals(best, trainer.validate(result.best()), 0);
        assertTrue(Double.isFinite(best));
    }
}
