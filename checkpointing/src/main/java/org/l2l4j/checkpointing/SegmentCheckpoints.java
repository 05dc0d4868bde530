package org.l2l4j.checkpointing;

/**
 * Keeps the state entering steps 0, k, 2k, ... during the live pass. The backward pass walks the
 * segments from last to first: it copies a segment's checkpoint, replays the segment's steps storing
 * their activations (at most k at a time), and backpropagates through them.
 */
final class SegmentCheckpoints implements BackpropMemory {

    private final int segment;

    SegmentCheckpoints(int segment) {
        if (segment < 1) {
            throw new IllegalArgumentException("checkpoint segment length must be >= 1, got " + segment);
        }
        this.segment = segment;
    }

    @Override
    public <S, A> Unroll<S, A> start(ReplayableStep<S, A> step, int steps) {
        return new Run<>(step, steps, segment);
    }

    @Override
    public long peakBytes(int steps, long stateBytes, long activationBytes) {
        int segments = Math.floorDiv(steps + segment - 1, segment);
        int longest = Math.min(segment, steps);
        // checkpoints + two replay states + two state gradients + one segment's activations
        return (segments + 4L) * stateBytes + longest * activationBytes;
    }

    @Override
    public String describe() {
        return "checkpointed(k=" + segment + ")";
    }

    private static final class Run<S, A> implements Unroll<S, A> {
        private final ReplayableStep<S, A> step;
        private final int steps;
        private final int segment;
        private final BufferPool<S> checkpoints;
        private final BufferPool<S> work;
        private final BufferPool<A> activations;

        Run(ReplayableStep<S, A> step, int steps, int segment) {
            this.step = step;
            this.steps = steps;
            this.segment = segment;
            this.checkpoints = new BufferPool<>(step::newState, step.stateBytes());
            this.work = new BufferPool<>(step::newState, step.stateBytes());
            this.activations = new BufferPool<>(step::newActivations, step.activationBytes());
        }

        @Override
        public A enter(int t, S stateIn) {
            if (t % segment == 0) {
                step.copyState(stateIn, checkpoints.get(t / segment));
            }
            return null;
        }

        @Override
        public void backward() {
            S in = work.get(0);
            S out = work.get(1);
            S dOut = work.get(2);
            S dIn = work.get(3);
            step.clearState(dOut);
            int lastSegment = (steps - 1) / segment;
            for (int s = lastSegment; s >= 0; s--) {
                int start = s * segment;
                int end = Math.min(steps, start + segment);
                step.copyState(checkpoints.get(s), in);
                for (int t = start; t < end; t++) {
                    step.replay(t, in, out, activations.get(t - start));
                    S swap = in;
                    in = out;
                    out = swap;
                }
                for (int t = end - 1; t >= start; t--) {
                    step.backward(t, activations.get(t - start), dOut, dIn);
                    S swap = dOut;
                    dOut = dIn;
                    dIn = swap;
                }
            }
        }

        @Override
        public long peakBytes() {
            return checkpoints.bytes() + work.bytes() + activations.bytes();
        }
    }
}
