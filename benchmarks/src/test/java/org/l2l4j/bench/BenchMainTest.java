package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMainTest {

    @TempDir
    Path dir;

    /**
     * A small real run writes the documented format: the load average at start and end (1, 5, 15 minutes),
     * whether the run started busy, and the records {bench, impl, n, ms_median, ...}.
     */
    @Test
    void quickRunWritesJsonRecordsWithTheLoadAverages() throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        int code = BenchMain.execute(new String[] {"--quick", "--only", "step_adam,step_rmsprop,unroll_k100_plan",
                "--n", "1000", "--json", json.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        for (String load : new String[] {"load_start", "load_end"}) {
            assertEquals(3, report.get(load).size(), report.toString());
        }
        assertEquals(report.get("load_start").get(0).asDouble() > 1.5, report.get("busy").asBoolean(), report.toString());
        assertTrue(report.get("machine").asText().contains("cores"), report.toString());
        JsonNode records = report.get("records");
        assertTrue(records.isArray());
        assertEquals(3, records.size(), records.toString());
        JsonNode adam = records.get(0);
        assertEquals("step_adam", adam.get("bench").asText());
        assertEquals("l2l4j", adam.get("impl").asText());
        assertEquals(1000, adam.get("n").asInt());
        assertTrue(adam.get("ms_median").asDouble() > 0, adam.toString());
        assertFalse(adam.has("peak_bytes"), "no memory measured for a rule step: " + adam);
        JsonNode plan = records.get(2);
        assertEquals("unroll_k100_plan", plan.get("bench").asText());
        assertEquals(1_000_000, plan.get("n").asInt());
        assertTrue(plan.get("peak_bytes").asLong() > 0, plan.toString());
        assertFalse(plan.has("ms_median"), "a planned row has no time: " + plan);
    }

    @Test
    void badThreadCountIsAOneLineUsageError() {
        StringWriter err = new StringWriter();
        int code = BenchMain.execute(new String[] {"--threads", "0"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals("l2l bench: --threads values must be >= 1, got [0]", err.toString().strip());
    }

    @Test
    void unknownBenchmarkNamesTheValidOnes() {
        StringWriter err = new StringWriter();
        int code = BenchMain.execute(new String[] {"--only", "step_foo"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown benchmark 'step_foo' in --only; valid: step_fwd"), err.toString());
    }
}
