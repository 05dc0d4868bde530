package org.l2l4j.bench;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's own thread pools, set in process: libnd4j's worker threads (which start at
 * {@code OMP_NUM_THREADS}) and the BLAS library's threads.
 */
final class Nd4jThreads {

    private Nd4jThreads() {
    }

    static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ND4J threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** libnd4j's current thread count. */
    static int current() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** E.g. {@code OPENBLAS, 1 thread(s)}. */
    static String blas() {
        return Nd4j.factory().blas().getBlasVendor() + " " + Nd4j.factory().blas().getMaxThreads() + " thread(s)";
    }
}
