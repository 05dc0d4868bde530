package org.l2l4j.meta.train;

import org.l2l4j.core.SeedRange;
import org.l2l4j.core.SettingException;

/**
 * How the kept weights are chosen: every {@code every} epochs (0 = off) the weights are scored on
 * {@code seeds} held-out optimizees by {@code selection}; after training, the output scale is calibrated
 * on {@code calibrationSeeds} further ones (0 = off). Both score T-step runs, and with {@code shortSteps}
 * (S, 0 = off) S-step runs as well ({@link FamilyValidation}). A run stops once {@code patience}
 * validations in a row have not improved on the best (0 = off: it runs all its epochs).
 */
public record ValidationSettings(int every, int seeds, Selection selection, int calibrationSeeds, int shortSteps,
                                 int patience) {

    public ValidationSettings {
        SettingChecks.atLeast("every", every, 0);
        SettingChecks.atLeast("seeds", seeds, 0);
        withinRange("seeds", seeds, SeedRange.VALIDATION_BASE);
        if (every > 0 && seeds == 0) {
            throw new SettingException("seeds", "must be at least 1, got 0, when validating (every " + every + " epochs)");
        }
        SettingChecks.given("selection", selection);
        SettingChecks.atLeast("calibrationSeeds", calibrationSeeds, 0);
        withinRange("calibrationSeeds", calibrationSeeds, SeedRange.CALIBRATION_BASE);
        SettingChecks.atLeast("shortSteps", shortSteps, 0);
        if (shortSteps > 0 && every == 0 && calibrationSeeds == 0) {
            throw new SettingException("shortSteps", "scores validation and calibration, which are both off; got " + shortSteps);
        }
        SettingChecks.atLeast("patience", patience, 0);
        if (patience > 0 && every == 0) {
            throw new SettingException("patience", "counts validations, which are off; got " + patience);
        }
    }

    /** Seeds base + i must stay in their own range, clear of the next one's. */
    private static void withinRange(String setting, int count, long base) {
        if (count > SeedRange.FIXED_RANGE_SIZE) {
            throw new SettingException(setting, "must be at most " + SeedRange.FIXED_RANGE_SIZE + " (seeds " + base
                    + " + i, clear of the next range of held-out seeds), got " + count);
        }
    }
}
