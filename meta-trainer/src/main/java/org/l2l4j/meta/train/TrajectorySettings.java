package org.l2l4j.meta.train;

/**
 * The trajectories meta-training unrolls: {@code steps} (T) optimizer steps on one optimizee, cut into
 * unrolls of {@code unroll} (K) steps with one meta-step after each.
 */
public record TrajectorySettings(int steps, int unroll) {

    public TrajectorySettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.atLeast("unroll", unroll, 1);
    }
}
