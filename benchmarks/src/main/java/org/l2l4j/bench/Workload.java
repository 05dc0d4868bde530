package org.l2l4j.bench;

/**
 * What one timed run of a benchmark case does, so that a time becomes rates and a labelled row.
 *
 * @param bench   the benchmark's name in the JSON output, e.g. {@code step_fwd}
 * @param impl    who computes it, e.g. {@code l2l4j} or {@code nd4j-ops}
 * @param n       coordinates
 * @param steps   optimizer steps per run (1 for a step, K for an unroll): a run advances n·steps coordinates
 * @param flops   floating-point operations per run as {@link LstmFlops} counts them, NaN when not counted
 * @param threads the threads it runs on, e.g. {@code kernel=2 nd4j=1}
 */
record Workload(String bench, String impl, int n, int steps, double flops, String threads) {

    Workload {
        if (n < 1 || steps < 1) {
            throw new IllegalArgumentException(bench + ": n and steps must be >= 1, got n = " + n + ", steps = " + steps);
        }
    }
}
