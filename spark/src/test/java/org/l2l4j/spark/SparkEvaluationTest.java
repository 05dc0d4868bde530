package org.l2l4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;

/**
 * {@code l2l evaluate} and {@code l2l compare} with {@code --spark}: every evaluation seed and learning-rate
 * grid point is a Spark task, and the report files are the single-machine ones byte for byte, with the
 * executors threads of this JVM ({@code local[2]}) and separate JVMs ({@code local-cluster}, where every
 * problem spec, optimizer recipe and trajectory is serialised for real).
 */
class SparkEvaluationTest {

    private static final List<String> SEEDS = List.of("--problem", "quadratic:dim=3,batch=4", "--steps", "12",
            "--seeds", "3", "--tuning-seeds", "2");

    @TempDir
    Path tmp;

    /** A learned optimizer file: the default LSTM at its seeded initial weights. */
    private Path learned() throws IOException {
        Path file = tmp.resolve("learned.l2l");
        OptimizerFile.write(file, LstmWeights.initial(LstmConfig.defaults(), 5), "quadratic:dim=3,batch=4", Map.of());
        return file;
    }

    /** Runs {@code command} without and with {@code --spark master} and checks that every report file is the same. */
    private void assertSameReports(String master, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(SEEDS);
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        SparkMetaTrainingTest.l2l(args, "--out", single.toString());
        SparkMetaTrainingTest.l2l(args, "--out", spark.toString(), "--spark", master);
        for (String name : ReportFiles.NAMES) {
            Path file = single.resolve(name);
            if (Files.exists(file)) {
                assertArrayEquals(read(file), read(spark.resolve(name)), name);
            } else {
                assertFalse(Files.exists(spark.resolve(name)), name);
            }
        }
        assertTrue(Files.exists(spark.resolve("summary.json")));
    }

    @Test
    void evaluateOnLocalSparkWritesTheSingleMachineReportsByteForByte() throws IOException {
        assertSameReports("local[2]", "evaluate", "--optimizer", learned().toString(), "--scale-factor", "3");
        assertSameReports("local[2]", "evaluate", "--optimizer", "rmsprop");
    }

    /** The four baselines' searches and the learned optimizer, on two executor JVMs. */
    @Test
    void compareOnALocalClusterWritesTheSingleMachineReportsByteForByte() throws IOException {
        assertSameReports("local-cluster[2,1,1024]", "compare", "--optimizer", learned().toString());
    }

    /** The suite's quadratic row (its tuned baselines, adam-default and a learned optimizer), on two threads' executors. */
    @Test
    void suiteOnLocalSparkWritesTheSingleMachineSuiteByteForByte() throws IOException {
        List<String> args = List.of("suite", "--rows", "6", "--seeds", "2", "--tuning-seeds", "1", "--optimizer",
                learned().toString());
        Path single = tmp.resolve("suite-single");
        Path spark = tmp.resolve("suite-spark");
        SparkMetaTrainingTest.l2l(args, "--out", single.toString());
        SparkMetaTrainingTest.l2l(args, "--out", spark.toString(), "--spark", "local[2]");
        for (String name : List.of("suite.json", "suite.svg", "rows/6/summary.json", "rows/6/row.json")) {
            assertArrayEquals(read(single.resolve(name)), read(spark.resolve(name)), name);
        }
        String err = SparkMetaTrainingTest.l2l(2, args, "--out", tmp.resolve("never").toString(), "--spark", "local[two]");
        assertTrue(err.contains("--spark"), err); // the flag reaches Spark: a master it cannot parse is refused
        assertFalse(Files.exists(tmp.resolve("never").resolve("suite.json")));
    }

    @Test
    void aMasterSparkDoesNotKnowIsAOneLineUsageErrorAndWritesNothing() {
        Path out = tmp.resolve("never");
        String err = SparkMetaTrainingTest.l2l(2, List.of("evaluate", "--optimizer", "adam", "--problem", "quadratic",
                "--spark", "local[two]", "--out", out.toString()));
        assertEquals(List.of("l2l evaluate: --spark: 'local[two]' is not a Spark master; give local[N],"
                + " local-cluster[N,cores,MB] or spark://host:port (see 'l2l evaluate --help')"), err.lines().toList());
        assertFalse(Files.exists(out.resolve("summary.json")));
    }

    /** A hand-made rule travels by name and rate, so one with other hyper-parameters than {@link Baselines#create}'s is refused. */
    @Test
    void anOptimizerThatCannotBeDescribedIsRefusedByName() {
        Optimizer<?> adam = Baselines.adam(0.1, 0.5, 0.999, 1e-8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerRecipe.of(adam));
        assertTrue(e.getMessage().startsWith("cannot send adam(lr=0.1) to Spark executors"), e.getMessage());
        assertEquals(new OptimizerRecipe.Baseline("adam", 0.1), OptimizerRecipe.of(Baselines.create("adam", 0.1)));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
