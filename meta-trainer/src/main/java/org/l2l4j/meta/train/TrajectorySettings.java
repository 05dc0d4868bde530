package org.l2l4j.meta.train;

import org.l2l4j.core.SettingException;

/**
 * The trajectories meta-training unrolls: {@code steps} (T) optimizer steps on one optimizee, cut into
 * unrolls of {@code unroll} (K) steps with one meta-step after each. With {@code minSteps} (M, 0 = off)
 * each epoch's trajectories are instead as long as a draw between M and T (a mixture of horizons, so that
 * one optimizer learns both the early steps of short runs and the late ones of long runs);
 * validation runs T steps either way.
 */
public record TrajectorySettings(int steps, int unroll, int minSteps) {

    public TrajectorySettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.atLeast("unroll", unroll, 1);
        if (minSteps < 0 || minSteps > steps) {
            throw new SettingException("minSteps", "must be in [0, T = " + steps + "] (0 = off), got " + minSteps);
        }
    }
}
