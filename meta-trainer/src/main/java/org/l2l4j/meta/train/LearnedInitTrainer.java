package org.l2l4j.meta.train;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.baselines.Scale;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.core.Episode;
import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.lstm.LearnedSgd;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmLearnedOptimizer;
import org.l2l4j.lstm.LstmWeights;

/**
 * Meta-trains a learned initialisation θ<sub>0</sub> on a few-shot family, together with the inner rule's
 * meta-parameters φ where the method learns them (Meta-SGD's rates, the LSTM's weights): one estimator
 * for all ({@link UnrolledBptt} under {@link MetaObjective#QUERY_LOSS}), since ∂L/∂θ<sub>0</sub> is the
 * adjoint run to step 0. The meta-parameters are the one vector [φ; θ<sub>0</sub>]. Each meta-step draws
 * {@code tasksPerStep} tasks from the step's random stream ({@link MetaTrainer#epochRandom}, a function of
 * the seed and the step), adapts θ<sub>0</sub> on each task's support set for K steps, and steps the
 * meta-parameters with the mean meta-gradient; Reptile instead moves θ<sub>0</sub> toward the adapted
 * parameters, without a backward. A non-finite query loss or meta-gradient skips the meta-step.
 *
 * <p>Each meta-step is an epoch of {@link TrainingLoop}, the loop {@link MetaTrainer} runs too: validation
 * every {@code validateEvery} meta-steps keeping the best, the skip of non-finite meta-steps, progress
 * reports; and its {@link TrainingState} (the meta-parameters and the meta-optimizer's state) is what a
 * {@link TrainingCheckpoint} saves, so that a run resumed after meta-step i computes what the uninterrupted
 * one computes after it.
 */
public final class LearnedInitTrainer {

    /**
     * The kept meta-parameters (best by validation, else the last) split into θ<sub>0</sub> and the rule's φ,
     * as the file saves them.
     */
    public record Result(float[] init, Optional<float[]> learningRates, Optional<LstmWeights> lstm,
                         double bestValidationLoss, int bestIteration, int skippedSteps, double seconds) {
    }

    private final Problem problem;
    private final LearnedInitSettings settings;
    private final int dimension;
    private final Run<?, ?> run;

    /** @throws IllegalArgumentException if {@code problem} does not sample {@link Episode}s */
    public LearnedInitTrainer(Problem problem, LearnedInitSettings settings, LstmKernel kernel) {
        Optimizee sample = problem.sample(new SplittableRandom(settings.seed()).nextLong());
        if (!(sample instanceof Episode)) {
            throw new IllegalArgumentException(settings.method() + " learns an initialisation from few-shot tasks"
                    + " (support and query sets); " + problem.spec() + " has none");
        }
        this.problem = problem;
        this.settings = settings;
        this.dimension = sample.dimension();
        this.run = switch (settings.method()) {
            case MAML, FOMAML, REPTILE -> new Run<>(LearnedSgd.fixed(settings.innerLearningRate()));
            case META_SGD -> new Run<>(LearnedSgd.perParameter());
            case LSTM -> new Run<>(new LstmLearnedOptimizer(settings.lstm(), kernel));
        };
    }

    /**
     * Meta-step 0: φ from the rule's start (Meta-SGD: α everywhere; the LSTM: its seeded initial weights) and
     * θ<sub>0</sub> of a seeded task; a fresh meta-optimizer (Adam; Reptile's plain step).
     */
    public TrainingState<float[]> start() {
        return TrainingState.start(run.initialMetaParameters(), Baselines.create(
                settings.method() == InitMethod.REPTILE ? "sgd" : "adam", settings.metaLearningRate()), 0, float[]::clone);
    }

    public Result train(Consumer<EpochReport> onStep) {
        return train(start(), onStep);
    }

    /**
     * Continues {@code state} ({@link #start} or a checkpoint's) up to {@code settings.iterations()}
     * meta-steps, advancing it in place; {@code onStep} runs after every meta-step (its epoch), when the state
     * is consistent and may be saved. Returns {@link #kept}.
     */
    public Result train(TrainingState<float[]> state, Consumer<EpochReport> onStep) {
        run.train(state, onStep);
        return kept(state);
    }

    /**
     * The state's kept meta-parameters (best by validation so far; after a run without validation, the
     * last) split into θ<sub>0</sub> and the rule's φ, as the file saves them.
     */
    public Result kept(TrainingState<float[]> state) {
        float[] kept = state.bestMetaParameters();
        float[] phi = run.phi(kept);
        return new Result(run.init(kept),
                settings.method() == InitMethod.META_SGD ? Optional.of(phi) : Optional.empty(),
                settings.method() == InitMethod.LSTM ? Optional.of(LstmWeights.of(settings.lstm(), phi)) : Optional.empty(),
                state.bestValidationLoss(), state.bestEpoch(), state.skippedSteps(), state.seconds());
    }

    /** The spec of the problem the tasks come from. */
    String problemSpec() {
        return problem.spec();
    }

    LearnedInitSettings settings() {
        return settings;
    }

