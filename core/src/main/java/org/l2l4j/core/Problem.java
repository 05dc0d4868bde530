package org.l2l4j.core;

/** A family of training problems, such as "10-dimensional quadratics" or "an MLP on MNIST". */
public interface Problem {

    /** The spec this problem was built from, e.g. {@code mnist:hidden=40}; parses back to an equal problem. */
    String spec();

    /** The instance for {@code seed}: its data, θ<sub>0</sub> and minibatch sequence all come from the seed. */
    Optimizee sample(long seed);
}
