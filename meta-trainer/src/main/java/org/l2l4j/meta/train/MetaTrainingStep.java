package org.l2l4j.meta.train;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.l2l4j.baselines.Scale;
import org.l2l4j.core.Problem;

/**
 * One meta-step as meta-training takes it, the one code {@link MetaTrainer} runs and
 * {@link UnrollBenchmark} times: every trajectory of the meta-batch advances one unroll under the learned
 * optimizer at the current φ while the estimator computes its meta-gradient (where the {@link MetaBatch}
 * runs them), the mean meta-gradient is clipped, and the meta-optimizer steps φ. Also where an epoch's
 * optimizees are drawn.
 */
final class MetaTrainingStep {

    /** What a meta-step did: each trajectory's unroll, and whether φ was stepped (else the batch is abandoned). */
    record Outcome(List<UnrollResult> unrolls, boolean taken) {
    }

    private final MetaTrainingSettings settings;
    private final MetaBatch batch;
    private final OptimizeeDraw draw;
    private float[] metaGradient = new float[0];
    private int remaining;

    /** Meta-steps of {@code settings} on {@code batch}, whose optimizees are instances of {@code problem}. */
    MetaTrainingStep(MetaTrainingSettings settings, MetaBatch batch, Problem problem) {
        this.settings = settings;
        this.batch = batch;
        this.draw = OptimizeeDraw.of(problem, settings.estimator());
    }

    /**
     * Starts the trajectories of epoch {@code epoch}: {@code optimizeesPerStep} training optimizees drawn
     * from the epoch's random stream ({@link MetaTrainer#epochRandom}) by the {@link OptimizeeDraw}, each as
     * long as the epoch's horizon (drawn next from the stream, where the settings mix horizons), which it returns.
     */
    int startEpoch(int epoch) {
        SplittableRandom random = MetaTrainer.epochRandom(settings.estimator().seed(), epoch);
        long[] seeds = draw.seeds(epoch, settings.estimator().optimizeesPerStep(), random);
        remaining = settings.horizon(epoch, random);
        batch.start(epoch, seeds, remaining);
        return remaining;
    }

    /** Steps left in the epoch's trajectories; 0 once a skipped meta-step abandoned them. */
    int remaining() {
        return remaining;
    }

    /**
     * Unrolls every trajectory of the meta-batch (all at the same step) by min(K, steps left) at φ of
     * {@code state}, and steps φ with the mean meta-gradient, clipped, at epoch {@code epoch}'s meta
     * learning rate. A non-finite meta-loss or meta-gradient skips the step (counted in the state) and
     * abandons the trajectories.
     */
    Outcome step(TrainingState<?> state, int epoch) {
        int k = Math.min(settings.trajectory().unroll(), remaining);
        float[] phi = state.metaParameters();
        if (metaGradient.length != phi.length) {
            metaGradient = new float[phi.length];
        }
        Arrays.fill(metaGradient, 0f);
        List<UnrollResult> unrolls = batch.unroll(phi, k, metaGradient);
        remaining -= k;
        boolean finite = true;
        for (UnrollResult result : unrolls) {
            state.countUnroll();
            finite &= result.finite();
        }
        // scaling and clipping keep a finite meta-gradient finite and a non-finite one non-finite
        new Scale(1f / unrolls.size()).apply(metaGradient, metaGradient);
        clip(metaGradient, settings.schedule().clipNorm());
        if (!state.stepIfFinite(finite, metaGradient,
                (float) (settings.schedule().learningRate(epoch) / settings.schedule().metaLearningRate()))) {
            remaining = 0;
            return new Outcome(unrolls, false);
        }
        return new Outcome(unrolls, true);
    }

    /** Scales {@code g} so its global L2 norm is at most {@code maxNorm}; 0 means no clipping. */
    static void clip(float[] g, double maxNorm) {
        if (maxNorm == 0) {
            return;
        }
        double sq = 0;
        for (float v : g) {
            sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            new Scale((float) (maxNorm / norm)).apply(g, g);
        }
    }
}
