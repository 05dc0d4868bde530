package org.l2l4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.l2l4j.lstm.LstmConfig;

/**
 * The PyTorch peer ({@code shared/peers/pytorch}, see its README) run as a child process on the same
 * machine in the same go: {@code lstm_step.py} for the step benchmarks and {@code l2l.py bench-unroll}
 * for the MNIST unroll; their JSON lines become {@link BenchRecord}s with impl {@code pytorch}.
 *
 * <p>The peer runs in its documented configuration: {@code THREADS} torch threads and its own
 * {@code OMP_NUM_THREADS}/{@code OPENBLAS_NUM_THREADS} defaults (our launcher's {@code OMP_NUM_THREADS}
 * is not passed on).
 */
final class PytorchPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path python;
    private final Path directory;
    private final int threads;
    private final PrintWriter log;

    PytorchPeer(Path python, Path directory, int threads, PrintWriter log) {
        if (threads < 1) {
            throw new IllegalArgumentException("--peer-threads must be >= 1, got " + threads);
        }
        this.python = python;
        this.directory = directory;
        this.threads = threads;
        this.log = log;
    }

    /** Why the peer cannot run here, or null if it can: missing scripts, interpreter or torch. */
    String unavailableReason() {
        for (String script : List.of("lstm_step.py", "l2l.py")) {
            if (!Files.isRegularFile(directory.resolve(script))) {
                return "no " + script + " in " + directory.toAbsolutePath().normalize() + " (set --peer-dir)";
            }
        }
        if (!Files.isExecutable(python)) {
            return python + " not found (set --python)";
        }
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                String last = output.isEmpty() ? "" : output.substring(output.lastIndexOf('\n') + 1);
                return "PyTorch is not installed for " + python + " (" + last
                        + "); see the peer's README: apt-get install -y python3-torch libopenblas0-pthread";
            }
        } catch (IOException e) {
            return "cannot start " + python + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for PyTorch";
        }
        return null;
    }

    /** {@code step_fwd}, {@code step_fwdbwd} and {@code step_fwdbwd_states} at each n. */
    List<BenchRecord> steps(List<Integer> ns, int repeats, int warmup) {
        String nList = ns.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<BenchRecord> records = new ArrayList<>();
        LstmConfig config = LstmConfig.defaults();
        for (JsonNode line : run(List.of("lstm_step.py", "--n", nList, "--reps", String.valueOf(repeats),
                "--warmup", String.valueOf(warmup)))) {
            int n = line.get("n").asInt();
            int reps = line.get("reps").asInt();
            String threadText = threadText(line);
            String detail = detail(line);
            records.add(record("step_fwd", n, 1, line.get("fwd_ms").asDouble(), line.get("fwd_min_ms").asDouble(), reps,
                    n * LstmFlops.forward(config), threadText, detail));
            // The peer's forward + backward forms the weight gradients only, less work than the counted step: no rate.
            records.add(record("step_fwdbwd", n, 1, line.get("fwdbwd_ms").asDouble(), line.get("fwdbwd_min_ms").asDouble(),
                    reps, Double.NaN, threadText, detail + ", weight gradients only"));
            records.add(record("step_fwdbwd_states", n, 1, line.get("fwdbwd_states_ms").asDouble(), null, reps,
                    n * LstmFlops.forwardBackward(config), threadText, detail + ", weight and state gradients"));
        }
        return records;
    }

    /** {@code unroll_mnist}: one K-step meta-training unroll on the default MNIST MLP. */
    BenchRecord mnistUnroll(int unroll, int repeats, int warmup) {
        List<JsonNode> lines = run(List.of("l2l.py", "bench-unroll", "--problem", "mnist", "--unroll",
                String.valueOf(unroll), "--repeats", String.valueOf(repeats), "--warmup", String.valueOf(warmup)));
        if (lines.size() != 1) {
            throw new IllegalStateException("l2l.py bench-unroll printed " + lines.size() + " JSON lines, expected 1");
        }
        JsonNode line = lines.get(0);
        return record("unroll_mnist", line.get("n_params").asInt(), line.get("unroll").asInt(),
                line.get("ms_median").asDouble(), line.get("ms_min").asDouble(), line.get("repeats").asInt(), Double.NaN,
                threadText(line), detail(line) + ", meta_grad=" + line.get("meta_grad").asText());
    }

    private static BenchRecord record(String bench, int n, int steps, double median, Double min, int reps, double flops,
                                      String threads, String detail) {
        return BenchRecord.timed(new Workload(bench, "pytorch", n, steps, flops, threads), median, min, reps, null, detail);
    }

    private static String threadText(JsonNode line) {
        return "torch=" + line.path("threads").asText("?") + " openblas=" + line.path("openblas_threads").asText("?");
    }

    private static String detail(JsonNode line) {
        String blas = line.path("blas").asText("?");
        return "torch " + line.path("torch").asText("?") + ", blas " + blas
                + ("openblas".equals(blas) ? "" : " (NOT openblas: the peer's README says this is far too slow)");
    }

    /** Runs a peer script, echoes its non-JSON output to the log, and returns its JSON lines. */
    private List<JsonNode> run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(python.toString());
        command.addAll(arguments);
        log.println("peer: THREADS=" + threads + " " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("OMP_NUM_THREADS");
        env.remove("OPENBLAS_NUM_THREADS");
        env.put("THREADS", String.valueOf(threads));
        List<JsonNode> json = new ArrayList<>();
        try {
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        json.add(JSON.readTree(line));
                    } else {
                        log.println("peer: " + line);
                    }
                }
            }
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException("the PyTorch peer failed (exit " + code + "): " + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running the PyTorch peer: " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the PyTorch peer", e);
        }
        return json;
    }
}
