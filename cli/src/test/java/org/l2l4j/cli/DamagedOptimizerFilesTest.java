package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.FileMutations;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import org.l2l4j.lstm.OptimizerFileException;
import org.l2l4j.lstm.Preprocessing;

/**
 * 1,000 damaged optimizer files (bit flips, truncation, appended, deleted, overwritten and random
 * bytes), each given to {@link OptimizerFile#read}, and every tenth also to {@code l2l evaluate
 * --optimizer} (a command costs ~25 ms here, a read ~5 ms): either it is refused, by the command with
 * one line naming the file, exit code 2 and no stack trace, or, when the damage left an equivalent JSON
 * document (say, a space turned into a newline), it loads exactly the original optimizer. Never a
 * silent wrong load, never another exception.
 */
class DamagedOptimizerFilesTest {

    @TempDir
    Path tmp;

    @Test
    void fuzzEveryDamagedOptimizerFileIsRefusedByNameOrLoadsTheOriginal() throws IOException {
        Path original = tmp.resolve("original.l2l");
        LstmWeights weights = LstmWeights.initial(new LstmConfig(1, 4, Preprocessing.logSign(10), 0.1), 5);
        OptimizerFile.write(original, weights, "quadratic", Map.of("seed", 5L, "epochs", 10L));
        OptimizerFile.Loaded expected = OptimizerFile.read(original);
        byte[] good = Files.readAllBytes(original);

        Path file = tmp.resolve("damaged.l2l");
        SplittableRandom random = new SplittableRandom(31);
        int loaded = 0;
        for (int i = 0; i < 1000; i++) {
            FileMutations.Mutation m = FileMutations.mutate(good, random);
            Files.write(file, m.bytes());
            String what = "mutation " + i + " (" + m.description() + ")";
            CliRun run = i % 10 != 0 ? null : CliRun.l2l("evaluate", "--optimizer", file.toString(),
                    "--problem", "quadratic:dim=3,batch=4", "--steps", "2", "--seeds", "1");
            try {
                OptimizerFile.Loaded read = OptimizerFile.read(file);
                assertEquals(expected, read, what + " loaded something else");
                if (run != null) {
                    assertEquals(0, run.code(), what + ": " + run.err());
                }
                loaded++;
            } catch (OptimizerFileException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), what + ": " + e.getMessage());
                if (run != null) {
                    run.assertUsageError("l2l evaluate: --optimizer: cannot load a learned optimizer from " + file + ": ");
                }
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(what + ": " + e, e);
            }
        }
        assertTrue(loaded < 100, loaded + " of 1000 damaged files still loaded");
    }
}
