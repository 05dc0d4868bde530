package org.l2l4j.baselines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SavableState;

/**
 * A hand-made update rule: a named {@link Transform} that maps the gradient to the update u.
 * Immutable; all run-time data lives in the {@link State}, which can be saved and restored by name.
 */
final class Rule<S> implements Optimizer<Rule.State<S>> {

    /** One run's state: the stages' states, saved through the names the stages give their arrays. */
    static final class State<S> implements SavableState {
        private final Transform<S> transform;
        private final S stages;

        private State(Transform<S> transform, S stages) {
            this.transform = transform;
            this.stages = stages;
        }

        @Override
        public Map<String, float[]> arrays() {
            Map<String, float[]> copies = new LinkedHashMap<>();
            transform.arrays(stages).forEach((name, values) -> copies.put(name, values.clone()));
            return copies;
        }

        @Override
        public int steps() {
            return transform.steps(stages);
        }

        @Override
        public void restore(Map<String, float[]> arrays, int steps) {
            Map<String, float[]> live = transform.arrays(stages);
            if (!arrays.keySet().equals(live.keySet())) {
                throw new IllegalArgumentException("the state holds arrays " + live.keySet() + ", got " + arrays.keySet());
            }
            if (steps < 0) {
                throw new IllegalArgumentException("a step count must be >= 0, got " + steps);
            }
            live.forEach((name, values) -> {
                float[] saved = arrays.get(name);
                if (saved.length != values.length) {
                    throw new IllegalArgumentException("array " + name + " has " + values.length + " values, got "
                            + saved.length);
                }
                for (int i = 0; i < saved.length; i++) {
                    if (!Float.isFinite(saved[i])) {
                        throw new IllegalArgumentException(name + " value #" + i + " is " + saved[i]);
                    }
                }
            });
            transform.checkSaved(arrays);
            live.forEach((name, values) -> System.arraycopy(arrays.get(name), 0, values, 0, values.length));
            transform.setSteps(stages, steps);
        }
    }

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
    public State<S> init(int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": dimension must be >= 0, got " + n);
        }
        return new State<>(transform, transform.init(n));
    }

    @Override
    public void update(float[] gradient, State<S> state, float[] update) {
        if (gradient.length != update.length) {
            throw new IllegalArgumentException(name + ": gradient has " + gradient.length
                    + " coordinates but update has " + update.length);
        }
        transform.apply(gradient, state.stages, update);
    }

    /** Value equality: the same name, rate and stages (records, so compared by their hyper-parameters). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Rule<?> other && name.equals(other.name) && Double.compare(learningRate, other.learningRate) == 0
                && transform.equals(other.transform);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, learningRate, transform);
    }

    @Override
    public String toString() {
        return name + "(lr=" + learningRate + ")";
    }
}
