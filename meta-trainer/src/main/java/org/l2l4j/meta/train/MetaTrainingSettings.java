package org.l2l4j.meta.train;

import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.lstm.LstmConfig;

/**
 * How to meta-train: trajectory length T ({@code steps}), unroll length K, epochs (one trajectory each),
 * meta learning rate of Adam, seed, optional global-norm clipping of the meta-gradient (0 = off), the
 * BPTT checkpoint segment (0 = keep every step's activations), validation schedule, kernel threads,
 * and the LSTM architecture.
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
        LstmConfig lstm) {

    /** Validation seeds are {@code VALIDATION_SEED_BASE + i}, apart from evaluation (1,000,000 + i) and tuning seeds. */
    public static final long VALIDATION_SEED_BASE = 500_000;

    public MetaTrainingSettings {
        requirePositive("steps", steps);
        requirePositive("unroll", unroll);
        requirePositive("epochs", epochs);
        requirePositive("threads", threads);
        if (!(metaLearningRate > 0 && Double.isFinite(metaLearningRate))) {
            throw new IllegalArgumentException("meta learning rate must be finite and > 0, got " + metaLearningRate);
        }
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("meta-gradient clip norm must be finite and >= 0 (0 = off), got " + clipNorm);
        }
        if (checkpointSegment < 0) {
            throw new IllegalArgumentException("checkpoint segment must be >= 0 (0 = store all), got " + checkpointSegment);
        }
        if (validateEvery < 0 || validationSeeds < 0) {
            throw new IllegalArgumentException("validation schedule must be >= 0, got every " + validateEvery
                    + " epochs on " + validationSeeds + " seeds");
        }
    }

    /** T = 100, K = 20, Adam 1e-3, no clipping, segment ⌈√K⌉, validation every 10 epochs on 10 seeds, 2 threads. */
    public static MetaTrainingSettings defaults(int epochs, long seed) {
        return new MetaTrainingSettings(100, 20, epochs, 1e-3, seed, 0, BackpropMemory.defaultSegment(20),
                10, 10, 2, LstmConfig.defaults());
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
