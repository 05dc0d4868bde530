package org.l2l4j.meta.train;

import org.l2l4j.core.SettingException;

/**
 * What a meta-step estimates and on which optimizees: the meta-{@code objective}, the {@link MetaGradient}
 * estimated, how many optimizees are averaged per meta-step, whether a mixture's families are
 * {@code stratified} over them ({@link OptimizeeDraw}), the range s of their random parameter scaling
 * c = exp(U(−s, s)) (0 = off), and the {@code seed} of the initial weights and of every draw.
 */
public record EstimatorSettings(MetaObjective objective, MetaGradient metaGradient, int optimizeesPerStep,
                                boolean stratified, double randomScale, long seed) {

    public EstimatorSettings {
        SettingChecks.given("objective", objective);
        SettingChecks.given("metaGradient", metaGradient);
        if (objective == MetaObjective.QUERY_LOSS) {
            throw new SettingException("objective", "query is the objective of a learned initialisation (method maml,"
                    + " fomaml, reptile, meta-sgd, or lstm with learn-init); an optimizer's trajectory is scored by mean or log");
        }
        SettingChecks.atLeast("optimizeesPerStep", optimizeesPerStep, 1);
        if (!(randomScale >= 0 && randomScale <= 5)) {
            throw new SettingException("randomScale", "must be in [0, 5] (0 = off), got " + randomScale);
        }
    }
}
