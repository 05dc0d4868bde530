package org.l2l4j.evaluation.suite;

import org.l2l4j.core.Optimizer;

/** An optimizer under another name, so that one rule can appear twice in a report (tuned, and at a fixed rate). */
record Renamed<S>(String name, Optimizer<S> rule) implements Optimizer<S> {

    static <S> Renamed<S> of(String name, Optimizer<S> rule) {
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
