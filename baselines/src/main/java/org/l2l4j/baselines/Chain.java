package org.l2l4j.baselines;

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
}
