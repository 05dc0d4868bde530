package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.io.PrintWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTableTest {

    private static BenchRecord timed(String bench, String impl, int n, double ms, double flops, String threads, Long peak) {
        return BenchRecord.timed(new Workload(bench, impl, n, 1, flops, threads), ms, ms, 10, peak, "");
    }

    private static String print(List<BenchRecord> records) {
        StringWriter text = new StringWriter();
        new ReportTable(records, new PrintWriter(text, true)).print();
        return text.toString();
    }

    private static String lineWith(String text, String fragment) {
        return text.lines().filter(l -> l.contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + fragment + "' in\n" + text));
    }

    /** 100 ms vs the peer's 600 ms is 6x (goal 5x met); vs nd4j-ops' best 300 ms is 3x (goal 4x missed). */
    @Test
    void stepRatiosAreMarkedMetOrMissedAgainstTheGoals() {
        String text = print(List.of(
                timed("step_fwd", "l2l4j", 100_000, 100, 100_000 * 9960.0, "kernel=2", null),
                timed("step_fwd", "nd4j-ops", 100_000, 400, Double.NaN, "nd4j=1", null),
                timed("step_fwd", "nd4j-ops", 100_000, 300, Double.NaN, "nd4j=2", null),
                timed("step_fwd", "pytorch", 100_000, 600, Double.NaN, "torch=2", null)));
        String peer = lineWith(text, "step_fwd n=100000 kernel=2: pytorch / l2l4j");
        assertTrue(peer.contains("6.00") && peer.contains(">= 5.00: met"), peer);
        String nd4j = lineWith(text, "nd4j-ops (best threads) / l2l4j");
        assertTrue(nd4j.contains("3.00") && nd4j.contains(">= 4.00: MISSED"), nd4j);
        String gflops = lineWith(text, "kernel=2: GFLOP/s");
        assertTrue(gflops.contains("9.96") && gflops.contains(">= 94.00: MISSED"), gflops);
    }

    @Test
    void checkpointingRatiosCompareTimeAndMemoryOfTheSameThreads() {
        String text = print(List.of(
                timed("unroll_mnist", "l2l4j", 15910, 100, Double.NaN, "kernel=2 nd4j=1", 1000L),
                timed("unroll_mnist_ckpt", "l2l4j", 15910, 120, Double.NaN, "kernel=2 nd4j=1", 250L),
                BenchRecord.planned("unroll_k100_plan", "l2l4j", 1_000_000, 100, 9_000, ""),
                BenchRecord.planned("unroll_k100_ckpt_plan", "l2l4j", 1_000_000, 100, 1_000, "")));
        String time = lineWith(text, "time checkpointed / store-all");
        assertTrue(time.contains("1.20") && time.contains("<= 1.35: met"), time);
        String memory = lineWith(text, "K=100 unroll n=1000000: memory");
        assertTrue(memory.contains("9.00") && memory.contains(">= 4.00: met"), memory);
    }

    /** The conv-net unroll against the peer's: 1,000 ms against 1,500 ms is 1.5x, short of the 2x goal. */
    @Test
    void convNetUnrollIsComparedWithThePeersOfTheSameN() {
        String text = print(List.of(
                timed("unroll_cnn", "l2l4j", 5746, 1000, Double.NaN, "kernel=2 nd4j=1", 10L),
                timed("unroll_cnn", "pytorch", 5746, 1500, Double.NaN, "torch=2 openblas=1", null)));
        String ratio = lineWith(text, "unroll_cnn kernel=2 nd4j=1: pytorch / l2l4j");
        assertTrue(ratio.contains("1.50") && ratio.contains(">= 2.00: MISSED"), ratio);
    }

    @Test
    void aMissingPeerIsReportedAsNotMeasured() {
        String text = print(List.of(timed("unroll_mnist", "l2l4j", 15910, 100, Double.NaN, "kernel=1 nd4j=1", 10L)));
        assertTrue(lineWith(text, "unroll_mnist kernel=1 nd4j=1: pytorch / l2l4j").contains("not measured"), text);
    }
}
