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
 * The PyTorch peer run as a child process on the same machine in the same go: the project's shared peer
 * ({@code shared/peers/pytorch}, see its README), {@code lstm_step.py} for the step benchmarks and
 * {@code l2l.py bench-unroll} for the MNIST unroll, and this repository's {@code benchmarks/peer/cnn_unroll.py
 * bench-unroll} for the conv-net unroll; their JSON lines become {@link BenchRecord}s with impl {@code pytorch}.
 *
 * <p>The peer runs in its documented configuration: {@code THREADS} torch threads and its own
 * {@code OMP_NUM_THREADS}/{@code OPENBLAS_NUM_THREADS} defaults (our launcher's {@code OMP_NUM_THREADS}
 * is not passed on).
 */
final class PytorchPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The peer's scripts, each with the benchmarks it times and whether it is the shared peer's or ours. */
    enum Script {
        STEP("lstm_step.py", "step_fwd, step_fwdbwd", true),
        MNIST_UNROLL("l2l.py", "unroll_mnist", true),
        CNN_UNROLL("cnn_unroll.py", "unroll_cnn", false);

        final String file;
        final String benches;
        final boolean shared;

        Script(String file, String benches, boolean shared) {
            this.file = file;
            this.benches = benches;
            this.shared = shared;
        }
    }

    private final Path python;
    private final Path sharedDirectory;
    private final Path cnnDirectory;
    private final int threads;
    private final PrintWriter log;

    /**
     * @param sharedDirectory the shared peer's directory
     * @param cnnDirectory    the directory of this repository's conv-net peer ({@code benchmarks/peer})
     */
    PytorchPeer(Path python, Path sharedDirectory, Path cnnDirectory, int threads, PrintWriter log) {
        if (threads < 1) {
            throw new IllegalArgumentException("--peer-threads must be >= 1, got " + threads);
        }
        this.python = python;
        this.sharedDirectory = sharedDirectory;
        this.cnnDirectory = cnnDirectory;
        this.threads = threads;
        this.log = log;
    }

    /** Why {@code script} is not here, or null if it is. */
    String missing(Script script) {
        Path directory = directory(script);
        if (Files.isRegularFile(directory.resolve(script.file))) {
            return null;
        }
        return "no " + script.file + " in " + directory.toAbsolutePath().normalize()
                + (script.shared ? " (set --peer-dir)" : " (this repository's benchmarks/peer)");
    }

    private Path directory(Script script) {
        return script.shared ? sharedDirectory : cnnDirectory;
    }

    /** Why no peer script can run here, or null if they can: no interpreter, or no torch. */
    String unavailableReason() {
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
        for (JsonNode line : run(Script.STEP, List.of("--n", nList, "--reps", String.valueOf(repeats),
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
        JsonNode line = unrollLine(Script.MNIST_UNROLL, List.of("--problem", "mnist"), unroll, repeats, warmup);
        return record("unroll_mnist", line.get("n_params").asInt(), line.get("unroll").asInt(),
                line.get("ms_median").asDouble(), line.get("ms_min").asDouble(), line.get("repeats").asInt(), Double.NaN,
                threadText(line), detail(line) + ", meta_grad=" + line.get("meta_grad").asText());
    }

    /**
     * {@code unroll_cnn}: one K-step first-order meta-training unroll on the default conv net, with the share
     * of its time in the conv net's loss and gradient and its time per phase.
     */
    BenchRecord cnnUnroll(int unroll, int repeats, int warmup) {
        JsonNode line = unrollLine(Script.CNN_UNROLL, List.of(), unroll, repeats, warmup);
        List<String> phases = new ArrayList<>();
        line.path("phase_ms").fields().forEachRemaining(p -> phases.add(p.getKey() + " " + p.getValue().asText() + " ms"));
        Workload w = new Workload("unroll_cnn", "pytorch", line.get("n_params").asInt(), line.get("unroll").asInt(),
                Double.NaN, threadText(line));
        return BenchRecord.timed(w, line.get("ms_median").asDouble(), line.get("ms_min").asDouble(),
                line.get("repeats").asInt(), null, null, line.get("optimizee_share").asDouble(),
                detail(line) + ", meta_grad=" + line.get("meta_grad").asText() + ", batch " + line.get("batch").asInt()
                        + ", mkldnn " + line.path("mkldnn").asText("?") + ", per unroll: " + String.join(", ", phases));
    }

    private JsonNode unrollLine(Script script, List<String> options, int unroll, int repeats, int warmup) {
        List<String> arguments = new ArrayList<>(List.of("bench-unroll"));
        arguments.addAll(options);
        arguments.addAll(List.of("--unroll", String.valueOf(unroll), "--repeats", String.valueOf(repeats),
                "--warmup", String.valueOf(warmup)));
        List<JsonNode> lines = run(script, arguments);
        if (lines.size() != 1) {
            throw new IllegalStateException(script.file + " bench-unroll printed " + lines.size() + " JSON lines, expected 1");
        }
        return lines.get(0);
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

    /** Runs a peer script in its directory, echoes its non-JSON output to the log, and returns its JSON lines. */
    private List<JsonNode> run(Script script, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(python.toString());
        command.add(script.file);
        command.addAll(arguments);
        Path directory = directory(script);
        log.println("peer: THREADS=" + threads + " (in " + directory + ") " + String.join(" ", command));
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
