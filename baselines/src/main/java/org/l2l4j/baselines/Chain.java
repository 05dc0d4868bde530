package org.l2l4j.baselines;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two stages run one after the other, as optax's {@code chain}: {@code second} transforms what
 * {@code first} wrote, in place in the output array. Longer chains nest.
 */
record Chain<A, B>(Transform<A> first, Transform<B> second) implements Transform<Chain.State<A, B>> {

    /** The states of the two stages. */
    record State<A, B>(A first, B second) {}

    static <A, B> Chain<A, B> of(Transform<A> first, Transform<B> second) {
        return new Chain<>(first, second);
    }

    @Override
    public State<A, B> init(int n) {
        return new State<>(first.init(n), second.init(n));
    }

    @Override
    public void apply(float[] in, State<A, B> state, float[] out) {
        first.apply(in, state.first(), out);
        second.apply(out, state.second(), out);
    }

    /** Both stages' arrays, the first's first; their names differ in every rule of {@link Baselines}. */
    @Override
    public Map<String, float[]> arrays(State<A, B> state) {
        Map<String, float[]> arrays = new LinkedHashMap<>(first.arrays(state.first()));
        second.arrays(state.second()).forEach((name, values) -> {
            if (arrays.put(name, values) != null) {
                throw new IllegalStateException("two stages of a chain both keep an array named " + name);
            }
        });
        return arrays;
    }

    @Override
    public void checkSaved(Map<String, float[]> arrays) {
        first.checkSaved(arrays);
        second.checkSaved(arrays);
    }

    @Override
    public int steps(State<A, B> state) {
        return Math.max(first.steps(state.first()), second.steps(state.second()));
    }

    @Override
    public void setSteps(State<A, B> state, int steps) {
        first.setSteps(state.first(), steps);
        second.setSteps(state.second(), steps);
    }
}
