package org.l2l4j.bench;

import org.l2l4j.core.Problem;

/**
 * A problem whose instances add the wall time of their loss-and-gradient calls (the optimizee's own
 * forward and backward passes, DL4J's for a network) to one counter, so a benchmark can split an unroll's
 * time between the optimizee and the rest (our kernel, BPTT, the meta-step). The counter covers every
 * instance sampled from it; not thread-safe, as the instances are not.
 */
final class TimedProblem implements Problem {

    private final Problem problem;
    private long nanos;

    TimedProblem(Problem problem) {
        this.problem = problem;
    }

    @Override
    public String spec() {
        return problem.spec();
    }

    @Override
    public TimedOptimizee sample(long seed) {
        return new TimedOptimizee(problem.sample(seed), this);
    }

    void add(long elapsedNanos) {
        nanos += elapsedNanos;
    }

    /** Nanoseconds spent in the instances' loss-and-gradient calls so far. */
    long nanos() {
        return nanos;
    }
}
