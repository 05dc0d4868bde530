package org.l2l4j.spark;

import java.io.Serializable;
import java.util.Map;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.core.Trajectory;
import org.l2l4j.evaluation.Renamed;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmWeights;

/**
 * How an executor gets an optimizer the driver evaluates: optimizers are live objects (a learned one holds a
 * kernel and its threads), so what travels is this description, and the executor makes the optimizer
 * again for each run.
 */
sealed interface OptimizerRecipe extends Serializable {

    /** Trains {@code optimizee} with the described optimizer, as {@link TrainingRuns#train}; a kernel gets {@code threads}. */
    Trajectory train(Optimizee optimizee, int steps, TrainingRuns.Kept kept, int threads);

    /**
     * The description of {@code optimizer}: a baseline by its name and learning rate, a learned optimizer by
     * its spec (through the codec of its files) and weights.
     *
     * @throws IllegalArgumentException for any other optimizer, naming it
     */
    static OptimizerRecipe of(Optimizer<?> optimizer) {
        if (optimizer instanceof Renamed<?> renamed) { // the name stays in the driver's report
            return of(renamed.rule());
        }
        if (optimizer instanceof LstmOptimizer learned) {
            return new Learned(SettingsCodec.encode(learned.weights().config()), learned.weights().values());
        }
        if (Baselines.NAMES.contains(optimizer.name()) && optimizer.learningRate() != null
                && Baselines.create(optimizer.name(), optimizer.learningRate()).equals(optimizer)) {
            return new Baseline(optimizer.name(), optimizer.learningRate());
        }
        throw new IllegalArgumentException("cannot send " + optimizer + " to Spark executors: only the baselines ("
                + String.join(", ", Baselines.NAMES) + ", default hyper-parameters) and learned LSTM optimizers travel");
    }

    /** A hand-made rule, {@link Baselines#create}. */
    record Baseline(String name, double learningRate) implements OptimizerRecipe {
        @Override
        public Trajectory train(Optimizee optimizee, int steps, TrainingRuns.Kept kept, int threads) {
            return TrainingRuns.train(optimizee, Baselines.create(name, learningRate), steps, kept);
        }
    }

    /** A learned LSTM optimizer: its {@link LstmConfig} as the codec encodes it, and its weights. */
    record Learned(Map<String, Object> config, float[] weights) implements OptimizerRecipe {
        @Override
        public Trajectory train(Optimizee optimizee, int steps, TrainingRuns.Kept kept, int threads) {
            LstmWeights decoded = LstmWeights.of(SettingsCodec.decode(LstmConfig.class, config, "the driver's optimizer"),
                    weights);
            try (LstmKernel kernel = LstmKernel.create(threads)) {
                return TrainingRuns.train(optimizee, new LstmOptimizer(decoded, kernel), steps, kept);
            }
        }
    }
}
