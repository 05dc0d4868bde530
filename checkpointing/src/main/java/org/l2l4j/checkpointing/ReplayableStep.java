package org.l2l4j.checkpointing;

/**
 * One step of a recurrence s<sub>t+1</sub> = F<sub>t</sub>(s<sub>t</sub>) that backpropagation through
 * time can replay and differentiate. Step t's external inputs (for the LSTM optimizer: the gradient
 * fed in at step t) are held by the implementation and looked up by t, so a replay needs nothing else.
 *
 * @param <S> the recurrent state, also used for gradients with respect to the state
 * @param <A> what {@link #backward} needs about one step (its activations)
 */
public interface ReplayableStep<S, A> {

    S newState();

    A newActivations();

    void copyState(S from, S to);

    void clearState(S state);

    long stateBytes();

    long activationBytes();

    /** Step t from {@code in} to {@code out}, storing activations into {@code acts}. Deterministic. */
    void replay(int t, S in, S out, A acts);

    /**
     * Backward of step t: given ∂L/∂out in {@code dOut}, writes ∂L/∂in into {@code dIn} and accumulates
     * the gradient of the step's parameters. Called for t = K-1 down to 0, once each.
     */
    void backward(int t, A acts, S dOut, S dIn);
}
