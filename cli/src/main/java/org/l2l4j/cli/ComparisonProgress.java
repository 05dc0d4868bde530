package org.l2l4j.cli;

import java.util.Locale;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.SeedRange;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.CurveStats;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.report.OptimizerSummary;

/** Shows a comparison's phases on stderr: a progress phase per search and evaluation, then a line with its outcome. */
final class ComparisonProgress implements Comparison.Listener {

    private final Progress progress;
    private final SeedRange tuningSeeds;
    private Progress.Phase phase;
    private long phaseStart;

    ComparisonProgress(Progress progress, SeedRange tuningSeeds) {
        this.progress = progress;
        this.tuningSeeds = tuningSeeds;
    }

    @Override
    public void tuningStarted(String baseline, int runs) {
        begin("tune " + baseline, runs);
    }

    @Override
    public void evaluationStarted(String optimizer, int runs) {
        begin("evaluate " + optimizer, runs);
    }

    @Override
    public void runsDone(int done) {
        phase.update(done);
    }

    @Override
    public void tuned(Tuned tuning) {
        phase.close();
        String lr = OptimizerSummary.formatLearningRate(tuning.learningRate());
        if (tuning.diverged()) {
            progress.message("%s: every learning rate diverged on some tuning seed; using the smallest, %s (%.1f s)",
                    tuning.name(), lr, seconds());
        } else {
            progress.message("%s: learning rate %s, mean final loss %.4g on tuning seeds %s (%.1f s)", tuning.name(),
                    lr, tuning.meanFinalLoss(), tuningSeeds, seconds());
        }
    }

    @Override
    public void evaluated(Evaluation evaluation) {
        phase.close();
        CurveStats stats = evaluation.stats();
        if (stats.allDiverged()) {
            progress.message("%s: all %d runs diverged on evaluation seeds %s (%.1f s)", evaluation.optimizer(),
                    stats.runs(), evaluation.seeds(), seconds());
        } else {
            String trainLoss = evaluation.finalTrainingLoss()
                    .map(t -> String.format(Locale.ROOT, " (%.4g on all training data)", t.mean())).orElse("");
            progress.message("%s: mean final loss %.4g%s on evaluation seeds %s, %d diverged (%.1f s)",
                    evaluation.optimizer(), stats.finalMean(), trainLoss, evaluation.seeds(), stats.diverged(),
                    seconds());
        }
    }

    private void begin(String title, int runs) {
        phase = progress.start(title, runs);
        phaseStart = System.nanoTime();
    }

    private double seconds() {
        return (System.nanoTime() - phaseStart) / 1e9;
    }
}
