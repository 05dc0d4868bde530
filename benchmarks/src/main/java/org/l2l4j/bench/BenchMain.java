package org.l2l4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.optimizee.Problems;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code l2l bench}: runs the benchmarks, prints the table and the ratios, optionally writes the records
 * as JSON and runs the PyTorch peer in the same go. {@code l2l bench --jmh [JMH options]} runs the same
 * cases under the JMH harness instead.
 *
 * <p>Exit codes: 0 success, 2 bad usage (one line naming the flag), 1 any other failure.
 */
@Command(name = "l2l bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times the learned optimizer's step, forward + backward and meta-training unroll against an"
                + " ND4J-ops formulation, our Adam and RMSprop, and (--peer) the PyTorch peer, on this machine. Prints a"
                + " table (ms, coordinates/s, GFLOP/s, memory) and the ratios of the speed goals, with the load average at"
                + " start and end (a run started above 1.5 is marked busy)."
                + " 'l2l bench --jmh [JMH options]' runs the same cases under JMH.")
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Short run to check the machinery: n = 16000 and 100000, fewer repeats, no K = 100 or conv-net unrolls.")
    boolean quick;

    @Option(names = "--peer", description = "Also run the PyTorch peers: the shared one (steps, MNIST unroll) and benchmarks/peer (conv-net unroll); skipped, with a message, where PyTorch is not installed.")
    boolean peer;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the records to FILE as JSON: {machine, load_start, load_end, busy, records: [...]}.")
    Path json;

    @Option(names = "--threads", split = ",", paramLabel = "T", description = "Threads of our LSTM kernel to measure (default: 1,2).")
    List<Integer> kernelThreads = List.of(1, 2);

    @Option(names = "--nd4j-threads", split = ",", paramLabel = "T",
            description = "ND4J threads (libnd4j and BLAS) for the nd4j-ops step and the unrolls' optimizees (default: ND4J's own setting, from OMP_NUM_THREADS).")
    List<Integer> nd4jThreads = List.of();

    @Option(names = "--n", split = ",", paramLabel = "N", description = "Coordinates of the step benchmarks (default: 16000,100000,1000000; --quick: 16000,100000).")
    List<Integer> sizes;

    @Option(names = "--only", split = ",", paramLabel = "BENCH", description = "Run only these benchmarks: ${COMPLETION-CANDIDATES}.",
            completionCandidates = BenchNames.class)
    Set<String> only = Set.of();

    @Option(names = "--peer-dir", paramLabel = "DIR",
            description = "The PyTorch peer's directory (default: shared/peers/pytorch in the nearest directory above the project root that has one, i.e. ../shared/peers/pytorch).")
    Path peerDir;

    @Option(names = "--python", paramLabel = "FILE", description = "Python interpreter with PyTorch (default: ${DEFAULT-VALUE}).")
    Path python = Path.of("/usr/bin/python3");

    @Option(names = "--peer-threads", paramLabel = "T", description = "THREADS for the peer (default: ${DEFAULT-VALUE}, its README's setting).")
    int peerThreads = 2;

    @Option(names = "--seed", description = "Seed of inputs, weights and optimizees (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    private static final Path PEER_PATH = Path.of("shared", "peers", "pytorch");
    /** The conv-net peer, in this repository. */
    private static final Path CNN_PEER_PATH = Path.of("benchmarks", "peer");

    /** Names for --only's help. */
    static final class BenchNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchPlan.BENCHES.iterator();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, given) -> {
            err.println("l2l bench: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ")
                    + " (see 'l2l bench --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                err.println("l2l bench: " + e.getMessage());
                return 2;
            }
            if ("1".equals(System.getenv("L2L_DEBUG"))) {
                e.printStackTrace(err);
            }
            err.println("l2l bench: failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (L2L_DEBUG=1 shows the stack trace)");
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getErr();
        BenchPlan plan = plan();
        Machine before = Machine.now();
        log.println("l2l bench: " + before.describe());
        if (before.busy()) {
            log.printf(Locale.ROOT, "l2l bench: WARNING: load average %.2f > %.1f: the machine is busy; times will be slow and noisy%n",
                    before.load1(), Machine.QUIET_LOAD);
        }
        List<BenchRecord> records = new BenchSuite(plan, Problems::parse, log).run();
        Machine after = Machine.now();

        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + before.describe());
        out.printf(Locale.ROOT, "# load average at start %.2f, at end %.2f%s%n", before.load1(), after.load1(),
                before.busy() ? String.format(Locale.ROOT, "; BUSY: started above %.1f, times are slow and noisy,"
                        + " only ratios within this run mean much", Machine.QUIET_LOAD) : "");
        new ReportTable(records, out).print();
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFiles.write(json, mapper.writeValueAsBytes(BenchReport.of(before, after, records)));
            log.println("l2l bench: wrote " + records.size() + " records to " + json);
        }
        return 0;
    }

    private BenchPlan plan() {
        List<Integer> ns = sizes != null ? sizes : quick ? List.of(16_000, 100_000) : List.of(16_000, 100_000, 1_000_000);
        Timing step = quick ? new Timing(3, 0.5, 7) : new Timing(5, 2.0, 20);
        Timing unroll = quick ? new Timing(2, 0, 3) : new Timing(3, 0, 10);
        BenchPlan.PeerSettings peerSettings = peer
                ? new BenchPlan.PeerSettings(python, peerDirectory(), projectRoot().resolve(CNN_PEER_PATH), peerThreads)
                : null;
        return new BenchPlan(only, ns, kernelThreads, nd4jThreads, step, unroll, !quick, peerSettings, 20, seed);
    }

    /**
     * --peer-dir, else {@code shared/peers/pytorch} in the nearest directory above the project root that
     * has one ({@code ../shared/peers/pytorch} for the main checkout, one level further up for a worktree).
     */
    private Path peerDirectory() {
        if (peerDir != null) {
            if (!Files.isDirectory(peerDir)) {
                throw new IllegalArgumentException("--peer-dir " + peerDir + " is not a directory");
            }
            return peerDir;
        }
        Path root = projectRoot();
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(PEER_PATH);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return root.resolveSibling(PEER_PATH);
    }

    /** The project's root: where {@code ./l2l} runs from. */
    private static Path projectRoot() {
        return Path.of(System.getProperty("l2l.home", ".")).toAbsolutePath().normalize();
    }
}
