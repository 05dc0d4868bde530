package org.l2l4j.meta.train;

/**
 * One epoch (one optimizee trajectory) of meta-training: its meta-loss per step (the mean of
 * f(θ<sub>t</sub>) over t = 1..T), its final loss, the validation loss when this epoch validated (NaN
 * otherwise), whether it was the best so far, and throughput.
 */
public record EpochReport(
        int epoch,
        int epochs,
        double meanLoss,
        double finalLoss,
        double validationLoss,
        boolean improved,
        int skippedSteps,
        double elapsedSeconds,
        double unrollsPerSecond) {

    /** Seconds left at the average pace so far. */
    public double etaSeconds() {
        return elapsedSeconds / epoch * (epochs - epoch);
    }
}
