package org.l2l4j.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Wall-clock timing of a {@link BenchCase}: warm-up runs (at least {@code warmup}, and more until
 * {@code warmupSeconds} have passed and a run went by in which the JIT finished no compilation, up to
 * {@link #MAX_EXTRA_WARMUP} more; none at all when neither is asked for), then {@code repeats} timed runs. The median is the reported number; the
 * minimum shows how noisy the machine was. The JVM heap's peak ({@link HeapPeak}) is taken over the timed
 * runs, from a collection after the warm-up.
 *
 * <p>Waiting for the JIT matters for the Vector API: until C2 has compiled a kernel method, its vector
 * operations run as the API's Java fallbacks (tens of times slower), and a few runs of a long unroll do
 * not always get there, least of all on a busy machine.
 */
record Timing(int warmup, double warmupSeconds, int repeats) {

    /** Warm-up runs beyond the minimum while the JIT is still compiling. */
    static final int MAX_EXTRA_WARMUP = 20;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    Timing {
        if (warmup < 0 || repeats < 1 || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("timing needs warmup >= 0, repeats >= 1, warm-up seconds >= 0; got "
                    + warmup + ", " + repeats + ", " + warmupSeconds);
        }
    }

    /** Milliseconds of each timed run, and the JVM heap's peak bytes during them. */
    record Sample(double[] millis, long heapPeakBytes) {

        Sample {
            if (millis.length == 0) {
                throw new IllegalArgumentException("a sample has at least one time");
            }
            millis = millis.clone();
        }

        double median() {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        double min() {
            return Arrays.stream(millis).min().orElseThrow();
        }

        int size() {
            return millis.length;
        }
    }

    /** Total time the JIT has spent compiling, or a constant where the JVM does not tell. */
    private static long compilationMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    Sample measure(BenchCase c) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        boolean compiling = true;
        // No warm-up asked for (tests of the plumbing): no waiting for the JIT either.
        boolean awaitJit = warmup > 0 || warmupSeconds > 0;
        for (int i = 0; i < warmup || System.nanoTime() < warmupEnd
                || awaitJit && compiling && i < warmup + MAX_EXTRA_WARMUP; i++) {
            long compiled = compilationMillis();
            c.beforeRun();
            c.run();
            compiling = compilationMillis() != compiled;
        }
        c.startTimedRuns();
        System.gc(); // the heap peak counts the timed runs' garbage, not the warm-up's
        HeapPeak.reset();
        double[] millis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            c.beforeRun();
            long start = System.nanoTime();
            c.run();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        return new Sample(millis, HeapPeak.bytes());
    }
}
