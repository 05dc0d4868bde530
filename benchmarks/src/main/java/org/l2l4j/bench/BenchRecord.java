package org.l2l4j.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of the results, as written to {@code --json}: which benchmark, who ran it, at how many
 * coordinates, the median time of one run and, where measured, the memory peak. Rates are derived from
 * the median; fields that do not apply are left out of the JSON.
 *
 * @param steps     optimizer steps per run (K for an unroll)
 * @param peakBytes bytes counted by the case (BPTT buffers of an unroll), or null
 * @param heapPeakBytes  the JVM heap's peak during the timed runs (see {@link HeapPeak}), or null
 * @param optimizeeShare share of the timed runs' time in the optimizee's loss-and-gradient calls, or null
 * @param gflops    counted flops per second in units of 10<sup>9</sup> (see {@link LstmFlops}), or null
 * @param detail    free text: kernel, BLAS, peer version, what was planned rather than run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchRecord(
        @JsonProperty("bench") String bench,
        @JsonProperty("impl") String impl,
        @JsonProperty("n") int n,
        @JsonProperty("steps") int steps,
        @JsonProperty("ms_median") Double msMedian,
        @JsonProperty("ms_min") Double msMin,
        @JsonProperty("repeats") Integer repeats,
        @JsonProperty("peak_bytes") Long peakBytes,
        @JsonProperty("heap_peak_bytes") Long heapPeakBytes,
        @JsonProperty("optimizee_share") Double optimizeeShare,
        @JsonProperty("gflops") Double gflops,
        @JsonProperty("coords_per_s") Double coordsPerSecond,
        @JsonProperty("threads") String threads,
        @JsonProperty("detail") String detail) {

    /** A timed row: rates from the median time; {@code msMin} may be null when not reported. */
    static BenchRecord timed(Workload w, double msMedian, Double msMin, int repeats, Long peakBytes, String detail) {
        return timed(w, msMedian, msMin, repeats, peakBytes, null, null, detail);
    }

    /** A timed row with the heap peak and the optimizee's share of the time, each null when not measured. */
    static BenchRecord timed(Workload w, double msMedian, Double msMin, int repeats, Long peakBytes, Long heapPeakBytes,
                             Double optimizeeShare, String detail) {
        double seconds = msMedian / 1e3;
        Double gflops = Double.isNaN(w.flops()) ? null : w.flops() / seconds / 1e9;
        return new BenchRecord(w.bench(), w.impl(), w.n(), w.steps(), msMedian, msMin, repeats, peakBytes, heapPeakBytes,
                optimizeeShare, gflops,
                (double) w.n() * w.steps() / seconds, w.threads(), detail);
    }

    /** A memory row computed without running (no time). */
    static BenchRecord planned(String bench, String impl, int n, int steps, long peakBytes, String detail) {
        return new BenchRecord(bench, impl, n, steps, null, null, null, peakBytes, null, null, null, null, null, detail);
    }
}
