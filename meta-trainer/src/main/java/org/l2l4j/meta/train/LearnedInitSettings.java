package org.l2l4j.meta.train;

import java.util.List;
import org.l2l4j.core.SettingException;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.Preprocessing;

/**
 * How to meta-train a learned initialisation on a few-shot family: the {@code method}; the inner loop,
 * {@code innerSteps} (K) steps on each task's support set at {@code innerLearningRate} (α; Meta-SGD's
 * starting rates; not used by the LSTM); {@code tasksPerStep} tasks per meta-step, {@code iterations}
 * meta-steps of the meta-optimizer at {@code metaLearningRate} (Adam, or Reptile's ε) on the mean meta-gradient,
 * its global norm clipped to {@code clipNorm} (0 = off); validation every
 * {@code validateEvery} meta-steps (0 = off) on {@code validationTasks} held-out tasks, keeping the best;
 * the {@code seed} of every draw; and the {@code lstm} learned with θ<sub>0</sub> by {@link InitMethod#LSTM}
 * (ignored by the others). Built with {@link #builder(InitMethod)}, which starts at the method's defaults.
 */
public record LearnedInitSettings(InitMethod method, int innerSteps, double innerLearningRate, int tasksPerStep,
                                  int iterations, double metaLearningRate, double clipNorm, int validateEvery,
                                  int validationTasks,
                                  long seed, LstmConfig lstm) {

    public LearnedInitSettings {
        SettingChecks.given("method", method);
        SettingChecks.given("lstm", lstm);
        SettingChecks.atLeast("innerSteps", innerSteps, 1);
        SettingChecks.positiveInFloat32("innerLearningRate", innerLearningRate);
        SettingChecks.atLeast("tasksPerStep", tasksPerStep, 1);
        SettingChecks.atLeast("iterations", iterations, 1);
        SettingChecks.positiveInFloat32("metaLearningRate", metaLearningRate);
        SettingChecks.boundOrOff("clipNorm", clipNorm);
        SettingChecks.atLeast("validateEvery", validateEvery, 0);
        SettingChecks.atLeast("validationTasks", validationTasks, 1);
        if (method == InitMethod.LSTM && lstm.preprocessing().kind() == Preprocessing.Kind.ADAM_NORMALISED) {
            throw new SettingException(List.of("method", "lstm.preprocessing.kind"), "the LSTM learned with θ0 is"
                    + " trained with the full meta-gradient, which needs log-sign or raw preprocessing");
        }
    }

    /** The meta-gradient the method estimates: first-order for FOMAML (and Reptile, which has none), else full. */
    MetaGradient metaGradient() {
        return method == InitMethod.FOMAML || method == InitMethod.REPTILE ? MetaGradient.FIRST_ORDER : MetaGradient.FULL;
    }

    /** A builder at {@code method}'s defaults ({@link InitMethod}). */
    public static Builder builder(InitMethod method) {
        return new Builder(method);
    }

    /** Collects settings one by one; {@link #build()} checks them all. */
    public static final class Builder {
        private final InitMethod method;
        private int innerSteps;
        private double innerLearningRate = 0.01;
        private int tasksPerStep = 25;
        private int iterations = 70_000;
        private double metaLearningRate;
        private double clipNorm;
        private int validateEvery = 1000;
        private int validationTasks = 100;
        private long seed = 1;
        private LstmConfig lstm = LstmConfig.defaults();

        private Builder(InitMethod method) {
            this.method = method;
            if (method != null) {
                this.innerSteps = method.defaultSteps();
                this.metaLearningRate = method.defaultMetaLearningRate();
            }
        }

        public Builder innerSteps(int innerSteps) {
            this.innerSteps = innerSteps;
            return this;
        }

        public Builder innerLearningRate(double innerLearningRate) {
            this.innerLearningRate = innerLearningRate;
            return this;
        }

        public Builder tasksPerStep(int tasksPerStep) {
            this.tasksPerStep = tasksPerStep;
            return this;
        }

        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        public Builder metaLearningRate(double metaLearningRate) {
            this.metaLearningRate = metaLearningRate;
            return this;
        }

        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder validateEvery(int validateEvery) {
            this.validateEvery = validateEvery;
            return this;
        }

        public Builder validationTasks(int validationTasks) {
            this.validationTasks = validationTasks;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder lstm(LstmConfig lstm) {
            this.lstm = lstm;
            return this;
        }

        /**
         * The settings.
         *
         * @throws SettingException naming the first value refused by its key
         */
        public LearnedInitSettings build() {
            return new LearnedInitSettings(method, innerSteps, innerLearningRate, tasksPerStep, iterations,
                    metaLearningRate, clipNorm, validateEvery, validationTasks, seed, lstm);
        }
    }
}
