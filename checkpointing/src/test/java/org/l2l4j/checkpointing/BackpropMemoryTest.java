package org.l2l4j.checkpointing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackpropMemoryTest {

    /**
     * s_{t+1} = tanh(a ⊙ s_t + x_t) on n coordinates with L = Σ_t ⟨c_t, s_{t+1}⟩; the parameter is
     * the vector a. Counts replays so tests can see the recomputation.
     */
    static final class TanhRecurrence implements ReplayableStep<double[], double[][]> {
        final int n;
        final double[] a;
        final double[][] x;
        final double[][] c;
        final double[] gradA;
        int replays;

        TanhRecurrence(int n, int steps, long seed) {
            Random rnd = new Random(seed);
            this.n = n;
            a = new double[n];
            x = new double[steps][n];
            c = new double[steps][n];
            gradA = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextGaussian();
            }
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    x[t][i] = rnd.nextGaussian();
                    c[t][i] = rnd.nextGaussian();
                }
            }
        }

        public double[] newState() { return new double[n]; }
        public double[][] newActivations() { return new double[2][n]; }
        public void copyState(double[] from, double[] to) { System.arraycopy(from, 0, to, 0, n); }
        public void clearState(double[] s) { java.util.Arrays.fill(s, 0); }
        public long stateBytes() { return 8L * n; }
        public long activationBytes() { return 16L * n; }

        void forward(int t, double[] in, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = Math.tanh(a[i] * in[i] + x[t][i]);
            }
        }

        public void replay(int t, double[] in, double[] out, double[][] acts) {
            replays++;
            forward(t, in, out);
            System.arraycopy(in, 0, acts[0], 0, n);
            System.arraycopy(out, 0, acts[1], 0, n);
        }

        public void backward(int t, double[][] acts, double[] dOut, double[] dIn) {
            for (int i = 0; i < n; i++) {
                double dPre = (dOut[i] + c[t][i]) * (1 - acts[1][i] * acts[1][i]);
                gradA[i] += dPre * acts[0][i];
                dIn[i] = dPre * a[i];
            }
        }

        double loss(double[] s0) {
            double[] s = s0.clone();
            double[] next = new double[n];
            double loss = 0;
            for (int t = 0; t < x.length; t++) {
                forward(t, s, next);
                for (int i = 0; i < n; i++) {
                    loss += c[t][i] * next[i];
                }
                System.arraycopy(next, 0, s, 0, n);
            }
            return loss;
        }

        /** The live pass as a trainer runs it: the step's own forward, activations only where asked. */
        void run(BackpropMemory.Unroll<double[], double[][]> unroll, double[] s0) {
            double[] s = s0.clone();
            double[] next = new double[n];
            for (int t = 0; t < x.length; t++) {
                double[][] acts = unroll.enter(t, s);
                if (acts != null) {
                    replay(t, s, next, acts);
                    replays--; // a live step, not a replay
                } else {
                    forward(t, s, next);
                }
                System.arraycopy(next, 0, s, 0, n);
            }
            unroll.backward();
        }
    }

    private static double[] initialState(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 0.1 * (i % 7) - 0.3;
        }
        return s;
    }

    @ParameterizedTest(name = "K={0}, k={1}")
    @CsvSource({"10,3", "10,5", "10,1", "10,10", "10,16", "7,2", "1,1"})
    void checkpointedGradientEqualsStoreAllAndFiniteDifference(int steps, int segment) {
        int n = 6;
        double[] s0 = initialState(n);
        TanhRecurrence all = new TanhRecurrence(n, steps, 42);
        all.run(BackpropMemory.storeAll().start(all, steps), s0);
        assertEquals(0, all.replays, "store-all replays nothing");

        TanhRecurrence ckpt = new TanhRecurrence(n, steps, 42);
        ckpt.run(BackpropMemory.checkpointed(segment).start(ckpt, steps), s0);
        assertEquals(steps, ckpt.replays, "checkpointing replays every step exactly once");
        // Same operations in the same order on the same inputs: bit-identical.
        assertArrayEquals(all.gradA, ckpt.gradA, 0.0);

        // Central differences in float64; h = 1e-6 gives truncation ~1e-12 and rounding ~1e-10.
        for (int i = 0; i < n; i++) {
            double keep = all.a[i];
            all.a[i] = keep + 1e-6;
            double up = all.loss(s0);
            all.a[i] = keep - 1e-6;
            double down = all.loss(s0);
            all.a[i] = keep;
            assertEquals((up - down) / 2e-6, all.gradA[i], 1e-7);
        }
    }

    @ParameterizedTest(name = "K={0}, k={1}")
    @CsvSource({"100,10", "20,5", "20,3", "7,3"})
    void countedPeakBytesMatchThePlanAndCheckpointingHoldsLess(int steps, int segment) {
        int n = 50;
        TanhRecurrence r = new TanhRecurrence(n, steps, 1);
        BackpropMemory.Unroll<double[], double[][]> storeAll = BackpropMemory.storeAll().start(r, steps);
        r.run(storeAll, initialState(n));
        BackpropMemory.Unroll<double[], double[][]> ckpt = BackpropMemory.checkpointed(segment).start(r, steps);
        r.run(ckpt, initialState(n));

        assertEquals(BackpropMemory.storeAll().peakBytes(steps, r.stateBytes(), r.activationBytes()), storeAll.peakBytes());
        assertEquals(BackpropMemory.checkpointed(segment).peakBytes(steps, r.stateBytes(), r.activationBytes()), ckpt.peakBytes());
        assertTrue(ckpt.peakBytes() < storeAll.peakBytes());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "4,2", "20,5", "100,10", "101,11"})
    void defaultSegmentIsCeilingOfSquareRoot(int steps, int expected) {
        assertEquals(expected, BackpropMemory.defaultSegment(steps));
    }
}
