package org.l2l4j.meta.train;

import org.l2l4j.core.SettingException;

/**
 * How the meta-optimizer runs over the epochs (one meta-batch of trajectories each): Adam's
 * {@code metaLearningRate}, decayed by a cosine to {@code finalLearningRateFraction} of it at the last
 * epoch (1 = constant), the horizon {@code curriculum} (the fraction of the epochs over which the
 * trajectory length grows from K to T; 0 = off), the global-norm clip of the meta-gradient
 * ({@code clipNorm}, 0 = off) and the decay of the moving average of the meta-parameters that validation
 * scores and keeps ({@code averageDecay}, 0 = off: the meta-parameters themselves; {@link TrainingState}).
 */
public record ScheduleSettings(int epochs, double metaLearningRate, double finalLearningRateFraction, double curriculum,
                               double clipNorm, double averageDecay) {

    public ScheduleSettings {
        SettingChecks.atLeast("epochs", epochs, 1);
        SettingChecks.positiveInFloat32("metaLearningRate", metaLearningRate); // Adam runs in float32
        if (!(finalLearningRateFraction > 0 && finalLearningRateFraction <= 1)) {
            throw new SettingException("finalLearningRateFraction", "must be in (0, 1] (1 = constant), got "
                    + finalLearningRateFraction);
        }
        if (!(curriculum >= 0 && curriculum <= 1)) {
            throw new SettingException("curriculum", "must be in [0, 1] (0 = off), got " + curriculum);
        }
        SettingChecks.boundOrOff("clipNorm", clipNorm);
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new SettingException("averageDecay", "must be in [0, 1) (0 = off), got " + averageDecay);
        }
    }

    /** The meta learning rate at {@code epoch} (1-based): cosine from the initial rate to its final fraction. */
    double learningRate(int epoch) {
        double progress = epochs == 1 ? 1 : (epoch - 1) / (double) (epochs - 1);
        double fraction = finalLearningRateFraction + (1 - finalLearningRateFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
        return metaLearningRate * fraction;
    }

    /** Whether the learning rate or the horizon changes with the epoch, so that the number of epochs shapes them. */
    boolean scheduledByEpochs() {
        return finalLearningRateFraction < 1 || curriculum > 0;
    }
}
