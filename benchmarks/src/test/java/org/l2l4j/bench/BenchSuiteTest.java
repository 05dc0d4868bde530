package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizee.Problems;

class BenchSuiteTest {

    @TempDir
    Path dir;

    /** The tiny conv net that stands in for {@code cnn}, so that an unroll takes milliseconds. */
    private static BenchSuite suite(BenchPlan plan, StringWriter log) {
        return new BenchSuite(plan, spec -> Problems.parse(spec.equals("cnn") ? "cnn:channels=2,layers=1,batch=4" : spec),
                new PrintWriter(log, true));
    }

    /** Only {@code unroll_cnn}, with the peer of a fake python whose {@code import torch} exits {@code torchExit}. */
    private BenchPlan cnnPlanWithPeer(int torchExit) throws IOException {
        Path cnnPeer = Files.createDirectories(dir.resolve("peer"));
        Files.writeString(cnnPeer.resolve("cnn_unroll.py"), "");
        Path python = dir.resolve("python");
        Files.writeString(python, """
                #!/bin/sh
                if [ "$1" = "-c" ]; then echo "ModuleNotFoundError: No module named 'torch'"; exit %d; fi
                echo '{"impl": "pytorch", "problem": "cnn", "n_params": 5746, "unroll": 20, "batch": 128, "ms_median": 600.0, "ms_min": 520.0, "repeats": 2, "warmup": 0, "meta_grad": "suffix", "optimizee_share": 0.75, "phase_ms": {}, "threads": 2, "openblas_threads": "1", "blas": "openblas", "torch": "1.13.1"}'
                """.formatted(torchExit));
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        BenchPlan.PeerSettings peer = new BenchPlan.PeerSettings(python, dir.resolve("no-shared-peer"), cnnPeer, 2);
        return new BenchPlan(Set.of("unroll_cnn"), List.of(), List.of(1), List.of(), new Timing(0, 0, 1),
                new Timing(0, 0, 2), true, peer, 1, 1);
    }

    /** The conv-net peer is this repository's: it runs beside our unroll even where the shared peer is missing. */
    @Test
    void peersConvNetUnrollIsRecordedBesideOurs() throws IOException {
        StringWriter log = new StringWriter();
        List<BenchRecord> records = suite(cnnPlanWithPeer(0), log).run();

        assertEquals(List.of("l2l4j", "pytorch"), records.stream().map(BenchRecord::impl).toList(), log.toString());
        assertTrue(records.stream().allMatch(r -> r.bench().equals("unroll_cnn")), records.toString());
        assertEquals(600.0, records.get(1).msMedian());
    }

    @Test
    void withoutTorchThePeerIsSkippedWithOneLineAndOursStillRuns() throws IOException {
        StringWriter log = new StringWriter();
        List<BenchRecord> records = suite(cnnPlanWithPeer(1), log).run();

        assertEquals(List.of("l2l4j"), records.stream().map(BenchRecord::impl).toList());
        assertEquals(1, log.toString().lines().filter(l -> l.startsWith("PyTorch peer skipped: PyTorch is not installed"))
                .count(), log.toString());
    }

    /**
     * The conv-net unrolls, first-order and full, run on the spec {@code cnn} names (here a tiny conv net
     * stands in for it) and write records with the BPTT bytes, the JVM heap peak and the optimizee's share
     * of the time, a fraction.
     */
    @Test
    void cnnUnrollsWriteRecordsWithTheirMemoryAndTheOptimizeesShare() {
        BenchPlan plan = new BenchPlan(Set.of("unroll_cnn", "unroll_cnn_full"), List.of(), List.of(1), List.of(),
                new Timing(0, 0, 1), new Timing(0, 0, 2), true, null, 1, 1);
        List<BenchRecord> records = suite(plan, new StringWriter()).run();

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
