package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer runner against a stand-in interpreter that prints what the real peer scripts print. */
class PytorchPeerTest {

    @TempDir
    Path dir;

    private final StringWriter logText = new StringWriter();
    private final PrintWriter log = new PrintWriter(logText, true);

    /**
     * A fake python: {@code -c} exits with {@code torchExit}; a script prints its canned output and where it ran;
     * THREADS is echoed. The shared peer's scripts are in {@code dir}, the conv-net peer's in {@code dir/cnn}.
     */
    private Path fakePython(int torchExit) throws IOException {
        Files.writeString(dir.resolve("lstm_step.py"), "");
        Files.writeString(dir.resolve("l2l.py"), "");
        Files.createDirectories(dir.resolve("cnn"));
        Files.writeString(dir.resolve("cnn").resolve("cnn_unroll.py"), "");
        Path python = dir.resolve("python");
        Files.writeString(python, """
                #!/bin/sh
                if [ "$1" = "-c" ]; then echo "ModuleNotFoundError: No module named 'torch'"; exit %d; fi
                echo "threads $THREADS omp ${OMP_NUM_THREADS:-unset}"
                echo "$1 ran in $(basename "$PWD")"
                if [ "$1" = "lstm_step.py" ]; then
                  echo '{"impl": "pytorch", "n": 16000, "fwd_ms": 11.0, "fwdbwd_ms": 19.4, "fwdbwd_states_ms": 22.7, "fwd_min_ms": 10.5, "fwdbwd_min_ms": 18.9, "reps": 20, "warmup": 3, "threads": 2, "openblas_threads": "1", "blas": "openblas", "torch": "1.13.1"}'
                elif [ "$1" = "cnn_unroll.py" ]; then
                  echo '{"impl": "pytorch", "problem": "cnn", "n_params": 5746, "unroll": 20, "batch": 128, "ms_median": 600.0, "ms_min": 520.0, "repeats": 10, "warmup": 3, "meta_grad": "suffix", "optimizee_share": 0.75, "phase_ms": {"lstm_forward": 90.0, "optimizee": 450.0, "meta_backward": 60.0, "meta_step": 1.0}, "threads": 2, "openblas_threads": "1", "blas": "openblas", "mkldnn": true, "torch": "1.13.1"}'
                else
                  echo '{"impl": "pytorch", "problem": "mnist", "n_params": 15910, "unroll": 20, "ms_median": 473.0, "ms_min": 425.0, "repeats": 10, "warmup": 3, "meta_grad": "autograd", "threads": 2, "openblas_threads": "1", "blas": "openblas", "torch": "1.13.1"}'
                fi
                """.formatted(torchExit));
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        return python;
    }

    @Test
    void peerJsonLinesBecomeRecords() throws IOException {
        PytorchPeer peer = new PytorchPeer(fakePython(0), dir, dir.resolve("cnn"), 2, log);
        assertNull(peer.unavailableReason());

        List<BenchRecord> steps = peer.steps(List.of(16000), 20, 3);
        assertEquals(List.of("step_fwd", "step_fwdbwd", "step_fwdbwd_states"), steps.stream().map(BenchRecord::bench).toList());
        BenchRecord fwd = steps.get(0);
        assertEquals("pytorch", fwd.impl());
        assertEquals(16000, fwd.n());
        assertEquals(11.0, fwd.msMedian());
        assertEquals(10.5, fwd.msMin());
        // 16,000 coordinates x 9,960 flops in 11 ms
        assertEquals(16000 * 9960 / 0.011 / 1e9, fwd.gflops(), 1e-9);
        assertNull(steps.get(1).gflops(), "the peer's weights-only backward is not the counted work");

        BenchRecord unroll = peer.mnistUnroll(20, 10, 3);
        assertEquals("unroll_mnist", unroll.bench());
        assertEquals(15910, unroll.n());
        assertEquals(20, unroll.steps());
        assertEquals(473.0, unroll.msMedian());

        String output = logText.toString();
        assertTrue(output.contains("threads 2 omp unset"), "THREADS passed on, our OMP_NUM_THREADS not: " + output);
    }

    @Test
    void convNetUnrollRunsInItsOwnDirectoryAndRecordsTheOptimizeesShare() throws IOException {
        PytorchPeer peer = new PytorchPeer(fakePython(0), dir, dir.resolve("cnn"), 2, log);

        BenchRecord unroll = peer.cnnUnroll(20, 10, 3);
        assertEquals("unroll_cnn", unroll.bench());
        assertEquals("pytorch", unroll.impl());
        assertEquals(5746, unroll.n());
        assertEquals(20, unroll.steps());
        assertEquals(600.0, unroll.msMedian());
        assertEquals(520.0, unroll.msMin());
        assertEquals(0.75, unroll.optimizeeShare());
        assertTrue(unroll.detail().contains("meta_grad=suffix") && unroll.detail().contains("optimizee 450.0 ms"),
                unroll.detail());
        assertTrue(logText.toString().contains("cnn_unroll.py ran in cnn"), logText.toString());
    }

    @Test
    void missingTorchIsAReasonToSkip() throws IOException {
        String reason = new PytorchPeer(fakePython(1), dir, dir.resolve("cnn"), 2, log).unavailableReason();
        assertTrue(reason.contains("PyTorch is not installed"), reason);
        assertTrue(reason.contains("apt-get install -y python3-torch"), reason);
    }

    @Test
    void eachMissingScriptIsAReasonToSkipItsBenchmarksOnly() throws IOException {
        PytorchPeer noShared = new PytorchPeer(fakePython(0), dir.resolve("nowhere"), dir.resolve("cnn"), 2, log);
        String reason = noShared.missing(PytorchPeer.Script.STEP);
        assertTrue(reason.contains("no lstm_step.py in") && reason.contains("--peer-dir"), reason);
        assertNull(noShared.missing(PytorchPeer.Script.CNN_UNROLL));

        PytorchPeer noCnn = new PytorchPeer(fakePython(0), dir, dir.resolve("nowhere"), 2, log);
        assertNull(noCnn.missing(PytorchPeer.Script.MNIST_UNROLL));
        assertTrue(noCnn.missing(PytorchPeer.Script.CNN_UNROLL).contains("no cnn_unroll.py in"));
    }
}
