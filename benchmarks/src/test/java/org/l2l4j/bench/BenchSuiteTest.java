package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.l2l4j.optimizee.Problems;

class BenchSuiteTest {

    /**
     * The conv-net unrolls, first-order and full, run on the spec {@code cnn} names (here a tiny conv net
     * stands in for it) and write records with the BPTT bytes, the JVM heap peak and the optimizee's share
     * of the time, a fraction.
     */
    @Test
    void cnnUnrollsWriteRecordsWithTheirMemoryAndTheOptimizeesShare() {
        BenchPlan plan = new BenchPlan(Set.of("unroll_cnn", "unroll_cnn_full"), List.of(), List.of(1), List.of(),
                new Timing(0, 0, 1), new Timing(0, 0, 2), true, null, 1, 1);
        List<BenchRecord> records = new BenchSuite(plan,
                spec -> Problems.parse(spec.equals("cnn") ? "cnn:channels=2,layers=1,batch=4" : spec),
                new PrintWriter(new StringWriter())).run();

        assertEquals(List.of("unroll_cnn", "unroll_cnn_full"), records.stream().map(BenchRecord::bench).toList());
        for (BenchRecord r : records) {
            JsonNode json = new ObjectMapper().valueToTree(r);
            assertEquals(BenchSuite.UNROLL, json.get("steps").asInt(), json.toString());
            assertTrue(json.get("detail").asText().startsWith("cnn:channels=2"), json.toString());
            assertTrue(json.get("peak_bytes").asLong() > 0, json.toString());
            assertTrue(json.get("heap_peak_bytes").asLong() > 0, json.toString());
            double share = json.get("optimizee_share").asDouble();
            assertTrue(share > 0 && share < 1, json.toString());
        }
    }
}
