package org.l2l4j.meta.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.Trajectory;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmWeights;

/**
 * The outer loop of meta-training. Each epoch samples a fresh optimizee and trains it for T steps with
 * the current optimizer, in unrolls of K; after each unroll the optimizer's weights φ take one Adam step
 * on the unroll's meta-gradient. Every {@code validateEvery} epochs the optimizer is evaluated on
 * held-out seeds and the best weights are kept.
 *
 * <p>A non-finite meta-loss or meta-gradient skips that meta-step (counted), abandons the trajectory,
 * and training goes on; the weights stay finite.
 */
public final class MetaTrainer {

    private final Problem problem;
    private final MetaTrainingSettings settings;
    private final LstmKernel kernel;

    private LstmWeights best;

    public MetaTrainer(Problem problem, MetaTrainingSettings settings, LstmKernel kernel) {
        this.problem = problem;
        this.settings = settings;
        this.kernel = kernel;
    }

    /** The result of a run: the best weights by validation (the last ones when validation is off). */
    public record Result(LstmWeights best, double bestValidationLoss, LstmWeights last, int skippedSteps, double seconds) {
    }

    public Result train(Consumer<EpochReport> onEpoch) {
        SplittableRandom rng = new SplittableRandom(settings.seed());
        LstmWeights weights = LstmWeights.initial(settings.lstm(), rng.nextLong());
        MetaStep metaStep = new MetaStep(Baselines.create("adam", settings.metaLearningRate()), weights.values().length);
        MetaGradientEstimator estimator = new FirstOrderBptt(kernel, settings.memory());
        float[] metaGradient = new float[weights.values().length];

        best = weights.copy();
        double bestValidation = Double.POSITIVE_INFINITY;
        int skipped = 0;
        long unrolls = 0;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            TruncatedTrajectory[] batch = new TruncatedTrajectory[settings.optimizeesPerStep()];
            for (int b = 0; b < batch.length; b++) {
                batch[b] = new TruncatedTrajectory(sample(trainingSeed(rng)), settings.lstm(), settings.steps());
            }
            float learningRateFactor = (float) (settings.learningRate(epoch) / settings.metaLearningRate());
            double lossSum = 0;
            double lastLoss = 0;
            while (batch[0].remaining() > 0) {
                int k = Math.min(settings.unroll(), batch[0].remaining());
                Arrays.fill(metaGradient, 0f);
                boolean finite = true;
                lastLoss = 0;
                for (TruncatedTrajectory trajectory : batch) {
                    UnrollResult result = estimator.unroll(weights, trajectory, k, metaGradient);
                    unrolls++;
                    finite &= result.finite();
                    lossSum += result.metaLoss() / batch.length;
                    lastLoss += result.lastLoss() / batch.length;
                }
                if (!finite || !allFinite(metaGradient)) {
                    skipped++;
                    lossSum = Double.NaN;
                    break;
                }
                scale(metaGradient, 1f / batch.length);
                clip(metaGradient, settings.clipNorm());
                metaStep.apply(metaGradient, weights.values(), learningRateFactor);
            }

            double validation = Double.NaN;
            boolean improved = false;
            if (settings.validateEvery() > 0 && (epoch % settings.validateEvery() == 0 || epoch == settings.epochs())) {
                validation = validate(weights);
                if (validation < bestValidation) {
                    bestValidation = validation;
                    best = weights.copy();
                    improved = true;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            onEpoch.accept(new EpochReport(epoch, settings.epochs(), lossSum / settings.steps(), lastLoss,
                    validation, improved, skipped, seconds, unrolls / seconds));
        }
        if (settings.validateEvery() == 0) {
            best = weights.copy();
        }
        return new Result(best, bestValidation, weights, skipped, (System.nanoTime() - start) / 1e9);
    }

    /** The best weights by validation so far (during {@link #train}, e.g. from the epoch listener). */
    public LstmWeights best() {
        return best;
    }

    /**
     * Mean over the validation seeds of the mean training loss over steps 1..T: the meta-objective
     * itself, on optimizees never used for training.
     */
    public double validate(LstmWeights weights) {
        LstmOptimizer optimizer = new LstmOptimizer(weights, kernel);
        double sum = 0;
        for (int i = 0; i < settings.validationSeeds(); i++) {
            Trajectory trajectory = Trajectory.run(
                    problem.sample(MetaTrainingSettings.VALIDATION_SEED_BASE + i), optimizer, settings.steps());
            double[] losses = trajectory.losses();
            double mean = 0;
            for (int t = 1; t < losses.length; t++) {
                mean += losses[t];
            }
            sum += mean / settings.steps();
        }
        return sum / settings.validationSeeds();
    }

    /** A training optimizee, randomly rescaled when the settings ask for it. */
    private org.l2l4j.core.Optimizee sample(long seed) {
        org.l2l4j.core.Optimizee optimizee = problem.sample(seed);
        return settings.randomScale() > 0 ? new ScaledOptimizee(optimizee, settings.randomScale(), ~seed) : optimizee;
    }

    private static void scale(float[] values, float factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
    }

    /** Training optimizees come from a range no validation, tuning or evaluation seed reaches. */
    static long trainingSeed(SplittableRandom rng) {
        return rng.nextLong(1L << 32, Long.MAX_VALUE);
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
            float scale = (float) (maxNorm / norm);
            for (int i = 0; i < g.length; i++) {
                g[i] *= scale;
            }
        }
    }

    /** Adam on the flat weights, through the same rule the baselines use: φ ← φ + u(∂L/∂φ). */
    static final class MetaStep {
        private final Applier<?> applier;

        MetaStep(Optimizer<?> adam, int n) {
            this.applier = Applier.of(adam, n);
        }

        /** One Adam step; {@code learningRateFactor} scales it (Adam's update is linear in its learning rate). */
        void apply(float[] metaGradient, float[] weights, float learningRateFactor) {
            applier.apply(metaGradient, weights, learningRateFactor);
        }

        private record Applier<S>(Optimizer<S> optimizer, S state, float[] update) {
            static <S> Applier<S> of(Optimizer<S> optimizer, int n) {
                return new Applier<>(optimizer, optimizer.init(n), new float[n]);
            }

            void apply(float[] g, float[] weights, float factor) {
                optimizer.update(g, state, update);
                for (int i = 0; i < weights.length; i++) {
                    weights[i] += factor * update[i];
                }
            }
        }
    }
}
