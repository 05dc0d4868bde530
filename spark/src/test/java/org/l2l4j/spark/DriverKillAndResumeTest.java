package org.l2l4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.cli.Main;

/**
 * The driver of {@code meta-train --spark local[2]}, a child JVM, killed with SIGKILL after its second
 * epoch and resumed from its checkpoint: the run ends with the optimizer file of an uninterrupted
 * single-machine run, byte for byte (as cli's KillAndResumeTest shows for one machine).
 */
class DriverKillAndResumeTest {

    private static final List<String> RUN = List.of("meta-train", "--problem", "quadratic:dim=3,batch=4", "--steps", "20",
            "--unroll", "5", "--epochs", "5", "--optimizees-per-step", "3", "--validate-every", "1",
            "--validation-seeds", "2", "--calibration-seeds", "2", "--threads", "1", "--seed", "5", "--save-every", "1");

    @TempDir
    Path tmp;

    @Test
    void aDriverKilledAndResumedFromItsCheckpointEndsWithTheSingleMachineFile() throws Exception {
        Path single = tmp.resolve("single.l2l");
        SparkMetaTrainingTest.l2l(RUN, "--out", single.toString());

        Path dir = tmp.resolve("ckpt");
        Path out = tmp.resolve("spark.l2l");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore") || a.startsWith("-Djdk.reflect")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(RUN);
        command.addAll(List.of("--out", out.toString(), "--checkpoint-dir", dir.toString(), "--spark", "local[2]"));
        Process driver = new ProcessBuilder(command).redirectError(tmp.resolve("driver-stderr.txt").toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("epoch 2/")) {
            // reading epoch lines
        }
        assertTrue(line != null, "the driver ended before its second epoch: " + Files.readString(tmp.resolve("driver-stderr.txt")));
        driver.destroyForcibly();
        assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the driver did not end");
        assertTrue(Files.exists(dir.resolve("meta-train.ckpt")), "no checkpoint to resume from");

        SparkMetaTrainingTest.l2l(RUN, "--out", out.toString(), "--checkpoint-dir", dir.toString(), "--resume",
                "--spark", "local[2]");
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(out));
    }
}
