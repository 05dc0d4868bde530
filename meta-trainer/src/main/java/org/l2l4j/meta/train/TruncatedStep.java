package org.l2l4j.meta.train;

import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizee;

/**
 * One optimizee's training run under a learned optimizer, cut into unrolls (learned_optimization's
 * {@code TruncatedStep}). It owns what carries over between unrolls, detached: θ<sub>t</sub>, the gradient
 * ∇<sub>t</sub> already computed at θ<sub>t</sub> (the next unroll's first input, so no gradient is computed
 * twice), the optimizer's state and the position t. Only it draws from its optimizee, one minibatch per
 * gradient, so ∇<sub>t</sub> came from the optimizee's call number t.
 *
 * @param <S> the learned optimizer's state
 */
final class TruncatedStep<S> {

    /**
     * What an estimator keeps of an unroll's live pass, indexed by the step within the unroll: step t
     * runs from θ<sub>t</sub>, ∇<sub>t</sub> and state s<sub>t</sub> to θ<sub>t+1</sub>, s<sub>t+1</sub>.
     */
    interface Tape<S, A> {

        /** Step t is about to run from {@code stateIn}: where to record its activations, or null. */
        A enter(int t, S stateIn);

        /** The array ∇<sub>t</sub> is written into (t = 0..K): the estimator keeps every step's input. */
        float[] gradient(int t);

        /** θ<sub>t</sub> (t = 1..K; read only, live until the next step) was reached, with loss f(θ<sub>t</sub>; B<sub>t</sub>). */
        void reached(int t, float[] theta, double loss);
    }

    private final Optimizee optimizee;
    private final float[] theta;
    private final float[] gradient;
    private final float[] update;
    private S state;
    private S next;
    private final int length;
    private int step;

    /** Starts at θ<sub>0</sub> with ∇<sub>0</sub> = ∇f(θ<sub>0</sub>; B<sub>0</sub>), an input only, and the rule's start state. */
    TruncatedStep(Optimizee optimizee, LearnedOptimizer<S, ?> rule, int length) {
        this(optimizee, rule, length, optimizee.initialParameters());
    }

    /** Starts at {@code start} (copied) instead of the optimizee's own θ<sub>0</sub>: a learned initialisation. */
    TruncatedStep(Optimizee optimizee, LearnedOptimizer<S, ?> rule, int length, float[] start) {
        if (start.length != optimizee.dimension()) {
            throw new IllegalArgumentException("the start has " + start.length + " parameters, the optimizee "
                    + optimizee.dimension());
        }
        this.optimizee = optimizee;
        this.theta = start.clone();
        this.gradient = new float[theta.length];
        this.update = new float[theta.length];
        optimizee.lossAndGradient(theta, gradient);
        this.state = rule.newState(theta.length);
        this.next = rule.newState(theta.length);
        this.length = length;
    }

    Optimizee optimizee() {
        return optimizee;
    }

    int dimension() {
        return theta.length;
    }

    /** Steps taken so far: the optimizee call number of the current gradient. */
    int step() {
        return step;
    }

    /** Steps left before the trajectory ends. */
    int remaining() {
        return length - step;
    }

    /** A copy of the current parameters θ<sub>t</sub>. */
    float[] theta() {
        return theta.clone();
    }

    /**
     * Takes the next {@code steps} steps of {@code rule} at {@code phi} (at most {@link #remaining()}),
     * θ<sub>t+1</sub> = θ<sub>t</sub> + u<sub>t</sub>, recording on {@code tape} what its backward needs.
     * The tape's ∇<sub>0</sub> is this trajectory's current gradient, and its ∇<sub>K</sub> becomes it.
     */
    <A> void advance(LearnedOptimizer<S, A> rule, float[] phi, int steps, Tape<S, A> tape) {
        if (steps < 1 || steps > remaining()) {
            throw new IllegalArgumentException("an unroll takes 1.." + remaining() + " steps here, got " + steps);
        }
        System.arraycopy(gradient, 0, tape.gradient(0), 0, gradient.length);
        for (int t = 0; t < steps; t++) {
            A acts = tape.enter(t, state);
            rule.forward(phi, tape.gradient(t), state, next, update, acts);
            for (int i = 0; i < theta.length; i++) {
                theta[i] += update[i];
            }
            double loss = optimizee.lossAndGradient(theta, tape.gradient(t + 1));
            tape.reached(t + 1, theta, loss);
            S done = state;
            state = next;
            next = done;
        }
        System.arraycopy(tape.gradient(steps), 0, gradient, 0, gradient.length);
        step += steps;
    }
}
