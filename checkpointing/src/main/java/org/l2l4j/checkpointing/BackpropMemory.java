package org.l2l4j.checkpointing;

/**
 * What backpropagation through time keeps from the live forward pass, and how it gets the rest back.
 *
 * <p>Use per unroll of K steps: {@link #start}, then for t = 0..K-1 call {@link #enter} with the state
 * entering step t and run the live step with the activations buffer it returns (null: do not store);
 * then {@link #backward}. Buffers are kept between unrolls of the same size, so steady-state training
 * allocates nothing.
 */
public interface BackpropMemory {

    /** Keeps every step's activations. */
    static BackpropMemory storeAll() {
        return new StoreAllActivations();
    }

    /** Keeps the state entering every {@code segment}-th step and replays one segment at a time. */
    static BackpropMemory checkpointed(int segment) {
        return new SegmentCheckpoints(segment);
    }

    /** The usual segment length for K steps, ⌈√K⌉, which balances checkpoints against one segment's activations. */
    static int defaultSegment(int steps) {
        return (int) Math.ceil(Math.sqrt(steps));
    }

    /** Begins an unroll of {@code steps} steps of {@code step}. */
    <S, A> Unroll<S, A> start(ReplayableStep<S, A> step, int steps);

    /**
     * Peak bytes this scheme holds for an unroll of {@code steps} steps, given one state's and one
     * step's activation bytes: the same count {@link Unroll#peakBytes()} reports after a real run.
     */
    long peakBytes(int steps, long stateBytes, long activationBytes);

    /** Short description for logs, e.g. {@code checkpointed(k=5)}. */
    String describe();

    /** One unroll in progress. */
    interface Unroll<S, A> {

        /** The live pass is about to run step t from {@code stateIn}: returns where to store its activations, or null. */
        A enter(int t, S stateIn);

        /**
         * Backpropagates from the end of the unroll (∂L/∂s<sub>K</sub> = 0: the state leaves the unroll
         * detached) down to step 0, calling {@link ReplayableStep#backward} for t = K-1..0.
         */
        void backward();

        /** Bytes of the buffers held now and at most so far in this scheme's lifetime. */
        long peakBytes();
    }
}
