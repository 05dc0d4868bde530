package org.l2l4j.baselines;

import org.l2l4j.core.Optimizer;

/**
 * A hand-made update rule: a named {@link Transform} that maps the gradient to the update u.
 * Immutable; all run-time data lives in the state {@code S}.
 */
final class Rule<S> implements Optimizer<S> {

    private final String name;
    private final double learningRate;
    private final Transform<S> transform;

    Rule(String name, double learningRate, Transform<S> transform) {
        this.name = name;
        this.learningRate = learningRate;
        this.transform = transform;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Double learningRate() {
        return learningRate;
    }

    @Override
    public S init(int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": dimension must be >= 0, got " + n);
        }
        return transform.init(n);
    }

    @Override
    public void update(float[] gradient, S state, float[] update) {
        if (gradient.length != update.length) {
            throw new IllegalArgumentException(name + ": gradient has " + gradient.length
                    + " coordinates but update has " + update.length);
        }
        transform.apply(gradient, state, update);
    }

    @Override
    public String toString() {
        return name + "(lr=" + learningRate + ")";
    }
}
