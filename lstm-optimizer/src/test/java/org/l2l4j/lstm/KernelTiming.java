package org.l2l4j.lstm;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times one LSTM optimizer step at several n: forward without activations (applying a trained
 * optimizer), forward storing activations, and backward. Medians over repetitions after warm-up.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH org.l2l4j.lstm.KernelTiming \
 *      [n,n,...=16000,100000,1000000] [threads=2] [reps=20] [kernel=best|plain|vector]
 * </pre>
 * GFLOP/s counts 2 flops per multiply-add of the matrix products only (activations not counted).
 */
public final class KernelTiming {

    private KernelTiming() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "16000,100000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String kind = args.length > 3 ? args[3] : "best";
        LstmKernel kernel = switch (kind) {
            case "plain" -> Kernels.plain(threads);
            case "vector" -> Kernels.vector(threads);
            default -> LstmKernel.create(threads);
        };
        LstmConfig config = LstmConfig.defaults();
        System.out.println("# kernel " + kernel.description() + ", java " + System.getProperty("java.version")
                + ", config " + config);
        for (int n : sizes) {
            run(kernel, config, n, reps);
        }
    }

    /** Flops of the matrix products of one forward step, per coordinate. */
    static long forwardFlops(LstmConfig c) {
        long f = 2L * c.hidden();
        for (int l = 0; l < c.layers(); l++) {
            f += 2L * 4 * c.hidden() * (c.inputs(l) + c.hidden());
        }
        return f;
    }

    /** Backward: dφ (as many as the forward), W_h^T·dz for every layer and W_x^T·dz above layer 0. */
    static long backwardFlops(LstmConfig c) {
        long f = forwardFlops(c) + 2L * c.hidden();
        for (int l = 0; l < c.layers(); l++) {
            f += 2L * 4 * c.hidden() * c.hidden() + (l > 0 ? 2L * 4 * c.hidden() * c.inputs(l) : 0);
        }
        return f;
    }

    private static void run(LstmKernel kernel, LstmConfig config, int n, int reps) {
        LstmWeights w = LstmWeights.initial(config, 1);
        float[] gradient = TestData.gradients(n, 2);
        LstmState in = TestData.state(config, n, 3);
        LstmState out = LstmState.zeros(config, n);
        float[] update = new float[n];
        StepActivations acts = StepActivations.allocate(config, n);
        float[] dUpdate = TestData.normal(n, 1, 4);
        LstmState dOut = TestData.state(config, n, 5);
        LstmState dIn = LstmState.zeros(config, n);
        float[] dWeights = new float[config.parameterCount()];
        int warmup = Math.max(3, (int) Math.min(50, 2_000_000L / n));
        double[] fwd = new double[reps];
        double[] fwdActs = new double[reps];
        double[] bwd = new double[reps];
        for (int r = -warmup; r < reps; r++) {
            long t0 = System.nanoTime();
            kernel.forward(w, gradient, in, out, update, null);
            long t1 = System.nanoTime();
            kernel.forward(w, gradient, in, out, update, acts);
            long t2 = System.nanoTime();
            kernel.backward(w, acts, dUpdate, dOut, dIn, dWeights);
            long t3 = System.nanoTime();
            if (r >= 0) {
                fwd[r] = (t1 - t0) / 1e6;
                fwdActs[r] = (t2 - t1) / 1e6;
                bwd[r] = (t3 - t2) / 1e6;
            }
        }
        double f = median(fwd);
        double fa = median(fwdActs);
        double b = median(bwd);
        System.out.printf(Locale.ROOT, "n=%d  fwd %.3f ms (%.1f GFLOP/s)  fwd+acts %.3f ms  bwd %.3f ms (%.1f GFLOP/s)"
                        + "  fwd+acts+bwd %.3f ms  bwd/fwd+acts %.2f  reps %d warmup %d%n",
                n, f, forwardFlops(config) * n / f / 1e6, fa, b, backwardFlops(config) * n / b / 1e6, fa + b,
                b / fa, reps, warmup);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
