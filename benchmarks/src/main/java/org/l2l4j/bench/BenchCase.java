package org.l2l4j.bench;

import java.util.OptionalDouble;
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

    /** Called once between the warm-up and the timed runs: what a case counts during runs starts afresh here. */
    default void startTimedRuns() {
    }

    /** The timed work. */
    void run();

    /**
     * Share of the timed runs' wall time spent in the optimizee's loss-and-gradient calls (DL4J's forward
     * and backward for a network), when the case measures it.
     */
    default OptionalDouble optimizeeShare() {
        return OptionalDouble.empty();
    }

    /** Bytes the case counts as its memory peak, when it measures one. */
    default OptionalLong peakBytes() {
        return OptionalLong.empty();
    }

    /** Releases off-heap buffers; the default has none. */
    @Override
    default void close() {
    }
}
