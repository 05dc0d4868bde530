package org.l2l4j.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code --json} writes: the rows, with the machine and its load average (1, 5 and 15 minutes, from
 * {@code /proc/loadavg}) when the run started and when it ended. A run that started above a 1-minute load
 * of {@link Machine#QUIET_LOAD} is marked {@code busy}: other processes shared the cores, so its times are
 * slow and noisy, and only ratios within it mean much.
 */
record BenchReport(
        @JsonProperty("machine") String machine,
        @JsonProperty("load_start") double[] loadStart,
        @JsonProperty("load_end") double[] loadEnd,
        @JsonProperty("busy") boolean busy,
        @JsonProperty("records") List<BenchRecord> records) {

    static BenchReport of(Machine before, Machine after, List<BenchRecord> records) {
        return new BenchReport(before.describe(), before.loads(), after.loads(), before.busy(), records);
    }
}
