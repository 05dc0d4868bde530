package org.l2l4j.bench;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Prints the records as a table (ms, coordinates per second, GFLOP/s, counted memory, JVM heap peak, the
 * optimizee's share of the time) and then the ratios the
 * project's speed goals are stated in, each marked met, missed or not measured. Ratios compare records
 * of one run; for each of our thread settings separately, against the nd4j-ops baseline at its best
 * thread count and against the peer.
 */
final class ReportTable {

    /** Goals at n ≥ this many coordinates. */
    static final int GOAL_MIN_N = 100_000;
    /** The kernel forward's rate goal: 60% of the 2-core machine's FMA peak of about 157 GFLOP/s (issue 21). */
    static final double GFLOPS_GOAL = 94.0;
    /** How many times faster than the PyTorch peer each unroll is to be (issue goals), in report order. */
    private static final List<PeerGoal> PEER_UNROLL_GOALS = List.of(new PeerGoal("unroll_mnist", 3.0),
            new PeerGoal("unroll_cnn", 2.0));

    private record PeerGoal(String bench, double times) {
    }

    private final List<BenchRecord> records;
    private final PrintWriter out;

    ReportTable(List<BenchRecord> records, PrintWriter out) {
        this.records = records;
        this.out = out;
    }

    void print() {
        out.printf(Locale.ROOT, "%-22s %-9s %-17s %9s %5s %11s %11s %12s %8s %10s %8s %8s%n", "bench", "impl", "threads",
                "n", "K", "ms median", "ms min", "coord/s", "GFLOP/s", "peak MB", "heap MB", "optee %");
        for (BenchRecord r : records) {
            out.printf(Locale.ROOT, "%-22s %-9s %-17s %9d %5d %11s %11s %12s %8s %10s %8s %8s%n", r.bench(), r.impl(),
                    r.threads() == null ? "-" : r.threads(), r.n(), r.steps(), millis(r.msMedian()),
                    millis(r.msMin()), number(r.coordsPerSecond(), "%.3g"), number(r.gflops(), "%.1f"),
                    megabytes(r.peakBytes()), megabytes(r.heapPeakBytes()),
                    number(r.optimizeeShare() == null ? null : 100 * r.optimizeeShare(), "%.1f"));
        }
        out.println();
        out.println("Ratios (same run; x = how many times faster or smaller we are):");
        stepRatios();
        unrollRatios();
        memoryRatios();
    }

    private void stepRatios() {
        for (BenchRecord ours : select(r -> r.impl().equals("l2l4j") && r.bench().equals("step_fwd"))) {
            boolean goal = ours.n() >= GOAL_MIN_N;
            String at = "step_fwd n=" + ours.n() + " " + ours.threads();
            speedup(at + ": pytorch / l2l4j", peer("step_fwd", ours.n()), ours, goal ? 5.0 : Double.NaN);
            speedup(at + ": nd4j-ops (best threads) / l2l4j", fastest("nd4j-ops", "step_fwd", ours.n()), ours,
                    goal ? 4.0 : Double.NaN);
            double gflops = ours.gflops();
            line(at + ": GFLOP/s", gflops, goal ? GFLOPS_GOAL : Double.NaN, true);
        }
        for (BenchRecord ours : select(r -> r.impl().equals("l2l4j") && r.bench().equals("step_fwdbwd"))) {
            speedup("step_fwdbwd n=" + ours.n() + " " + ours.threads() + ": pytorch / l2l4j",
                    peer("step_fwdbwd", ours.n()), ours, 5.0);
        }
    }

    private void unrollRatios() {
        for (PeerGoal goal : PEER_UNROLL_GOALS) {
            for (BenchRecord ours : select(r -> r.impl().equals("l2l4j") && r.bench().equals(goal.bench()))) {
                speedup(goal.bench() + " " + ours.threads() + ": pytorch / l2l4j", peer(goal.bench(), ours.n()), ours,
                        goal.times());
            }
        }
        for (String pair : List.of("unroll_mnist", "unroll_mnist_k100")) {
            for (BenchRecord storeAll : select(r -> r.impl().equals("l2l4j") && r.bench().equals(pair))) {
                Optional<BenchRecord> ckpt = records.stream().filter(r -> r.bench().equals(pair + "_ckpt")
                        && r.threads().equals(storeAll.threads())).findFirst();
                if (ckpt.isPresent()) {
                    double timeRatio = ckpt.get().msMedian() / storeAll.msMedian();
                    line(pair + " " + storeAll.threads() + ": time checkpointed / store-all", timeRatio, 1.35, false);
                    line(pair + " " + storeAll.threads() + ": memory store-all / checkpointed",
                            (double) storeAll.peakBytes() / ckpt.get().peakBytes(), Double.NaN, true);
                }
            }
        }
    }

    private void memoryRatios() {
        Optional<BenchRecord> all = first(r -> r.bench().equals("unroll_k100_plan"));
        Optional<BenchRecord> ckpt = first(r -> r.bench().equals("unroll_k100_ckpt_plan"));
        if (all.isPresent() && ckpt.isPresent()) {
            line("K=100 unroll n=" + all.get().n() + ": memory store-all / checkpointed ("
                    + mb(all.get().peakBytes()) + " / " + mb(ckpt.get().peakBytes()) + ")",
                    (double) all.get().peakBytes() / ckpt.get().peakBytes(), 4.0, true);
        }
    }

    private void speedup(String what, Optional<BenchRecord> other, BenchRecord ours, double goal) {
        if (other.isEmpty()) {
            out.printf(Locale.ROOT, "  %-66s %9s%s%n", what, "-", goalText(goal, true) + " (not measured)");
            return;
        }
        line(what, other.get().msMedian() / ours.msMedian(), goal, true);
    }

    /** Prints one ratio; with a goal, whether it is met ({@code atLeast}: ratio ≥ goal, else ratio ≤ goal). */
    private void line(String what, double value, double goal, boolean atLeast) {
        String verdict = "";
        if (!Double.isNaN(goal)) {
            boolean met = atLeast ? value >= goal : value <= goal;
            verdict = goalText(goal, atLeast) + (met ? " met" : " MISSED");
        }
        out.printf(Locale.ROOT, "  %-66s %9.2f%s%n", what, value, verdict);
    }

    private static String goalText(double goal, boolean atLeast) {
        return Double.isNaN(goal) ? "" : String.format(Locale.ROOT, "   goal %s %.2f:", atLeast ? ">=" : "<=", goal);
    }

    private Optional<BenchRecord> peer(String bench, int n) {
        return first(r -> r.impl().equals("pytorch") && r.bench().equals(bench) && r.n() == n);
    }

    private Optional<BenchRecord> fastest(String impl, String bench, int n) {
        return records.stream().filter(r -> r.impl().equals(impl) && r.bench().equals(bench) && r.n() == n)
                .min(Comparator.comparingDouble(BenchRecord::msMedian));
    }

    private List<BenchRecord> select(Predicate<BenchRecord> p) {
        return records.stream().filter(p).toList();
    }

    private Optional<BenchRecord> first(Predicate<BenchRecord> p) {
        return records.stream().filter(p).findFirst();
    }

    private static String number(Double v, String format) {
        return v == null ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String millis(Double ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, ms >= 0.1 ? "%.3f" : "%.2e", ms);
    }

    private static String megabytes(Long bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
