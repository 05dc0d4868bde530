package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.l2l4j.baselines.Scale;
import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;

/**
 * One meta-step as meta-training takes it, the one code {@link MetaTrainer} runs and
 * {@link UnrollBenchmark} times: every trajectory of the batch advances one unroll under the learned
 * optimizer at the current φ while the estimator adds its meta-gradient, the mean meta-gradient is
 * clipped, and the meta-optimizer steps φ. Also where an epoch's trajectories are sampled.
 *
 * @param <S> the learned optimizer's state
 */
final class MetaTrainingStep<S> {

    /** What a meta-step did: each trajectory's unroll, and whether φ was stepped (else the batch is abandoned). */
    record Outcome(List<UnrollResult> unrolls, boolean taken) {
    }

    private final Problem problem;
    private final MetaTrainingSettings settings;
    private final LearnedOptimizer<S, ?> rule;
    private final UnrolledBptt<S, ?> estimator;
    private float[] metaGradient = new float[0];

    <A> MetaTrainingStep(Problem problem, MetaTrainingSettings settings, LearnedOptimizer<S, A> rule) {
        this.problem = problem;
        this.settings = settings;
        this.rule = rule;
        this.estimator = new UnrolledBptt<>(rule, settings.compute().memory(), settings.estimator().objective(), settings.estimator().metaGradient());
    }

    /**
     * The trajectories of epoch {@code epoch}: {@code optimizeesPerStep} training optimizees drawn from the
     * epoch's random stream ({@link MetaTrainer#epochRandom}), each as long as the epoch's horizon.
     */
    List<TruncatedStep<S>> startEpoch(int epoch) {
        SplittableRandom random = MetaTrainer.epochRandom(settings.estimator().seed(), epoch);
        int horizon = settings.horizon(epoch);
        List<TruncatedStep<S>> batch = new ArrayList<>();
        for (int b = 0; b < settings.estimator().optimizeesPerStep(); b++) {
            batch.add(new TruncatedStep<>(sample(SeedRange.trainingSeed(random)), rule, horizon));
        }
        return batch;
    }

    /**
     * Unrolls every trajectory of {@code batch} (all at the same step) by min(K, steps left) at φ of
     * {@code state}, and steps φ with the mean meta-gradient, clipped, at epoch {@code epoch}'s meta
     * learning rate. A non-finite meta-loss or meta-gradient skips the step (counted in the state).
     */
    Outcome step(List<TruncatedStep<S>> batch, TrainingState state, int epoch) {
        int k = Math.min(settings.trajectory().unroll(), batch.get(0).remaining());
        float[] phi = state.metaParameters();
        if (metaGradient.length != phi.length) {
            metaGradient = new float[phi.length];
        }
        Arrays.fill(metaGradient, 0f);
        List<UnrollResult> unrolls = new ArrayList<>(batch.size());
        boolean finite = true;
        for (TruncatedStep<S> trajectory : batch) {
            UnrollResult result = estimator.unroll(phi, trajectory, k, metaGradient);
            state.countUnroll();
            finite &= result.finite();
            unrolls.add(result);
        }
        if (!finite || !allFinite(metaGradient)) {
            state.skipMetaStep();
            return new Outcome(unrolls, false);
        }
        new Scale(1f / batch.size()).apply(metaGradient, metaGradient);
        clip(metaGradient, settings.schedule().clipNorm());
        state.metaStep(metaGradient, (float) (settings.schedule().learningRate(epoch) / settings.schedule().metaLearningRate()));
        return new Outcome(unrolls, true);
    }

    /** Peak bytes held for BPTT so far (the scheme's counted buffers plus the stored gradients). */
    long peakBytes() {
        return estimator.peakBytes();
    }

    /** A training optimizee, randomly rescaled when the settings ask for it. */
    private Optimizee sample(long seed) {
        Optimizee optimizee = problem.sample(seed);
        return settings.estimator().randomScale() > 0 ? new ScaledOptimizee(optimizee, settings.estimator().randomScale(), ~seed) : optimizee;
    }

    static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
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
