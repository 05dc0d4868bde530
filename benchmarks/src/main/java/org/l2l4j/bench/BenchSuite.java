package org.l2l4j.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.meta.train.MetaGradient;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmWeights;

/**
 * Runs the benchmarks of a {@link BenchPlan} one case at a time (warm-up, timed repeats, median) and
 * returns one {@link BenchRecord} per case. Progress goes to {@code log}.
 */
final class BenchSuite {

    /** Unroll length K of the MNIST and conv-net meta-training unrolls, as in training and the peer's bench-unroll. */
    static final int UNROLL = 20;
    /** The long unroll whose memory the checkpointing goal is about. */
    static final int LONG_UNROLL = 100;
    /** n of the planned (counted, not allocated) K = 100 memory rows. */
    static final int PLANNED_N = 1_000_000;

    private final BenchPlan plan;
    private final Function<String, Problem> problems;
    private final PrintWriter log;
    private final Map<Integer, LstmKernel> kernels = new TreeMap<>();
    private final List<BenchRecord> records = new ArrayList<>();
    private List<Integer> nd4jThreads;

    /** @param problems parses a problem spec ({@code mnist}, {@code cnn}) into the problem an unroll runs on */
    BenchSuite(BenchPlan plan, Function<String, Problem> problems, PrintWriter log) {
        this.plan = plan;
        this.problems = problems;
        this.log = log;
    }

    /** Runs the plan; the peer's step and unroll benchmarks run right after ours, so both see the same machine. */
    List<BenchRecord> run() {
        records.clear();
        PytorchPeer peer = availablePeer();
        int nd4jStart = Nd4jThreads.current();
        nd4jThreads = plan.nd4jThreads().isEmpty() ? List.of(nd4jStart) : plan.nd4jThreads();
        try {
            steps();
            if ((plan.runs("step_fwd") || plan.runs("step_fwdbwd")) && peerHas(peer, PytorchPeer.Script.STEP)) {
                records.addAll(peer.steps(plan.sizes(), plan.peerRepeats(), plan.stepTiming().warmup()));
            }
            unrolls();
            Timing unrollTiming = plan.unrollTiming();
            if (plan.runs("unroll_mnist") && peerHas(peer, PytorchPeer.Script.MNIST_UNROLL)) {
                records.add(peer.mnistUnroll(UNROLL, unrollTiming.repeats(), unrollTiming.warmup()));
            }
            if (plan.longUnroll() && plan.runs("unroll_cnn") && peerHas(peer, PytorchPeer.Script.CNN_UNROLL)) {
                records.add(peer.cnnUnroll(UNROLL, unrollTiming.repeats(), unrollTiming.warmup()));
            }
            plannedMemory();
        } finally {
            Nd4jThreads.set(nd4jStart);
            kernels.values().forEach(LstmKernel::close);
            kernels.clear();
        }
        return List.copyOf(records);
    }

    /** The peer, or null when the plan has none or it cannot run here (then says why). */
    private PytorchPeer availablePeer() {
        if (plan.peer() == null) {
            return null;
        }
        BenchPlan.PeerSettings settings = plan.peer();
        PytorchPeer peer = new PytorchPeer(settings.python(), settings.directory(), settings.cnnDirectory(),
                settings.threads(), log);
        String reason = peer.unavailableReason();
        if (reason != null) {
            log.println("PyTorch peer skipped: " + reason);
            return null;
        }
        return peer;
    }

    /** Whether there is a peer and it has {@code script} (if not, says which benchmarks it skips and why). */
    private boolean peerHas(PytorchPeer peer, PytorchPeer.Script script) {
        if (peer == null) {
            return false;
        }
        String missing = peer.missing(script);
        if (missing != null) {
            log.println("PyTorch peer skipped for " + script.benches + ": " + missing);
        }
        return missing == null;
    }

