package org.l2l4j.checkpointing;

/** Keeps all K steps' activations from the live pass; the backward pass replays nothing. */
final class StoreAllActivations implements BackpropMemory {

    @Override
    public <S, A> Unroll<S, A> start(ReplayableStep<S, A> step, int steps) {
        return new Run<>(step, steps);
    }

    @Override
    public long peakBytes(int steps, long stateBytes, long activationBytes) {
        return steps * activationBytes + 2 * stateBytes;
    }

    @Override
    public String describe() {
        return "store-all";
    }

    /** One unroll; reused by the caller across unrolls through {@link BackpropMemory#start}. */
    private static final class Run<S, A> implements Unroll<S, A> {
        private final ReplayableStep<S, A> step;
        private final int steps;
        private final BufferPool<A> activations;
        private final BufferPool<S> gradients;

        Run(ReplayableStep<S, A> step, int steps) {
            this.step = step;
            this.steps = steps;
            this.activations = new BufferPool<>(step::newActivations, step.activationBytes());
            this.gradients = new BufferPool<>(step::newState, step.stateBytes());
        }

        @Override
        public A enter(int t, S stateIn) {
            return activations.get(t);
        }

        @Override
        public void backward() {
            S dOut = gradients.get(0);
            S dIn = gradients.get(1);
            step.clearState(dOut);
            for (int t = steps - 1; t >= 0; t--) {
                step.backward(t, activations.get(t), dOut, dIn);
                S swap = dOut;
                dOut = dIn;
                dIn = swap;
            }
        }

        @Override
        public long peakBytes() {
            return activations.bytes() + gradients.bytes();
        }
    }
}
