package org.l2l4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Three tasks over two partitions: a partition of two tasks, one of one. */
    static final List<String> RUN = List.of("meta-train", "--problem", "quadratic:dim=3,batch=4", "--steps", "20",
            "--unroll", "5", "--epochs", "3", "--optimizees-per-step", "3", "--validate-every", "1",
            "--validation-seeds", "2", "--calibration-seeds", "2", "--threads", "1", "--seed", "7", "--random-scale", "0.5");

    @TempDir
    Path tmp;

    static void l2l(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
    }

    @Test
    void localSparkWritesTheSingleMachineFileByteForByte() throws IOException {
        Path single = tmp.resolve("single.l2l");
        Path spark = tmp.resolve("spark.l2l");
        l2l(RUN, "--out", single.toString());
        l2l(RUN, "--out", spark.toString(), "--spark", "local[2]");
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(spark));
    }
}