    private void steps() {
        for (int n : plan.sizes()) {
            if (plan.runs("step_fwd")) {
                for (int t : plan.kernelThreads()) {
                    measure(LstmStep.forward(kernel(t), t, n, plan.seed()), plan.stepTiming(), kernel(t).description());
                }
                LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), plan.seed());
                float[] gradients = new RandomInputs(plan.seed()).gradients(n);
                for (int d : nd4jThreads) {
                    Nd4jThreads.set(d);
                    measure(new Nd4jLstmStep(weights, gradients, n, "nd4j=" + d), plan.stepTiming(),
                            "BLAS " + Nd4jThreads.blas());
                }
            }
            if (plan.runs("step_fwdbwd")) {
                for (int t : plan.kernelThreads()) {
                    measure(LstmStep.forwardBackward(kernel(t), t, n, plan.seed()), plan.stepTiming(),
                            kernel(t).description());
                }
            }
            for (String rule : List.of("adam", "rmsprop")) {
                if (plan.runs("step_" + rule)) {
                    measure(RuleStep.of(rule, n, plan.seed()), plan.stepTiming(), "single-threaded Java loop");
                }
            }
        }
    }

    private void unrolls() {
        List<UnrollSpec> specs = new ArrayList<>(List.of(
                new UnrollSpec("unroll_mnist", "mnist", UNROLL, 0, MetaGradient.FIRST_ORDER),
                new UnrollSpec("unroll_mnist_ckpt", "mnist", UNROLL, BackpropMemory.defaultSegment(UNROLL), MetaGradient.FIRST_ORDER),
                new UnrollSpec("unroll_mnist_full", "mnist", UNROLL, 0, MetaGradient.FULL)));
        if (plan.longUnroll()) {
            specs.add(new UnrollSpec("unroll_mnist_k100", "mnist", LONG_UNROLL, 0, MetaGradient.FIRST_ORDER));
            specs.add(new UnrollSpec("unroll_mnist_k100_ckpt", "mnist", LONG_UNROLL, BackpropMemory.defaultSegment(LONG_UNROLL),
                    MetaGradient.FIRST_ORDER));
            specs.add(new UnrollSpec("unroll_cnn", "cnn", UNROLL, 0, MetaGradient.FIRST_ORDER));
            specs.add(new UnrollSpec("unroll_cnn_full", "cnn", UNROLL, 0, MetaGradient.FULL));
        }
        specs.removeIf(s -> !plan.runs(s.bench()));
        Map<String, Problem> parsed = new TreeMap<>();
        for (int d : nd4jThreads) {
            Nd4jThreads.set(d);
            for (int t : plan.kernelThreads()) {
                for (UnrollSpec s : specs) {
                    Problem problem = parsed.computeIfAbsent(s.problem(), problems);
                    int n = problem.sample(0).dimension();
                    String scheme = s.segment() == 0 ? "store-all" : "checkpointed(k=" + s.segment() + ")";
                    measure(new MetaUnroll(s.bench(), problem, n, s.steps(), s.segment(), s.metaGradient(), kernel(t),
                            "kernel=" + t + " nd4j=" + d, plan.seed()), plan.unrollTiming(),
                            problem.spec() + ", " + scheme + ", " + s.metaGradient() + " meta-gradient, "
                                    + kernel(t).description());
                }
            }
        }
    }

    /** One unroll case: its name, the problem spec it runs on, K, the checkpoint segment (0: store all), the meta-gradient. */
    private record UnrollSpec(String bench, String problem, int steps, int segment, MetaGradient metaGradient) {
    }

    /** The K = 100 unroll at n = 10⁶: BPTT bytes of both schemes, counted without allocating them. */
    private void plannedMemory() {
        if (plan.runs("unroll_k100_plan")) {
            records.add(BenchRecord.planned("unroll_k100_plan", "l2l4j", PLANNED_N, LONG_UNROLL,
                    MetaUnroll.plannedPeakBytes(PLANNED_N, LONG_UNROLL, 0), "store-all, counted without allocating"));
        }
        if (plan.runs("unroll_k100_ckpt_plan")) {
            int segment = BackpropMemory.defaultSegment(LONG_UNROLL);
            records.add(BenchRecord.planned("unroll_k100_ckpt_plan", "l2l4j", PLANNED_N, LONG_UNROLL,
                    MetaUnroll.plannedPeakBytes(PLANNED_N, LONG_UNROLL, segment),
                    "checkpointed(k=" + segment + "), counted without allocating"));
        }
    }

    private LstmKernel kernel(int threads) {
        return kernels.computeIfAbsent(threads, LstmKernel::create);
    }

    private void measure(BenchCase c, Timing timing, String detail) {
        Workload w = c.workload();
        try (c) {
            System.gc(); // the previous case's buffers go now, not during this one's timing
            Timing.Sample sample = timing.measure(c);
            Long peak = c.peakBytes().isPresent() ? c.peakBytes().getAsLong() : null;
            Double share = c.optimizeeShare().isPresent() ? c.optimizeeShare().getAsDouble() : null;
            BenchRecord r = BenchRecord.timed(w, sample.median(), sample.min(), sample.size(), peak,
                    sample.heapPeakBytes(), share, detail);
            log.printf("%-22s %-8s n=%-8d %-16s %10.3f ms (min %.3f)%n", w.bench(), w.impl(), w.n(), w.threads(),
                    r.msMedian(), r.msMin());
            records.add(r);
        }
    }
}
