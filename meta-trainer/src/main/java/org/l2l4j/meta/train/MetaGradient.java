package org.l2l4j.meta.train;

/**
 * Which meta-gradient {@link UnrolledBptt} computes for an unroll of θ<sub>t+1</sub> = θ<sub>t</sub> +
 * u(∇<sub>t</sub>, state; φ), ∇<sub>t</sub> = ∇f(θ<sub>t</sub>; B<sub>t</sub>).
 *
 * <ul>
 *   <li>{@link #FIRST_ORDER}: the paper's, ∂∇<sub>t</sub>/∂θ<sub>t</sub> taken as 0. An update then moves
 *       every later θ by itself, so ∂L/∂u<sub>s</sub> is a suffix sum of gradients and the optimizee is
 *       never differentiated twice.</li>
 *   <li>{@link #FULL}: the gradient of the unroll's meta-loss with nothing dropped: an update also changes
 *       the later gradients, through the Hessian, and the optimizer reacts to them (its own inputs and, with
 *       a base step, Nesterov's momentum). The adjoint of θ<sub>t</sub> gains H<sub>t</sub>·∂L/∂∇<sub>t</sub>,
 *       a Hessian-vector product taken as a central difference of two gradients on the minibatch
 *       B<sub>t</sub>: two more gradient evaluations per step, on optimizees that can evaluate a minibatch
 *       again ({@link org.l2l4j.core.Optimizee#lossAndGradientOnBatch}).</li>
 * </ul>
 */
public enum MetaGradient {
    FIRST_ORDER("first"),
    FULL("full");

    private final String flag;

    MetaGradient(String flag) {
        this.flag = flag;
    }

    /** The name used on the command line and in saved files. */
    public String flag() {
        return flag;
    }

    @Override
    public String toString() {
        return flag;
    }
}
