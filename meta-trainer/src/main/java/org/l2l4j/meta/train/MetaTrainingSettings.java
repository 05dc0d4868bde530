package org.l2l4j.meta.train;

import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.Preprocessing;

/**
 * How to meta-train: trajectory length T ({@code steps}), unroll length K, epochs (one meta-batch of
 * trajectories each), meta learning rate of Adam and the fraction of it left at the last epoch (cosine
 * decay; 1 = constant), seed, optional global-norm clipping of the meta-gradient (0 = off), the BPTT
 * checkpoint segment (0 = keep every step's activations), validation schedule, kernel threads, the LSTM
 * architecture, how many optimizees are averaged per meta-step, the range s of random parameter
 * scaling c = exp(U(−s, s)) (0 = off), the meta-objective, how validation selects the kept weights, and
 * the horizon curriculum: the fraction of the epochs over which the trajectory length grows from K to T
 * (0 = off; every epoch trains on T steps), and which {@link MetaGradient} is estimated.
 */
public record MetaTrainingSettings(
        int steps,
        int unroll,
        int epochs,
        double metaLearningRate,
        long seed,
        double clipNorm,
        int checkpointSegment,
        int validateEvery,
        int validationSeeds,
        int threads,
        LstmConfig lstm,
        int optimizeesPerStep,
        double finalLearningRateFraction,
        double randomScale,
        MetaObjective objective,
        Selection selection,
        double curriculum,
        MetaGradient metaGradient) {

    public MetaTrainingSettings {
        requirePositive("steps", steps);
        requirePositive("unroll", unroll);
        requirePositive("epochs", epochs);
        requirePositive("threads", threads);
        requirePositive("optimizees per meta-step", optimizeesPerStep);
        if (!(finalLearningRateFraction > 0 && finalLearningRateFraction <= 1)) {
            throw new IllegalArgumentException("final learning-rate fraction must be in (0, 1], got " + finalLearningRateFraction);
        }
        if (!(randomScale >= 0 && randomScale <= 5)) {
            throw new IllegalArgumentException("random scale range must be in [0, 5] (0 = off), got " + randomScale);
        }
        if (objective == null || selection == null || metaGradient == null) {
            throw new IllegalArgumentException("meta-objective, selection and meta-gradient must be given, got "
                    + objective + ", " + selection + " and " + metaGradient);
        }
        if (metaGradient == MetaGradient.FULL && lstm.preprocessing().kind() == Preprocessing.Kind.ADAM_NORMALISED) {
            throw new IllegalArgumentException("the full meta-gradient needs log-sign or raw preprocessing, got "
                    + lstm.preprocessing().kind());
        }
        if (!(curriculum >= 0 && curriculum <= 1)) {
            throw new IllegalArgumentException("curriculum fraction must be in [0, 1] (0 = off), got " + curriculum);
        }
        if (!((float) metaLearningRate > 0 && Float.isFinite((float) metaLearningRate))) { // Adam runs in float32
            throw new IllegalArgumentException("meta learning rate must be finite and > 0 in float32, got " + metaLearningRate);
        }
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("meta-gradient clip norm must be finite and >= 0 (0 = off), got " + clipNorm);
        }
        if (checkpointSegment < 0) {
            throw new IllegalArgumentException("checkpoint segment must be >= 0 (0 = store all), got " + checkpointSegment);
        }
        int correctionSteps = lstm.base().correctionSteps();
        if (correctionSteps > 0 && correctionSteps < steps) {
            throw new IllegalArgumentException("the LSTM's correction must cover the " + steps + " steps it is trained on,"
                    + " got " + correctionSteps + " correction steps (0 = every step)");
        }
        if (validateEvery < 0 || validationSeeds < 0 || (validateEvery > 0 && validationSeeds == 0)) {
            throw new IllegalArgumentException("validation must be off (every 0 epochs) or on at least 1 seed, got every "
                    + validateEvery + " epochs on " + validationSeeds + " seeds");
        }
    }

    /** The meta learning rate at {@code epoch} (1-based): cosine from the initial rate to its final fraction. */
    double learningRate(int epoch) {
        double progress = epochs == 1 ? 1 : (epoch - 1) / (double) (epochs - 1);
        double fraction = finalLearningRateFraction + (1 - finalLearningRateFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
        return metaLearningRate * fraction;
    }

    /**
     * Trajectory length at {@code epoch} (1-based): T, or under the curriculum a whole number of unrolls
     * growing linearly from one (K steps) at epoch 1 to all of T at epoch ⌈curriculum · epochs⌉ + 1.
     */
    int horizon(int epoch) {
        if (curriculum == 0) {
            return steps;
        }
        int unrolls = (steps + unroll - 1) / unroll;
        double progress = Math.min(1, (epoch - 1) / (curriculum * epochs));
        return Math.min(steps, (1 + (int) Math.floor(progress * (unrolls - 1))) * unroll);
    }

    BackpropMemory memory() {
        return checkpointSegment == 0 ? BackpropMemory.storeAll() : BackpropMemory.checkpointed(checkpointSegment);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
