package org.l2l4j.core;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One training problem: n parameters and a loss evaluated on the next minibatch.
 *
 * <p>An instance owns its random stream (initial parameters, problem data, minibatch order), all drawn
 * from the seed it was sampled with, so the same seed gives the same numbers for every optimizer.
 * Instances are not thread-safe.
 */
public interface Optimizee extends BatchGradient {

    /** Number of parameters n. */
    int dimension();

    /** A fresh copy of θ<sub>0</sub>, the same on every call. */
    float[] initialParameters();

    /**
     * Draws the next minibatch B, writes ∇f(θ; B) (the gradient of the mean loss over B) into
     * {@code gradient} and returns f(θ; B).
     *
     * @param theta    parameters, length {@link #dimension()}; not modified
     * @param gradient output, length {@link #dimension()}
     */
    double lossAndGradient(float[] theta, float[] gradient);

    /**
     * Like {@link #lossAndGradient}, but on the minibatch that its call number {@code batch} drew
     * (counting from 0), drawing nothing, so the minibatch sequence is unchanged: what a meta-gradient that
     * differentiates through the optimizee's gradient needs (Hessian-vector products as differences of
     * gradients on one minibatch).
     *
     * @throws UnsupportedOperationException if this optimizee cannot evaluate that minibatch again; the
     *                                       default, for one that never can
     */
    @Override
    default double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot evaluate an earlier minibatch"
                + " again (needed for a meta-gradient through the optimizee's gradient)");
    }

    /**
     * A second evaluator of {@link #lossAndGradientOnBatch} on this instance's minibatches, with its own
     * network and buffers, that another thread may run while this instance computes: for the same arguments
     * it gives the same numbers as this instance, by the same arithmetic. The same object on every call.
     *
     * @return empty if there is none (the default); then only this instance evaluates earlier minibatches
     */
    default Optional<BatchGradient> concurrentBatchGradient() {
        return Optional.empty();
    }

    /**
     * f(θ; D), the loss of θ on all of the instance's training data: the quantity every minibatch loss
     * f(θ; B) estimates. Evaluations rank optimizers by it at the last step, where one minibatch's
     * sampling noise would otherwise swamp the differences between them (on MNIST with minibatches of
     * 128 it is most of the spread over seeds). Draws nothing, so the minibatch sequence is unchanged.
     *
     * @return empty if the instance has no finite data set to measure it on (a stream of batches)
     */
    default OptionalDouble trainingLoss(float[] theta) {
        return OptionalDouble.empty();
    }

    /**
     * Loss (and accuracy, for classification) of θ on the instance's held-out test split. Draws nothing,
     * so the minibatch sequence is unchanged.
     *
     * @return empty if the instance has no test split
     */
    default Optional<TestMetrics> testMetrics(float[] theta) {
        return Optional.empty();
    }
}
