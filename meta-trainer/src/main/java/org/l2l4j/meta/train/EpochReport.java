package org.l2l4j.meta.train;

import java.util.List;

/**
 * One epoch (one optimizee trajectory) of meta-training: its meta-loss per step (the mean of
 * f(θ<sub>t</sub>) over t = 1..T), its final loss, the validation loss when this epoch validated (NaN
 * otherwise) and each family's own validation score ({@link FamilyValidation}; empty when this epoch did
 * not validate), whether it was the best so far, whether it is the run's last (the final epoch, or the
 * one after which the run stops for want of a better validation), and throughput. A resumed run counts
 * skipped steps, elapsed seconds and unrolls from the start of the original run, as saved in its
 * checkpoint. For a learned initialisation ({@link LearnedInitTrainer}) an epoch is one meta-step, both
 * losses are its tasks' mean query loss after adaptation, and an unroll is one task's adaptation.
 */
public record EpochReport(
        int epoch,
        int epochs,
        double meanLoss,
        double finalLoss,
        double validationLoss,
        List<Double> familyValidationLosses,
        boolean improved,
        boolean last,
        int skippedSteps,
        double elapsedSeconds,
        double unrollsPerSecond) {

    public EpochReport {
        familyValidationLosses = List.copyOf(familyValidationLosses);
    }

    /** Seconds left at the average pace so far. */
    public double etaSeconds() {
        return last ? 0 : elapsedSeconds / epoch * (epochs - epoch);
    }
}
