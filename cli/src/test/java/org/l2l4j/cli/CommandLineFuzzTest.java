package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.SpecialFiles;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;

/**
 * Random values for every flag of every command, checked with {@link Main#check} (the checking stage
 * alone, so nothing trains): each command line is accepted (exit 0) or refused as bad usage (exit 2,
 * one line on stderr), never an unexpected failure (exit 1) or a stack trace. Seeded, so a failure
 * names a command line that fails again.
 */
class CommandLineFuzzTest {

    private static final int CASES = 300;

    private static final String[] INTEGERS = {"0", "1", "2", "3", "-1", "7", "100000", "2147483647", "-2147483648",
        "2147483648", "1e9", "0x10", "abc", "", "NaN", "-0"};
    private static final String[] NUMBERS = {"0.1", "0", "-1", "1", "3e-3", "1e-50", "1e39", "NaN", "Infinity", "-Infinity",
        "0.95", "abc", ""};
    private static final String[] INTEGER_FLAGS = {"--steps", "--seeds", "--seed", "--tuning-seeds", "--tuning-seed",
        "--threads", "--correction-steps"};
    private static final String[] SUITE_INTEGER_FLAGS = {"--seeds", "--tuning-seeds", "--threads"};
    private static final String[] META_INTEGER_FLAGS = {"--steps", "--unroll", "--epochs", "--seed", "--optimizees-per-step",
        "--checkpoint-every", "--validate-every", "--validation-seeds", "--threads", "--layers", "--hidden",
        "--correction-steps", "--calibration-seeds", "--save-every", "--step-features",
        "--momentum-features"};
    private static final String[] META_NUMBER_FLAGS = {"--lr", "--lr-final", "--random-scale", "--curriculum", "--clip",
        "--p", "--beta1", "--beta2", "--epsilon", "--input-clamp", "--scale", "--magnitude-scale", "--base-lr",
        "--base-momentum"};
    private static final Map<String, String[]> CHOICES = Map.of(
            "--objective", new String[] {"mean", "log", "sum"},
            "--select", new String[] {"final", "objective", "best"},
            "--meta-gradient", new String[] {"full", "first", "second"},
            "--preprocess", new String[] {"log-sign", "raw", "adam", "adam-scale", "sqrt"});

    @TempDir
    Path tmp;

    private final List<String> paths = new ArrayList<>();

    @Test
    void randomFlagValuesAreAcceptedOrRefusedInOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path optimizer = tmp.resolve("opt.l2l");
        OptimizerFile.write(optimizer, LstmWeights.initial(LstmConfig.defaults(), 5), "quadratic", Map.of());
        paths.addAll(List.of(file.toString(), optimizer.toString(), file.resolve("under").toString(),
                tmp.resolve("new").toString(), tmp.resolve("new/deeper").toString(), tmp.toString(),
                Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("none")).toString(),
                Files.createSymbolicLink(tmp.resolve("loop"), tmp.resolve("loop")).toString(),
                Files.createSymbolicLink(tmp.resolve("to-file"), file).toString()));
        if (SpecialFiles.mkfifo(tmp.resolve("fifo"))) {
            paths.add(tmp.resolve("fifo").toString());
        }
        SplittableRandom random = new SplittableRandom(20);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            List<String> args = commandLine(random);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.check(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
            String what = "case " + i + ": " + String.join(" ", args) + "\n" + err;
            assertTrue(code == 0 || code == 2, what);
            assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), what);
            if (code == 2) {
                assertEquals(1, err.toString().lines().count(), what);
            } else {
                accepted++;
            }
        }
        assertTrue(accepted > CASES / 20 && accepted < CASES * 9 / 10, accepted + " of " + CASES + " accepted");
    }

    private List<String> commandLine(SplittableRandom random) {
        List<String> args = new ArrayList<>();
        switch (random.nextInt(4)) {
            case 0 -> {
                args.addAll(List.of("evaluate", "--optimizer", pick(random, "adam", "sgd", paths.get(1), paths.get(0)),
                        "--problem", problem(random), "--steps", "3", "--seeds", "2", "--tuning-seeds", "1"));
                mutate(args, random, INTEGER_FLAGS, new String[] {"--lr", "--scale-factor"}, new String[] {"--out", "--data"});
            }
            case 1 -> {
                args.addAll(List.of("compare", "--problem", problem(random), "--steps", "3", "--seeds", "2",
                        "--tuning-seeds", "1", "--out", tmp.resolve("compare").toString()));
                if (random.nextBoolean()) {
                    args.add("--no-bundled");
                }
                mutate(args, random, INTEGER_FLAGS, new String[] {"--scale-factor"}, new String[] {"--out", "--optimizer"});
            }
            case 2 -> {
                args.addAll(List.of("suite", "--seeds", "2", "--tuning-seeds", "1", "--rows",
                        pick(random, "1", "6", "1,6", "8", "0", "9", "6,6", "x", ""), "--out", tmp.resolve("suite").toString()));
                mutate(args, random, SUITE_INTEGER_FLAGS, new String[] {"--rows"}, new String[] {"--out", "--optimizer", "--data"});
            }
            default -> {
                args.addAll(List.of(MetaTrainCommandTest.metaTrain("--problem", problem(random),
                        "--out", tmp.resolve("o.l2l").toString())));
                if (random.nextInt(4) == 0) {
                    args.add("--resume");
                }
                mutate(args, random, META_INTEGER_FLAGS, META_NUMBER_FLAGS,
                        new String[] {"--out", "--checkpoint-dir", "--compare", "--data"});
                if (random.nextInt(3) == 0) {
                    String flag = pick(random, CHOICES.keySet().toArray(String[]::new));
                    args.addAll(List.of(flag, pick(random, CHOICES.get(flag))));
                }
            }
        }
        return args;
    }

    /** One to three flags given random values (a later value of a repeated flag is a usage error of its own). */
    private void mutate(List<String> args, SplittableRandom random, String[] integerFlags, String[] numberFlags,
                        String[] pathFlags) {
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                set(args, pick(random, integerFlags), random.nextInt(4) == 0
                        ? Integer.toString(random.nextInt()) : pick(random, INTEGERS));
            } else if (kind < 8) {
                set(args, pick(random, numberFlags), pick(random, NUMBERS));
            } else {
                set(args, pick(random, pathFlags), pick(random, paths.toArray(String[]::new)));
            }
        }
    }

    /** Replaces the value of {@code flag}, or adds the flag. */
    private static void set(List<String> args, String flag, String value) {
        int at = args.indexOf(flag);
        if (at >= 0 && at + 1 < args.size()) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(flag, value));
        }
    }

    private static String problem(SplittableRandom random) {
        String size = pick(random, "0", "1", "3", "-1", "100000", "2147483647", "x", "");
        return switch (random.nextInt(10)) {
            case 0 -> "quadratic:dim=" + size;
            case 1 -> "quadratic:dim=3,batch=" + size;
            case 2 -> "mnist:hidden=" + size;
            case 3 -> "mnist:layers=" + size;
            case 4 -> pick(random, "mnist:activation=relu", "mnist:activation=swish", "mnist:bogus=1", "quadratic:",
                    "quadratic:dim", "bogus", "", "quadratic:dim=3,dim=3");
            default -> "quadratic:dim=3,batch=4";
        };
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
