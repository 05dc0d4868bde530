package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.Baselines;

/** The loop's stop after validations without a better one ({@code patience}). */
class TrainingLoopTest {

    /** Validation scores by epoch: best at epoch 4, never improved on after it. */
    private static final double[] SCORES = {3, 2, 2.5, 1, 1.5, 1.2, 1.3, 1.4, 1.6, 1.7};

    /** Runs up to {@code epochs} epochs, each one SGD step of gradient (1, 1), validated every epoch by {@link #SCORES}. */
    private static List<EpochReport> run(TrainingState<float[]> state, int epochs, int patience) {
        List<EpochReport> reports = new ArrayList<>();
        TrainingLoop.run(state, epochs, 1, patience, epoch -> {
            state.stepIfFinite(true, new float[] {1, 1}, 1);
            state.countUnroll();
            return new TrainingLoop.Losses(0, 0);
        }, phi -> new FamilyValidation.Scores(SCORES[state.epoch()], List.of()), reports::add);
        return reports;
    }

    private static TrainingState<float[]> start() {
        return TrainingState.start(new float[] {0, 0}, Baselines.sgd(1), 0, float[]::clone);
    }

    @Test
    void stopsAfterPatienceValidationsWithoutABetterOneKeepingWhatTheFullRunKeeps() {
        TrainingState<float[]> full = start();
        List<EpochReport> all = run(full, SCORES.length, 0);
        assertEquals(SCORES.length, all.size());
        assertTrue(all.get(SCORES.length - 1).last());

        TrainingState<float[]> patient = start();
        List<EpochReport> reports = run(patient, SCORES.length, 2);
        assertEquals(6, reports.size(), "validations 5 and 6 are the two without a better one after epoch 4");
        assertTrue(reports.get(5).last());
        assertFalse(reports.get(4).last());
        assertEquals(0, reports.get(5).etaSeconds());
        assertEquals(4, patient.bestEpoch());
        assertEquals(full.bestEpoch(), patient.bestEpoch());
        assertArrayEquals(full.best(), patient.best());
        assertArrayEquals(new float[] {-4, -4}, patient.best());
    }

    @Test
    void aStoppedRunResumedWithMoreEpochsRunsNoFurther() {
        TrainingState<float[]> state = start();
        assertEquals(3, run(state, SCORES.length, 1).size(), "epoch 3 is not better than epoch 2");
        assertEquals(List.of(), run(state, SCORES.length, 1));
        assertEquals(List.of(), run(state, 2 * SCORES.length, 1));
        assertEquals(3, state.epoch());
        assertEquals(2, state.bestEpoch());
        assertEquals(3, run(state, SCORES.length, 2).size(), "a larger patience goes on to its own stop");
        assertEquals(4, state.bestEpoch());
    }
}
