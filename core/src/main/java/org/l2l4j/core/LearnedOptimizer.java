package org.l2l4j.core;

/**
 * A learned update rule: meta-parameters φ, one flat {@code float[]}, map to an {@link Optimizer}
 * (learned_optimization's {@code LearnedOptimizer.opt_fn}), and one step of that optimizer can be
 * differentiated with respect to φ, to its incoming state and to its gradient input, which is what a
 * meta-gradient estimator needs. The coordinate-wise LSTM of Andrychowicz et al. 2016 is one; Meta-SGD
 * (Li et al. 2017), u = −α ⊙ g with φ = α, is another whose φ has one entry per optimizee coordinate.
 *
 * <p>One step for n coordinates, in the convention of {@link Optimizer} (θ ← θ + u):
 * u, s<sub>out</sub> = m(g, s<sub>in</sub>; φ). The estimator owns the states and activation buffers it
 * allocates here, and passes φ to every call (it changes between unrolls, never within one). The
 * implementation is an immutable value; its methods do not keep the arrays they are given.
 *
 * @param <S> one run's state of n coordinates; gradients with respect to a state use the same type
 * @param <A> what one step records for its backward
 */
public interface LearnedOptimizer<S, A> {

    /** Length of φ for an optimizee of {@code n} coordinates (the LSTM's does not depend on n). */
    int parameterCount(int n);

    /** The rule at {@code phi} (copied), for evaluation and validation: the same updates as {@link #forward}. */
    Optimizer<?> optimizer(float[] phi);

    /** The state at the start of a run, for {@code n} coordinates; also a zero state gradient. */
    S newState(int n);

    /** Copies {@code from} into {@code to}, both of the same n. */
    void copyState(S from, S to);

    /** Sets {@code state} to the start-of-run state (all zero). */
    void clearState(S state);

    /** Bytes one state of n coordinates holds, without allocating. */
    long stateBytes(int n);

    /** A buffer for what one step of n coordinates records for {@link #backward}. */
    A newActivations(int n);

    /** Bytes {@link #newActivations} takes for n coordinates, without allocating. */
    long activationBytes(int n);

    /**
     * One step: writes u for {@code gradient} from state {@code in} into {@code update} and the next state
     * into {@code out}. Deterministic: the same inputs give the same bits, so a replay equals the live pass.
     *
     * @param in         read only
     * @param out        overwritten; a different object from {@code in}
     * @param actsOrNull if not null, filled with what {@link #backward} needs
     */
    void forward(float[] phi, float[] gradient, S in, S out, float[] update, A actsOrNull);

    /**
     * Backward of the step recorded in {@code acts}, given dL/du and dL/ds<sub>out</sub>.
     *
     * @param gradient        the gradient input of the recorded step
     * @param dOut            dL/d outgoing state, read only
     * @param dIn             written: dL/d incoming state; a different object from {@code dOut}
     * @param dPhi            dL/dφ is ADDED here
     * @param dGradientOrNull null: the gradient input is a constant (a first-order meta-gradient); else
     *                        written with dL/d gradient, for a meta-gradient through the optimizee's gradient
     * @throws UnsupportedOperationException if {@code dGradientOrNull} is given and the rule cannot
     *                                       differentiate through its gradient input
     */
    void backward(float[] phi, A acts, float[] gradient, float[] dUpdate, S dOut, S dIn, float[] dPhi,
                  float[] dGradientOrNull);
}
