package org.l2l4j.lstm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times one LSTM optimizer step at several n: forward without activations (applying a trained
 * optimizer), forward storing activations, and backward. Medians over repetitions after warm-up.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH org.l2l4j.lstm.KernelTiming \
 *      [n,n,...=16000,100000,1000000] [threads=2] [reps=20] [kernel=best|plain|vector] [inputs=log-sign|adam]
 * </pre>
 * {@code adam} times the paper's 2 × 20 LSTM with RNNprop's Adam-normalised inputs instead of log/sign.
 * GFLOP/s counts 2 flops per multiply-add of the matrix products only (activations not counted).
 * Besides wall-clock medians it prints the process CPU time per step divided by the thread count
 * ("cpu/thread"): on a machine shared with other jobs that is the better estimate of the uncontended
 * wall time.
 */
public final class KernelTiming {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static int threads;

    private KernelTiming() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "16000,100000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String kind = args.length > 3 ? args[3] : "best";
        LstmKernel kernel = switch (kind) {
            case "plain" -> Kernels.plain(threads);
            case "vector" -> Kernels.vector(threads);
            default -> LstmKernel.create(threads);
        };
        LstmConfig config = args.length > 4 && args[4].equals("adam")
                ? new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1) : LstmConfig.defaults();
        System.out.println("# kernel " + kernel.description() + ", java " + System.getProperty("java.version")
                + ", config " + config);
        POOL = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("lstm-"))
                .toArray(Thread[]::new);
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
        double[][] wall = new double[3][reps];
        double[][] cpu = new double[3][reps];
        Runnable[] phases = {
            () -> kernel.forward(w, gradient, in, out, update, null),
            () -> kernel.forward(w, gradient, in, out, update, acts),
            () -> kernel.backward(w, acts, dUpdate, dOut, dIn, dWeights),
        };
        for (int r = -warmup; r < reps; r++) {
            for (int p = 0; p < phases.length; p++) {
                long c0 = kernelCpuTime();
                long t0 = System.nanoTime();
                phases[p].run();
                long t1 = System.nanoTime();
                long c1 = kernelCpuTime();
                if (r >= 0) {
                    wall[p][r] = (t1 - t0) / 1e6;
                    cpu[p][r] = (c1 - c0) / 1e6 / threads;
                }
            }
        }
        double f = median(wall[0]);
        double fc = median(cpu[0]);
        double fa = median(wall[1]);
        double b = median(wall[2]);
        double bc = median(cpu[2]);
        System.out.printf(Locale.ROOT, "n=%d  fwd %.2f ms (%.1f GFLOP/s; cpu/thread %.2f ms = %.1f GFLOP/s)"
                        + "  fwd+acts %.2f ms (cpu/thread %.2f)  bwd %.2f ms (%.1f GFLOP/s; cpu/thread %.2f ms = %.1f GFLOP/s)"
                        + "  fwd+acts+bwd %.2f ms (cpu/thread %.2f)  reps %d warmup %d%n",
                n, f, gflops(forwardFlops(config), n, f), fc, gflops(forwardFlops(config), n, fc), fa,
                median(cpu[1]), b, gflops(backwardFlops(config), n, b), bc, gflops(backwardFlops(config), n, bc),
                fa + b, median(cpu[1]) + bc, reps, warmup);
    }

    /** CPU time of the calling thread and the kernel's pool threads, in ns. */
    private static long kernelCpuTime() {
        long sum = CPU.getCurrentThreadCpuTime();
        for (Thread t : POOL) {
            sum += CPU.getThreadCpuTime(t.getId());
        }
        return sum;
    }

    private static Thread[] POOL = new Thread[0];

    private static double gflops(long flopsPerCoordinate, int n, double ms) {
        return flopsPerCoordinate * (double) n / ms / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
