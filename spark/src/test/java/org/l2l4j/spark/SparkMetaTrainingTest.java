package org.l2l4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.cli.Main;

/**
 * {@code l2l meta-train --spark local[2]}: the driver runs the single-machine trainer and the executors
 * (threads of this JVM here) unroll the meta-batch's tasks, and the optimizer file it writes is the one the
 * single-machine run writes, byte for byte.
 */
class SparkMetaTrainingTest {

    /**
     * Three tasks over two partitions (a partition of two tasks, one of one); the single machine's kernel
     * runs 2 threads, the executors' 1.
     */
    static final List<String> RUN = List.of("meta-train", "--problem", "quadratic:dim=3,batch=4", "--steps", "20",
            "--unroll", "5", "--epochs", "3", "--optimizees-per-step", "3", "--validate-every", "1",
            "--validation-seeds", "2", "--calibration-seeds", "2", "--threads", "2", "--seed", "7", "--random-scale", "0.5");

    @TempDir
    Path tmp;

    /** Runs {@code l2l} in this JVM; returns its stderr after checking the exit code. */
    static String l2l(int exitCode, List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(exitCode, code, err.toString());
        return err.toString();
    }

    static void l2l(List<String> args, String... more) {
        l2l(0, args, more);
    }

    @Test
    void localSparkWritesTheSingleMachineFileByteForByte() throws IOException {
        Path single = tmp.resolve("single.l2l");
        Path spark = tmp.resolve("spark.l2l");
        l2l(RUN, "--out", single.toString());
        l2l(RUN, "--out", spark.toString(), "--spark", "local[2]");
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(spark));
    }

    @Test
    void aMasterSparkDoesNotKnowIsAOneLineUsageErrorAndWritesNothing() {
        Path out = tmp.resolve("never.l2l");
        String err = l2l(2, RUN, "--out", out.toString(), "--spark", "local[two]");
        assertEquals(List.of("l2l meta-train: --spark: 'local[two]' is not a Spark master; give local[N],"
                + " local-cluster[N,cores,MB] or spark://host:port (see 'l2l meta-train --help')"), err.lines().toList());
        assertFalse(Files.exists(out));
    }
}
