package org.l2l4j.evaluation;

import org.l2l4j.core.Optimizer;

/**
 * An optimizer under another name in reports: one rule twice (tuned, and at a fixed rate), or a rule named
 * for what it stands for (a learned initialisation's method).
 */
public record Renamed<S>(String name, Optimizer<S> rule) implements Optimizer<S> {

    public static <S> Renamed<S> of(String name, Optimizer<S> rule) {
        return new Renamed<>(name, rule);
    }

    @Override
    public Double learningRate() {
        return rule.learningRate();
    }

    @Override
    public S init(int n) {
        return rule.init(n);
    }

    @Override
    public void update(float[] gradient, S state, float[] update) {
        rule.update(gradient, state, update);
    }
}
