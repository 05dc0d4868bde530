package org.l2l4j.bench;

import java.util.Arrays;

/**
 * Wall-clock timing of a {@link BenchCase}: warm-up runs (at least {@code warmup}, and more until
 * {@code warmupSeconds} have passed, so that the JIT has compiled the hot loops), then {@code repeats}
 * timed runs. The median is the reported number; the minimum shows how noisy the machine was.
 */
record Timing(int warmup, double warmupSeconds, int repeats) {

    Timing {
        if (warmup < 0 || repeats < 1 || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("timing needs warmup >= 0, repeats >= 1, warm-up seconds >= 0; got "
                    + warmup + ", " + repeats + ", " + warmupSeconds);
        }
    }

    /** Milliseconds of each timed run. */
    record Sample(double[] millis) {

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

    Sample measure(BenchCase c) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmupEnd; i++) {
            c.beforeRun();
            c.run();
        }
        double[] millis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            c.beforeRun();
            long start = System.nanoTime();
            c.run();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        return new Sample(millis);
    }
}
