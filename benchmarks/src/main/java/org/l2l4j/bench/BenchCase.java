package org.l2l4j.bench;

import java.util.OptionalLong;

/**
 * One thing to time. Buffers are allocated when the case is built; {@link #run} is the timed region and
 * allocates nothing; {@link #beforeRun} does untimed work between runs (e.g. sampling a fresh optimizee
 * when a trajectory ends).
 */
interface BenchCase extends AutoCloseable {

    Workload workload();

    /** Untimed preparation before each run. */
    default void beforeRun() {
    }

    /** The timed work. */
    void run();

    /** Bytes the case counts as its memory peak, when it measures one. */
    default OptionalLong peakBytes() {
        return OptionalLong.empty();
    }

    /** Releases off-heap buffers; the default has none. */
    @Override
    default void close() {
    }
}