    /** Mean query loss after K steps of {@code rule} at φ from θ<sub>0</sub> on the tasks of seeds base + i. */
    private <S, A> double score(LearnedOptimizer<S, A> rule, float[] phi, float[] init, long base, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            Episode task = (Episode) problem.sample(base + i);
            sum += task.queryLoss(adapt(rule, phi, init, task), null);
        }
        return sum / count;
    }

    /** θ̃: K steps of {@code rule} at φ from {@code init} on {@code task}'s support set, recording nothing. */
    private <S, A> float[] adapt(LearnedOptimizer<S, A> rule, float[] phi, float[] init, Episode task) {
        TruncatedStep<S> run = new TruncatedStep<>(task, rule, settings.innerSteps(), init);
        run.advance(rule, phi, settings.innerSteps(), new Unrecorded<>(init.length));
        return run.theta();
    }

    /** A tape that keeps only the two gradients a step needs: adaptation without a backward. */
    private static final class Unrecorded<S, A> implements TruncatedStep.Tape<S, A> {
        private final float[][] gradients;

        Unrecorded(int n) {
            gradients = new float[2][n];
        }

        @Override
        public A enter(int t, S stateIn) {
            return null;
        }

        @Override
        public float[] gradient(int t) {
            return gradients[t & 1];
        }

        @Override
        public void reached(int t, float[] theta, double loss) {
        }
    }

    /** Training with one rule; the meta-parameters are [φ (p); θ<sub>0</sub> (n)]. */
    private final class Run<S, A> {
        private final LearnedOptimizer<S, A> rule;
        private final int p;
        private final UnrolledBptt<S, A> estimator;

        Run(LearnedOptimizer<S, A> rule) {
            this.rule = rule;
            this.p = rule.parameterCount(dimension);
            this.estimator = new UnrolledBptt<>(rule, BackpropMemory.storeAll(), MetaObjective.QUERY_LOSS,
                    settings.metaGradient());
        }

        void train(TrainingState<float[]> state, Consumer<EpochReport> onStep) {
            float[] metaGradient = new float[p + dimension];
            TrainingLoop.run(state, settings.iterations(), settings.validateEvery(), 0, iteration -> {
                double queryLoss = metaGradient(state, iteration, metaGradient);
                state.stepIfFinite(Double.isFinite(queryLoss), metaGradient, 1f);
                return new TrainingLoop.Losses(queryLoss, queryLoss);
            }, meta -> new FamilyValidation.Scores(score(rule, phi(meta), init(meta), SeedRange.VALIDATION_BASE,
                    settings.validationTasks()), List.of()), onStep);
        }

        /**
         * Writes the mean meta-gradient at {@code state}'s meta-parameters of meta-step {@code iteration}'s tasks
         * (each counted as an unroll), its global norm clipped as the settings say, into {@code into} and
         * returns their mean query loss after adaptation.
         * Reptile's "gradient" is θ<sub>0</sub> − θ̃, so that its SGD step at ε is θ<sub>0</sub> + ε·mean(θ̃ − θ<sub>0</sub>).
         */
        double metaGradient(TrainingState<float[]> state, int iteration, float[] into) {
            float[] meta = state.metaParameters();
            SplittableRandom random = MetaTrainer.epochRandom(settings.seed(), iteration);
            float[] phi = phi(meta);
            float[] init = init(meta);
            float[] phiGradient = new float[p];
            float[] startGradient = new float[dimension];
            Arrays.fill(into, 0f);
            double lossSum = 0;
            for (int b = 0; b < settings.tasksPerStep(); b++) {
                Episode task = (Episode) problem.sample(SeedRange.trainingSeed(random));
                state.countUnroll();
                if (settings.method() == InitMethod.REPTILE) {
                    float[] adapted = adapt(rule, phi, init, task);
                    lossSum += task.queryLoss(adapted, null);
                    for (int i = 0; i < dimension; i++) {
                        startGradient[i] = init[i] - adapted[i];
                    }
                } else {
                    TruncatedStep<S> run = new TruncatedStep<>(task, rule, settings.innerSteps(), init);
                    lossSum += estimator.unroll(phi, run, settings.innerSteps(), phiGradient, startGradient).metaLoss();
                }
                for (int i = 0; i < dimension; i++) {
                    into[p + i] += startGradient[i];
                }
            }
            System.arraycopy(phiGradient, 0, into, 0, p);
            new Scale(1f / settings.tasksPerStep()).apply(into, into);
            MetaTrainingStep.clip(into, settings.clipNorm());
            return lossSum / settings.tasksPerStep();
        }

        /** φ from the rule's start (Meta-SGD: α everywhere; the LSTM: its seeded initial weights), then θ<sub>0</sub> of a seeded task. */
        float[] initialMetaParameters() {
            SplittableRandom seeds = new SplittableRandom(settings.seed());
            float[] init = problem.sample(seeds.nextLong()).initialParameters();
            float[] phi = switch (settings.method()) {
                case META_SGD -> filled(dimension, (float) settings.innerLearningRate());
                case LSTM -> LstmWeights.initial(settings.lstm(), seeds.nextLong()).values();
                default -> new float[0];
            };
            float[] meta = Arrays.copyOf(phi, p + dimension);
            System.arraycopy(init, 0, meta, p, dimension);
            return meta;
        }

        float[] phi(float[] meta) {
            return Arrays.copyOf(meta, p);
        }

        float[] init(float[] meta) {
            return Arrays.copyOfRange(meta, p, p + dimension);
        }
    }

    private static float[] filled(int n, float value) {
        float[] values = new float[n];
        Arrays.fill(values, value);
        return values;
    }
}
