package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.cli.MetaTrainCommandTest.metaTrain;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Absurd sizes are refused before anything is allocated (exit 2, one line naming the flag or key), never
 * an OutOfMemoryError, a NegativeArraySizeException or a silent hang. Memory bounds come from the JVM's
 * heap ({@link org.l2l4j.core.HeapBudget}), so the messages are matched up to the sizes.
 */
class SizeBoundsTest {

    private static final String TOO_LARGE = "more than the ";

    @TempDir
    Path tmp;

    /** A tuning evaluation of 3 steps on 2 seeds with {@code flagsAndValues} set. */
    private static String[] evaluate(String... flagsAndValues) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--optimizer", "adam", "--problem", "quadratic",
                "--steps", "3", "--seeds", "2", "--tuning-seeds", "1"));
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            options.put(flagsAndValues[i], flagsAndValues[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("evaluate"));
        options.forEach((f, v) -> args.addAll(List.of(f, v)));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--seeds | 2147483647 | --seeds: 2147483647 runs of 3 steps would need about",
        "--seeds | 100000000 | --seeds: 100000000 runs of 3 steps would need about",
        "--tuning-seeds | 2147483647 | --tuning-seeds: 2147483647 tuning seeds of",
        "--steps | 1000000000 | --steps: 1 curves of 1000000000 steps would need about",
        "--steps | 2147483647 | --steps: 1 curves of 2147483647 steps would need about",
        "--problem | quadratic:dim=2147483647 | --problem: problem spec 'quadratic:dim=2147483647': quadratic batch=128,"
            + " dim=2147483647 needs",
        "--problem | quadratic:dim=100000 | --problem: problem spec 'quadratic:dim=100000': quadratic batch=128,"
            + " dim=100000 needs",
        "--problem | mnist:layers=1000000 | --problem: problem spec 'mnist:layers=1000000': mnist hidden=20, layers=1000000",
        "--problem | quadratic:dim=4000,batch=64 | --problem: problem spec 'quadratic:dim=4000,batch=64': quadratic"
            + " batch=64, dim=4000 would need about"})
    void evaluateRefusesAbsurdSizesNamingTheFlag(String flag, String value, String message) {
        // far apart, so that many evaluation seeds do not reach the tuning seeds
        CliRun.l2l(evaluate(flag, value, "--seed", "0", "--tuning-seed", "3000000000"))
                .assertUsageError("l2l evaluate: " + message.split(" would")[0]);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--steps | 2147483647 | --steps: a trajectory of 2147483647 steps would need about",
        "--steps | 10000000 | --steps: with a base step the LSTM corrects on twice --steps",
        "--validation-seeds | 2147483647 | --validation-seeds: must be at most 100000",
        "--calibration-seeds | 100001 | --calibration-seeds: must be at most 100000",
        "--hidden | 1000000 | --hidden, --layers: LSTM too large",
        "--hidden | 4000 | --hidden: an LSTM of 2 layers of 4000 units",
        "--threads | 1000000 | --threads: 1000000 kernel threads, each with its share of the meta-gradient, would need",
        "--unroll | 1000000 | '--unroll, --checkpoint-every: BPTT through 1000000 steps of 12 coordinates would need'",
        "--problem | mnist:layers=1000000 | --problem:"})
    void metaTrainRefusesAbsurdSizesNamingTheFlag(String flag, String value, String message) {
        String[] args = "--unroll".equals(flag) ? metaTrain(flag, value, "--steps", "1000000", "--checkpoint-every", "0")
                : metaTrain(flag, value);
        CliRun.l2l(args).assertUsageError("l2l meta-train: " + message);
    }

    @Test
    void sizeRefusalsSayHowMuchMemoryAndTheBudget() {
        CliRun run = CliRun.l2l(evaluate("--seeds", "2147483647", "--lr", "0.1"));
        run.assertUsageError(TOO_LARGE, "(half the JVM's maximum heap, -Xmx)");
    }

    /** Threads cost their stacks: as many runs at once as seeds is bounded too. */
    @Test
    void evaluateBoundsTheThreadsItWouldStart() {
        CliRun.l2l(evaluate("--threads", "10000", "--seeds", "10000", "--lr", "0.1"))
                .assertUsageError("l2l evaluate: --threads: 10000 threads would need about");
        assertEquals(0, CliRun.l2l(evaluate("--threads", "1000000", "--lr", "0.1")).code(), "2 seeds start 2 threads");
    }

    /** An unroll longer than the trajectory is one unroll of the whole trajectory, and the run says so. */
    @Test
    void anUnrollLongerThanTheStepsIsReported() {
        CliRun run = CliRun.l2l(metaTrain("--unroll", "20", "--epochs", "1", "--calibration-seeds", "0",
                "--out", tmp.resolve("o.l2l").toString()));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("--unroll 20 is more than --steps 8: each trajectory is one unroll of 8 steps"),
                run.err());
    }

    /** A huge optimizer file (sparse, so the test writes nothing) is refused by its size before it is read. */
    @Test
    void anOptimizerFileTooLargeToReadIsRefusedByItsSize() throws IOException {
        Path big = tmp.resolve("big.l2l");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(3L << 30);
        }
        CliRun.l2l("evaluate", "--optimizer", big.toString(), "--problem", "quadratic")
                .assertUsageError("--optimizer: cannot load a learned optimizer from " + big,
                        "too large for an l2l4j LSTM optimizer file: reading its 3221225472 bytes would need about");
    }

    private static byte[] idx(int magic, int... header) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * header.length);
        b.putInt(magic);
        for (int h : header) {
            b.putInt(h);
        }
        return b.array();
    }

    /** IDX sets with no records or images of 0x0 pixels are refused under --data, naming the file. */
    @Test
    void idxFilesWithoutRecordsOrPixelsAreUsageErrors() throws IOException {
        for (int[] shape : new int[][] {{0, 28, 28}, {10, 0, 0}}) {
            Path dir = Files.createDirectories(tmp.resolve("mnist-" + shape[0] + "-" + shape[1]));
            for (String split : new String[] {"train", "t10k"}) {
                Files.write(dir.resolve(split + "-images-idx3-ubyte"), idx(2051, shape));
                Files.write(dir.resolve(split + "-labels-idx1-ubyte"), idx(2049, shape[0]));
            }
            CliRun.l2l("evaluate", "--optimizer", "adam", "--lr", "0.1", "--problem", "mnist",
                    "--data", dir.toString()).assertUsageError("--data: " + dir.resolve("train-images-idx3-ubyte"), shape[0] == 0 ? "image count 0" : "row count 0");
        }
    }
}
