package org.l2l4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one benchmark run measures and how long it times each case.
 *
 * @param only          benchmark names to run; empty runs all
 * @param sizes         n of the step benchmarks
 * @param kernelThreads thread counts of our LSTM kernel to measure
 * @param nd4jThreads   ND4J thread counts (libnd4j and BLAS) for the nd4j-ops step and the unrolls' optimizees;
 *                      empty keeps ND4J's own setting
 * @param stepTiming    timing of one step
 * @param unrollTiming  timing of one unroll
 * @param longUnroll    whether to run the long unrolls: K = 100 on MNIST and the conv net's (seconds each)
 * @param peer          the PyTorch peer, or null to skip it
 * @param peerRepeats   repetitions the peer times (its lstm_step.py takes at least 20)
 * @param seed          seed of the inputs, weights and optimizees
 */
record BenchPlan(
        Set<String> only,
        List<Integer> sizes,
        List<Integer> kernelThreads,
        List<Integer> nd4jThreads,
        Timing stepTiming,
        Timing unrollTiming,
        boolean longUnroll,
        PeerSettings peer,
        int peerRepeats,
        long seed) {

    /** The benchmarks a run can contain, in the order they run. */
    static final List<String> BENCHES = List.of("step_fwd", "step_fwdbwd", "step_adam", "step_rmsprop",
            "unroll_mnist", "unroll_mnist_ckpt", "unroll_mnist_full", "unroll_mnist_k100", "unroll_mnist_k100_ckpt", "unroll_cnn",
            "unroll_cnn_full", "unroll_k100_plan", "unroll_k100_ckpt_plan");

    /**
     * Where the peer is and how to run it.
     *
     * @param directory    the shared peer's directory (steps, MNIST unroll)
     * @param cnnDirectory this repository's conv-net peer, {@code benchmarks/peer}
     */
    record PeerSettings(Path python, Path directory, Path cnnDirectory, int threads) {
    }

    BenchPlan {
        for (String name : only) {
            if (!BENCHES.contains(name)) {
                throw new IllegalArgumentException("unknown benchmark '" + name + "' in --only; valid: "
                        + String.join(", ", BENCHES));
            }
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new IllegalArgumentException("--n values must be >= 1, got " + n);
            }
        }
        if (kernelThreads.isEmpty() || kernelThreads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--threads values must be >= 1, got " + kernelThreads);
        }
        if (nd4jThreads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--nd4j-threads values must be >= 1, got " + nd4jThreads);
        }
        only = Set.copyOf(only);
        sizes = List.copyOf(sizes);
        kernelThreads = List.copyOf(kernelThreads);
        nd4jThreads = List.copyOf(nd4jThreads);
    }

    boolean runs(String bench) {
        return only.isEmpty() || only.contains(bench);
    }
}
