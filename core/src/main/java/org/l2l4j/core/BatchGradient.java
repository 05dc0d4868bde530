package org.l2l4j.core;

/**
 * The gradient of an optimizee on a minibatch it has already drawn, named by its call number: what a
 * meta-gradient that differentiates through the optimizee's gradient evaluates again (Hessian-vector
 * products as differences of gradients on one minibatch). See {@link Optimizee#lossAndGradientOnBatch}.
 */
public interface BatchGradient {

    /**
     * Writes ∇f(θ; B) into {@code gradient} and returns f(θ; B), for the minibatch B that the optimizee's
     * call number {@code batch} drew (counting from 0); draws nothing.
     *
     * @param theta    parameters, length n; not modified
     * @param gradient output, length n
     */
    double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient);
}
