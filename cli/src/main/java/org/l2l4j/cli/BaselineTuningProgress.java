package org.l2l4j.cli;

import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.core.Problem;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.meta.train.FamilyValidation;

/**
 * Shows meta-train's tuning of its validation baseline on stderr: a progress phase per family's and
 * horizon's search (at long horizons one takes minutes), then a line with the rate it found.
 */
final class BaselineTuningProgress implements FamilyValidation.TuningListener {

    private final Progress progress;
    private Progress.Phase phase;

    BaselineTuningProgress(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void runsDone(Problem family, int steps, int done, int total) {
        if (phase == null) {
            phase = progress.start("tune " + FamilyValidation.BASELINE + " on " + family.spec() + " at " + steps
                    + " steps", total);
        }
        phase.update(done, total);
    }

    @Override
    public void tuned(Problem family, int steps, LearningRateSearch.Tuned tuning) {
        if (phase != null) {
            phase.close();
            phase = null;
        }
        progress.message("l2l meta-train: %s on %s at %d steps: learning rate %s", tuning.name(), family.spec(), steps,
                OptimizerSummary.formatLearningRate(tuning.learningRate()));
    }
}
