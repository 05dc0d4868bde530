package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import org.l2l4j.lstm.Preprocessing;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.ScheduleSettings;
import org.l2l4j.meta.train.TrajectorySettings;
import picocli.CommandLine;

/**
 * {@code l2l meta-train}: every bad flag is a one-line usage error naming it, {@code --checkpoint-dir}
 * with {@code --resume} continues a run to exactly the file an uninterrupted run writes, and
 * {@code --compare DIR} writes exactly what {@code compare} writes for the trained file.
 *
 * <p>The problem has 12 coordinates, so the LSTM kernel runs its scalar path, whose numbers do not
 * depend on the JIT (see MetaTrainerTest).
 */
class MetaTrainCommandTest {

    static final String PROBLEM = "quadratic:dim=3,batch=4";

    @TempDir
    Path tmp;

    /** A few seconds' meta-training with {@code flagsAndValues} added or replaced (a null value drops the flag). */
    static String[] metaTrain(String... flagsAndValues) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String[] kv : new String[][] {{"--problem", PROBLEM}, {"--steps", "8"}, {"--unroll", "4"},
            {"--epochs", "4"}, {"--validate-every", "2"}, {"--validation-seeds", "2"}, {"--threads", "1"},
            {"--lr-final", "1"}}) { // a constant meta learning rate, so that resumed runs may extend --epochs
            options.put(kv[0], kv[1]);
        }
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            options.put(flagsAndValues[i], flagsAndValues[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("meta-train"));
        options.forEach((flag, value) -> {
            if (value != null) {
                args.add(flag);
                if (!value.isEmpty()) {
                    args.add(value);
                }
            }
        });
        return args.toArray(String[]::new);
    }

    /** Code that builds settings starts where the command line does (the LSTM aside: the builder's is the paper's). */
    @Test
    void theSettingsBuilderStartsFromTheFlagDefaults() {
        MetaTrainCommand flags = new MetaTrainCommand();
        new CommandLine(flags).parseArgs("--problem", PROBLEM);
        MetaTrainingSettings d = MetaTrainingSettings.builder().build();
        assertEquals(new TrajectorySettings(flags.steps, flags.unroll, flags.minSteps), d.trajectory());
        assertEquals(new ScheduleSettings(flags.epochs, flags.lr, flags.lrFinal, flags.curriculum, flags.clip, 0), d.schedule());
        assertEquals(List.of(flags.validateEvery, flags.validationSeeds, flags.select, flags.calibrationSeeds,
                        flags.validateShort),
                List.of(d.validation().every(), d.validation().seeds(), d.validation().selection().flag(),
                        d.validation().calibrationSeeds(), d.validation().shortSteps()));
        assertEquals(flags.threads, d.compute().threads());
        assertEquals(List.of(flags.objective, flags.metaGradient, flags.optimizeesPerStep, flags.randomScale, flags.seed),
                List.of(d.estimator().objective().flag(), d.estimator().metaGradient().flag(),
                        d.estimator().optimizeesPerStep(), d.estimator().randomScale(), d.estimator().seed()));
    }

    /** A renamed setting would leave its flag unnamed in usage errors: every mapped key is a setting's. */
    @Test
    void everyFlagNamesASettingOfTheRecord() {
        Map<String, Object> settings = SettingsCodec.flatten(SettingsCodec.encode(MetaTrainingSettings.builder().build()));
        for (String key : MetaTrainCommand.FLAGS.keySet()) {
            assertTrue(settings.containsKey(key), key + " in " + settings.keySet());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--steps | 0 | --steps: must be at least 1, got 0",
        "--unroll | -2 | --unroll: must be at least 1, got -2",
        "--epochs | 0 | --epochs: must be at least 1, got 0",
        "--epochs | ten | '--epochs'",
        "--lr | 0 | --lr: must be finite and > 0 in float32, got 0.0",
        "--lr | 1e-50 | --lr: must be finite and > 0 in float32, got 1.0E-50",
        "--lr | 1e39 | --lr: must be finite and > 0 in float32, got 1.0E39",
        "--lr | NaN | --lr: must be finite and > 0 in float32, got NaN",
        "--lr-final | 0 | --lr-final: must be in (0, 1] (1 = constant), got 0.0",
        "--lr-final | 1.5 | --lr-final: must be in (0, 1] (1 = constant), got 1.5",
        "--optimizees-per-step | 0 | --optimizees-per-step: must be at least 1, got 0",
        "--random-scale | 6 | --random-scale: must be in [0, 5] (0 = off), got 6.0",
        "--random-scale | -1 | --random-scale: must be in [0, 5] (0 = off), got -1.0",
        "--clip | -1 | --clip: must be finite and >= 0 (0 = off), got -1.0",
        "--average | 1 | --average: must be in [0, 1) (0 = off), got 1.0",
        "--average | -0.5 | --average: must be in [0, 1) (0 = off), got -0.5",
        "--min-steps | 101 | --min-steps: must be in [0, T = 8] (0 = off), got 101",
        "--validate-short | 8 | --validate-short, --steps: the short validation horizon must be shorter than the 8 steps of a run: 0 (off) to 7, got 8",
        "--validate-short | -1 | --validate-short: must be at least 0, got -1",
        "--checkpoint-every | -1 | --checkpoint-every: must be at least 0, got -1",
        "--validate-every | -1 | --validate-every: must be at least 0, got -1",
        "--validation-seeds | 0 | --validation-seeds: must be at least 1, got 0",
        "--threads | 0 | --threads: must be at least 1, got 0",
        "--layers | 0 | --layers: must be at least 1, got 0",
        "--hidden | 0 | --hidden: must be at least 1, got 0",
        "--hidden | 100000 | LSTM too large",
        "--input-clamp | -0.5 | --input-clamp: must be finite and >= 0 (0 = off), got -0.5",
        "--step-features | 9 | --step-features: must be in [0, 8] (0 = none), got 9",
        "--momentum-features | 2 | --momentum-features: momentum inputs need ADAM_NORMALISED preprocessing",
        "--scale | 0 | --scale: must be finite and non-zero, got 0.0",
        "--scale | Infinity | --scale: must be finite and non-zero, got Infinity",
        "--magnitude-scale | -1 | --magnitude-scale: must be finite and >= 0 in float32 (0 = a linear output), got -1.0",
        "--p | 0 | --p: LOG_SIGN preprocessing needs 0 < p <= 88.0, got p = 0.0",
        "--p | 100 | --p: LOG_SIGN preprocessing needs 0 < p <= 88.0, got p = 100.0",
        "--preprocess | sqrt | --preprocess: unknown kind 'sqrt'; valid: log-sign, raw, adam, adam-scale",
        "--base-lr | -1 | --base-lr: must be finite and >= 0 in float32 (0 = none), got -1.0",
        "--base-lr | 1e39 | --base-lr: must be finite and >= 0 in float32 (0 = none), got 1.0E39",
        "--base-momentum | 1 | --base-momentum: must be in [0, 1) in float32, got 1.0",
        "--correction-steps | 5 | --correction-steps, --steps: the LSTM's correction must cover the 8 steps it is trained on: 0 (every step) or at least 8, got 5",
        "--correction-steps | -1 | --correction-steps: must be in [0, 16777216] (0 = every step), got -1",
        "--correction-steps | 16777217 | --correction-steps: must be in [0, 16777216] (0 = every step), got 16777217",
        "--calibration-seeds | -1 | --calibration-seeds: must be at least 0, got -1",
        "--meta-gradient | second | --meta-gradient: unknown meta-gradient 'second'; valid: first, full",
        "--objective | sum | --objective: unknown meta-objective 'sum'; valid: mean, log",
        "--select | best | --select: unknown selection 'best'; valid: objective, final",
        "--curriculum | 2 | --curriculum: must be in [0, 1] (0 = off), got 2.0",
        "--save-every | 0 | --save-every: must be at least 1, got 0",
        "--problem | quadratic:dim=0 | --problem:",
        "--problem | mnist:hidden=x | --problem:",
        "--bogus | 1 | Unknown options: '--bogus'"})
    void everyBadFlagIsAUsageErrorNamingIt(String flag, String value, String message) {
        CliRun.l2l(metaTrain(flag, value)).assertUsageError("l2l meta-train:", message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--beta1 | 1 | --beta1: must be in [0, 1), got 1.0",
        "--beta2 | -0.5 | --beta2: must be in [0, 1), got -0.5",
        "--epsilon | 0 | --epsilon: ADAM_NORMALISED preprocessing needs a finite epsilon"})
    void badAdamPreprocessingFlagsAreUsageErrorsNamingThem(String flag, String value, String message) {
        CliRun.l2l(metaTrain("--preprocess", "adam", flag, value)).assertUsageError("l2l meta-train:", message);
    }

    /** cli alone has no Spark (the spark module adds it through ServiceLoader): --spark is refused by name. */
    @Test
    void sparkWithoutTheSparkModuleOnTheClasspathIsAUsageError() {
        CliRun.l2l(metaTrain("--spark", "local[2]")).assertUsageError("--spark: this classpath has no Spark support");
    }

    @Test
    void badPathsAreUsageErrorsNamingTheFlag() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun.l2l(metaTrain("--out", tmp.toString())).assertUsageError("--out: " + tmp + " is a directory");
        CliRun.l2l(metaTrain("--out", file.resolve("opt.l2l").toString()))
                .assertUsageError("--out: " + file + " is a file, not a directory");
        CliRun.l2l(metaTrain("--checkpoint-dir", file.toString()))
                .assertUsageError("--checkpoint-dir: " + file + " is a file, not a directory");
        CliRun.l2l(metaTrain("--checkpoint-dir", file.resolve("sub").toString()))
                .assertUsageError("--checkpoint-dir: cannot create directory " + file.resolve("sub"));
        CliRun.l2l(metaTrain("--resume", "")).assertUsageError("--resume: needs --checkpoint-dir");
        Path clash = tmp.resolve("ckpt").resolve(CheckpointDirectory.CHECKPOINT);
        CliRun.l2l(metaTrain("--checkpoint-dir", tmp.resolve("ckpt").toString(), "--out", clash.toString()))
                .assertUsageError("--out: " + clash + " is the checkpoint file of --checkpoint-dir");
        CliRun.l2l(metaTrain("--data", tmp.resolve("none").toString(), "--problem", "mnist"))
                .assertUsageError("--data: " + tmp.resolve("none") + " does not exist");
    }

    /** With a base step the file says on how many steps the LSTM's correction is added: twice --steps unless told. */
    @Test
    void theCorrectionStepsAreTwiceTheTrainingStepsUnlessGivenAndNeedABaseStep() throws IOException {
        for (String[] given : new String[][] {{null, "16"}, {"8", "8"}, {"0", "0"}}) {
            Path file = tmp.resolve("c" + given[1] + ".l2l");
            CliRun run = CliRun.l2l(metaTrain("--epochs", "1", "--correction-steps", given[0], "--out", file.toString()));
            assertEquals(0, run.code(), run.err());
            assertEquals(Integer.parseInt(given[1]), OptimizerFile.read(file).weights().config().base().correctionSteps());
        }
        Path paper = tmp.resolve("paper.l2l");
        assertEquals(0, CliRun.l2l(metaTrain("--epochs", "1", "--base-lr", "0", "--out", paper.toString())).code());
        assertEquals(0, OptimizerFile.read(paper).weights().config().base().correctionSteps());
        CliRun.l2l(metaTrain("--base-lr", "0", "--correction-steps", "20"))
                .assertUsageError("--correction-steps: needs a base step to hand over to (a base learning rate > 0)");
    }

    /** The file says which meta-gradient trained it, full unless told; they train different weights. */
    @Test
    void theMetaGradientIsFullUnlessFirstOrderIsAskedFor() throws IOException {
        OptimizerFile.Loaded[] loaded = new OptimizerFile.Loaded[2];
        String[] kinds = {null, "first"};
        for (int k = 0; k < 2; k++) {
            Path file = tmp.resolve("g" + k + ".l2l");
            CliRun run = CliRun.l2l(metaTrain("--epochs", "2", "--meta-gradient", kinds[k], "--calibration-seeds", "0",
                    "--out", file.toString()));
            assertEquals(0, run.code(), run.err());
            loaded[k] = OptimizerFile.read(file);
        }
        assertEquals("FULL", loaded[0].training().get("estimator.metaGradient"));
        assertEquals("FIRST_ORDER", loaded[1].training().get("estimator.metaGradient"));
        assertFalse(Arrays.equals(loaded[0].weights().values(), loaded[1].weights().values()), "they train different weights");
        CliRun.l2l(metaTrain("--preprocess", "adam")).assertUsageError("--meta-gradient, --preprocess: the full meta-gradient"
                + " differentiates the LSTM's input features, which it can for log-sign or raw preprocessing only; with"
                + " Adam-normalised preprocessing use the first-order meta-gradient");
        Path adam = tmp.resolve("adam.l2l");
        assertEquals(0, CliRun.l2l(metaTrain("--epochs", "1", "--preprocess", "adam", "--meta-gradient", "first",
                "--out", adam.toString())).code());
        Path scaled = tmp.resolve("adam-scale.l2l");
        assertEquals(0, CliRun.l2l(metaTrain("--epochs", "1", "--preprocess", "adam-scale", "--p", "5",
                "--meta-gradient", "first", "--out", scaled.toString())).code());
        Preprocessing pre = OptimizerFile.read(scaled).weights().config().preprocessing();
        assertEquals(Preprocessing.adamNormalised().withLogScaleInput(5), pre, "RNNprop's inputs and log(√v̂ + ε)/5");
        assertEquals(2, OptimizerFile.read(adam).weights().config().preprocessing().inputs(), "adam alone: no third input");
    }

    /**
     * --magnitude-scale gives the LSTM a second output head, recorded in the file, which starts at 0 (the linear
     * output of the same seed) and which meta-training moves.
     */
    @Test
    void aMagnitudeHeadIsTrainedFromZeroAndRecorded() throws IOException {
        Path linear = tmp.resolve("linear.l2l");
        Path magnitude = tmp.resolve("magnitude.l2l");
        for (String[] run : new String[][] {{"0", linear.toString()}, {"1.5", magnitude.toString()}}) {
            CliRun result = CliRun.l2l(metaTrain("--epochs", "2", "--preprocess", "adam", "--meta-gradient", "first",
                    "--base-lr", "0", "--calibration-seeds", "0", "--magnitude-scale", run[0], "--out", run[1]));
            assertEquals(0, result.code(), result.err());
        }
        LstmWeights plain = OptimizerFile.read(linear).weights();
        LstmWeights weights = OptimizerFile.read(magnitude).weights();
        assertEquals(1.5, weights.config().magnitudeScale());
        assertEquals(0, plain.config().magnitudeScale());
        int hidden = weights.config().hidden();
        assertEquals(plain.values().length + hidden + 1, weights.values().length);
        float[] head = Arrays.copyOfRange(weights.values(), weights.magnitudeWeightOffset(), weights.values().length);
        assertTrue(IntStream.range(0, head.length).allMatch(j -> Float.isFinite(head[j])), Arrays.toString(head));
        assertTrue(IntStream.range(0, head.length).anyMatch(j -> head[j] != 0), "meta-training moved the magnitude head");
    }

    /** --average keeps the moving average of the weights, not the weights of the best epoch, and says so in the file. */
    @Test
    void theMovingAverageIsKeptAndRecorded() throws IOException {
        OptimizerFile.Loaded[] loaded = new OptimizerFile.Loaded[2];
        String[] decays = {"0", "0.5"};
        for (int k = 0; k < 2; k++) {
            Path file = tmp.resolve("average" + k + ".l2l");
            CliRun run = CliRun.l2l(metaTrain("--epochs", "2", "--calibration-seeds", "0", "--average", decays[k],
                    "--out", file.toString()));
            assertEquals(0, run.code(), run.err());
            loaded[k] = OptimizerFile.read(file);
        }
        assertEquals(0.0, loaded[0].training().get("schedule.averageDecay"));
        assertEquals(0.5, loaded[1].training().get("schedule.averageDecay"));
        assertFalse(Arrays.equals(loaded[0].weights().values(), loaded[1].weights().values()),
                "the average of two epochs' steps is not their last weights");
    }

    /** By default the kept weights' output scale is calibrated and the file says by which factor; 0 turns it off. */
    @Test
    void theOutputScaleIsCalibratedUnlessTurnedOff() throws IOException {
        Path calibrated = tmp.resolve("calibrated.l2l");
        CliRun run = CliRun.l2l(metaTrain("--epochs", "2", "--calibration-seeds", "2", "--out", calibrated.toString()));
        assertEquals(0, run.code(), run.err());
        assertEquals(3, run.out().lines().filter(l -> l.matches("output scale x[0-9.]+: .* on 2 calibration seeds")).count(),
                run.out());
        OptimizerFile.Loaded loaded = OptimizerFile.read(calibrated);
        double factor = ((Number) loaded.training().get("output_scale_factor")).doubleValue();
        assertEquals(0.1 * factor, loaded.weights().config().outputScale(), 1e-15);
        assertTrue(lastLine(run.out()).contains("output scale " + String.format("%.4g", 0.1 * factor)), run.out());

        Path plain = tmp.resolve("plain.l2l");
        assertEquals(0, CliRun.l2l(metaTrain("--epochs", "2", "--calibration-seeds", "0", "--out", plain.toString())).code());
        OptimizerFile.Loaded off = OptimizerFile.read(plain);
        assertEquals(0.1, off.weights().config().outputScale());
        assertFalse(off.training().containsKey("output_scale_factor"));
        assertArrayEquals(off.weights().values(), loaded.weights().values(), "calibration changes the scale only");
    }

    @Test
    void aResumedRunWritesExactlyTheFileOfAnUninterruptedOne() throws IOException {
        Path whole = tmp.resolve("whole.l2l");
        CliRun uninterrupted = CliRun.l2l(metaTrain("--epochs", "8", "--out", whole.toString()));
        assertEquals(0, uninterrupted.code(), uninterrupted.err());

        Path dir = tmp.resolve("ckpt");
        Path resumedFile = tmp.resolve("resumed.l2l");
        CliRun first = CliRun.l2l(metaTrain("--epochs", "5", "--save-every", "3", "--checkpoint-dir", dir.toString(),
                "--out", resumedFile.toString()));
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(dir.resolve(CheckpointDirectory.CHECKPOINT)));

        CliRun again = CliRun.l2l(metaTrain("--epochs", "8", "--checkpoint-dir", dir.toString(), "--out", resumedFile.toString()));
        again.assertUsageError("--checkpoint-dir: " + dir.resolve(CheckpointDirectory.CHECKPOINT) + " already exists; add --resume");

        CliRun resumed = CliRun.l2l(metaTrain("--epochs", "8", "--checkpoint-dir", dir.toString(), "--resume", "",
                "--out", resumedFile.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().startsWith("epoch 6/8"), resumed.out());
        assertTrue(resumed.err().contains("resuming " + dir.resolve(CheckpointDirectory.CHECKPOINT) + " after epoch 5"), resumed.err());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumedFile));
        assertEquals(lastLine(uninterrupted.out()), lastLine(resumed.out()).replace(resumedFile.toString(), whole.toString()));
        // The first part validated at its last epoch, 5, as the uninterrupted run did not; all else is the same.
        List<String> wholeLog = withoutElapsedSeconds(TrainingLogFiles.csv(whole));
        List<String> resumedLog = withoutElapsedSeconds(TrainingLogFiles.csv(resumedFile));
        assertEquals(1 + 8, resumedLog.size());
        for (int line = 0; line < wholeLog.size(); line++) {
            assertEquals(line == 5 ? wholeLog.get(line).replace(",,", ",") : wholeLog.get(line),
                    line == 5 ? resumedLog.get(line).replaceFirst(",[^,]+,0$", ",0") : resumedLog.get(line),
                    "the log survives the resumption, line " + line);
        }
    }

    /** The log's lines without their last column, the seconds, which differ from run to run. */
    private static List<String> withoutElapsedSeconds(Path log) throws IOException {
        return Files.readAllLines(log).stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }

    @Test
    void everyEpochIsARowOfTheLogNextToTheOptimizerFileAndValidationsArePlotted() throws IOException {
        Path file = tmp.resolve("logged.l2l");
        CliRun run = CliRun.l2l(metaTrain("--out", file.toString()));
        assertEquals(0, run.code(), run.err());
        Path log = tmp.resolve("logged.meta-train.csv");
        assertEquals(TrainingLogFiles.csv(file), log);
        List<String> lines = Files.readAllLines(log);
        assertEquals("epoch,meta_loss,final_loss,validation,skipped,elapsed_s", lines.get(0));
        assertEquals(1 + 4, lines.size());
        List<String> printed = run.out().lines().filter(line -> line.startsWith("epoch ")).toList();
        for (int e = 1; e <= 4; e++) {
            String[] cells = lines.get(e).split(",", -1);
            assertEquals(Integer.toString(e), cells[0]);
            assertEquals(e % 2 == 0, !cells[3].isEmpty(), lines.get(e));
            assertTrue(printed.get(e - 1).contains(String.format("meta-loss/step %.4g", Double.parseDouble(cells[1]))),
                    printed.get(e - 1) + " vs " + lines.get(e));
        }
        assertTrue(Files.size(tmp.resolve("logged.meta-train.png")) > 0);
    }

    /** Two families of different sizes, the second weighted 3. */
    private static String[] mixtureRun(String... flagsAndValues) {
        List<String> flags = new ArrayList<>(List.of("--epochs", "4", "--calibration-seeds", "0"));
        flags.addAll(Arrays.asList(flagsAndValues));
        List<String> args = new ArrayList<>(Arrays.asList(metaTrain(flags.toArray(String[]::new))));
        args.addAll(List.of("--problem", "quadratic:dim=2,batch=4,weight=3"));
        return args.toArray(String[]::new);
    }

    @Test
    void aMixtureOfFamiliesIsValidatedPerFamilyRecordedInTheFileAndResumable() throws IOException {
        Path whole = tmp.resolve("mixture.l2l");
        CliRun run = CliRun.l2l(mixtureRun("--out", whole.toString()));
        assertEquals(0, run.code(), run.err());
        String mixture = PROBLEM + ",weight=1 + quadratic:dim=2,batch=4,weight=3";
        assertEquals(mixture, OptimizerFile.read(whole).problemSpec());
        assertTrue(run.err().contains("tuning adam on each of 2 families"), run.err());
        assertTrue(run.err().contains("adam on quadratic:dim=2,batch=4 at 8 steps: learning rate "), run.err());
        String validated = run.out().lines().filter(line -> line.startsWith("epoch 2/4")).findFirst().orElseThrow();
        assertTrue(validated.matches(".*validation [0-9.e+-]+ x adam \\(" + PROBLEM.replace(".", "\\.")
                + " [0-9.e+-]+, quadratic:dim=2,batch=4 [0-9.e+-]+\\).*"), validated);
        assertEquals("epoch,meta_loss,final_loss,validation,\"validation " + PROBLEM
                + "\",\"validation quadratic:dim=2,batch=4\",skipped,elapsed_s",
                Files.readAllLines(TrainingLogFiles.csv(whole)).get(0));

        Path dir = tmp.resolve("ckpt");
        Path resumedFile = tmp.resolve("resumed.l2l");
        String[] firstPart = mixtureRun("--epochs", "2", "--checkpoint-dir", dir.toString(), "--out", resumedFile.toString());
        assertEquals(0, CliRun.l2l(firstPart).code());
        CliRun resumed = CliRun.l2l(mixtureRun("--checkpoint-dir", dir.toString(), "--resume", "", "--out",
                resumedFile.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(resumed.err().contains("tuning adam"), "the checkpoint holds the tuned baseline: " + resumed.err());
        assertTrue(resumed.err().contains("adam on quadratic:dim=2,batch=4 at 8 steps: learning rate "), resumed.err());
        assertTrue(resumed.err().contains(" (from the checkpoint)"), resumed.err());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumedFile));
        assertEquals(withoutElapsedSeconds(TrainingLogFiles.csv(whole)),
                withoutElapsedSeconds(TrainingLogFiles.csv(resumedFile)));
    }

    /**
     * --stratify draws the mixture's optimizees otherwise, so trains other weights, is recorded in the file,
     * and a checkpoint of a run with it does not resume one without it.
     */
    @Test
    void stratifiedDrawsAreRecordedAndNotResumedWithoutTheFlag() throws IOException {
        Path plain = tmp.resolve("plain.l2l");
        Path stratified = tmp.resolve("stratified.l2l");
        Path dir = tmp.resolve("ckpt");
        assertEquals(0, CliRun.l2l(mixtureRun("--optimizees-per-step", "2", "--epochs", "2", "--out", plain.toString())).code());
        CliRun run = CliRun.l2l(mixtureRun("--optimizees-per-step", "2", "--stratify", "", "--epochs", "2",
                "--checkpoint-dir", dir.toString(), "--out", stratified.toString()));
        assertEquals(0, run.code(), run.err());
        OptimizerFile.Loaded file = OptimizerFile.read(stratified);
        assertEquals(true, file.training().get("estimator.stratified"));
        assertEquals(false, OptimizerFile.read(plain).training().get("estimator.stratified"));
        assertFalse(Arrays.equals(OptimizerFile.read(plain).weights().values(), file.weights().values()),
                "stratified draws train on other optimizees");

        byte[] written = Files.readAllBytes(stratified);
        CliRun.l2l(mixtureRun("--optimizees-per-step", "2", "--checkpoint-dir", dir.toString(), "--resume", "",
                "--out", stratified.toString())).assertUsageError("estimator.stratified");
        assertArrayEquals(written, Files.readAllBytes(stratified), "a refused resume leaves the file as it was");
    }

    /**
     * {@code --patience}: the run stops after that many validations without a better one, saves its
     * checkpoint there, writes the weights a run of that many epochs writes (the rate here is constant, so
     * the number of epochs does not shape the schedule), and a resumed stopped run trains no further.
     */
    @Test
    void patienceStopsTheRunWhereValidationStopsImproving() throws IOException {
        Path patient = tmp.resolve("patient.l2l");
        Path dir = tmp.resolve("ckpt");
        // --resume starts at epoch 1 when there is no checkpoint yet, so both runs take the same flags
        IntFunction<String[]> patientRun = epochs -> metaTrain("--epochs", Integer.toString(epochs),
                "--validate-every", "1", "--patience", "1", "--save-every", "100", "--checkpoint-dir", dir.toString(),
                "--resume", "", "--out", patient.toString());
        CliRun run = CliRun.l2l(patientRun.apply(30));
        assertEquals(0, run.code(), run.err());
        Matcher stop = Pattern.compile("stopped after epoch (\\d+) of 30").matcher(run.out());
        assertTrue(stop.find(), run.out());
        int stoppedAt = Integer.parseInt(stop.group(1));
        assertEquals(stoppedAt, run.out().lines().filter(line -> line.startsWith("epoch ")).count());
        assertEquals(1, ((Number) OptimizerFile.read(patient).training().get("validation.patience")).intValue());

        Path fixed = tmp.resolve("fixed.l2l");
        assertEquals(0, CliRun.l2l(metaTrain("--epochs", Integer.toString(stoppedAt), "--validate-every", "1",
                "--out", fixed.toString())).code());
        assertArrayEquals(OptimizerFile.read(fixed).weights().values(), OptimizerFile.read(patient).weights().values());

        CliRun again = CliRun.l2l(patientRun.apply(40));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().lines().noneMatch(line -> line.startsWith("epoch ")), again.out());
        assertArrayEquals(OptimizerFile.read(fixed).weights().values(), OptimizerFile.read(patient).weights().values());
    }

    /**
     * A short validation horizon: one family's validation becomes relative to Adam tuned at both horizons,
     * and the setting is in the file.
     */
    @Test
    void aShortValidationHorizonTunesAdamAtBothAndScoresRelativeToIt() throws IOException {
        Path file = tmp.resolve("short.l2l");
        CliRun run = CliRun.l2l(metaTrain("--validate-short", "4", "--calibration-seeds", "2", "--out", file.toString()));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("tuning adam on the problem at 8 and 4 steps"), run.err());
        assertTrue(run.err().contains("adam on " + PROBLEM + " at 8 steps: learning rate "), run.err());
        assertTrue(run.err().contains("adam on " + PROBLEM + " at 4 steps: learning rate "), run.err());
        String validated = run.out().lines().filter(line -> line.startsWith("epoch 2/4")).findFirst().orElseThrow();
        assertTrue(validated.matches(".*validation [0-9.e+-]+ x adam( \\*best)?  .*"), validated);
        Map<String, Object> training = OptimizerFile.read(file).training();
        assertEquals(4, ((Number) training.get("validation.shortSteps")).intValue());
        assertEquals("tuned adam", training.get("validation_relative_to"));
    }

    @Test
    void onlyMetaTrainTakesSeveralProblems() {
        CliRun.l2l("evaluate", "--problem", PROBLEM, "--problem", "quadratic", "--optimizer", "sgd", "--lr", "1")
                .assertUsageError("--problem: given 2 times; only meta-train mixes");
        List<String> badWeight = new ArrayList<>(Arrays.asList(mixtureRun()));
        badWeight.addAll(List.of("--problem", "quadratic:weight=0"));
        CliRun.l2l(badWeight.toArray(String[]::new)).assertUsageError("--problem:", "'weight'");
    }

    @Test
    void compareAfterTrainingWritesWhatCompareWritesForTheTrainedFile() throws IOException {
        Path file = tmp.resolve("trained.l2l");
        Path dir = tmp.resolve("comparison");
        CliRun run = CliRun.l2l(metaTrain("--out", file.toString(), "--compare", dir.toString()));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("comparing " + file + " with the tuned baselines; results go to " + dir), run.err());
        for (String name : List.of("summary.json", "curves.csv", "loss.png", "loss.svg")) {
            assertTrue(run.out().contains("wrote " + dir.resolve(name) + "\n"), run.out());
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(PROBLEM, summary.get("problem").asText());
        assertEquals(8, summary.get("steps").asInt()); // meta-train's --steps
        assertEquals(SeedOptions.DEFAULT_SEEDS, summary.get("seeds").asInt());
        List<String> names = new ArrayList<>();
        summary.get("optimizers").forEach(optimizer -> names.add(optimizer.get("name").asText()));
        assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "lstm"), names);

        // Byte for byte what compare writes for the same file, problem and steps with its default seeds.
        Path direct = tmp.resolve("direct");
        CliRun compare = CliRun.l2l("compare", "--problem", PROBLEM, "--optimizer", file.toString(), "--steps", "8",
                "--out", direct.toString());
        assertEquals(0, compare.code(), compare.err());
        for (String name : List.of("summary.json", "curves.csv")) {
            assertArrayEquals(Files.readAllBytes(direct.resolve(name)), Files.readAllBytes(dir.resolve(name)), name);
        }
    }

    @Test
    void aBadCompareDirectoryFailsBeforeTrainingStarts() throws IOException {
        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        Path out = tmp.resolve("never-written.l2l");
        // assertUsageError also checks stdout is empty: not one epoch line was printed.
        CliRun.l2l(metaTrain("--out", out.toString(), "--compare", aFile.toString()))
                .assertUsageError("l2l meta-train: --compare: " + aFile + " is a file, not a directory");
        CliRun.l2l(metaTrain("--out", out.toString(), "--compare", aFile.resolve("sub").toString()))
                .assertUsageError("l2l meta-train: --compare: cannot create directory " + aFile.resolve("sub"));
        assertFalse(Files.exists(out));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void aCheckpointOfAnotherRunOrADamagedOneIsRefusedByName() throws IOException {
        Path dir = tmp.resolve("ckpt");
        assertEquals(0, CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--out", tmp.resolve("o.l2l").toString())).code());
        Path checkpoint = dir.resolve(CheckpointDirectory.CHECKPOINT);
        String resumeFrom = "--resume: cannot resume from " + checkpoint + ": ";

        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--lr", "0.01"))
                .assertUsageError(resumeFrom + "was written with setting.schedule.metaLearningRate = 0.003, but this run's"
                        + " schedule.metaLearningRate is 0.01 (a resumed run may change only compute.threads, schedule.epochs)");
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--problem", "quadratic:dim=3,batch=5"))
                .assertUsageError(resumeFrom + "was written with problem = " + PROBLEM);
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--epochs", "3"))
                .assertUsageError(resumeFrom + "\"epoch\" is 4, expected 0..3");

        byte[] good = Files.readAllBytes(checkpoint);
        byte[] flipped = good.clone();
        flipped[flipped.length / 3] ^= 1;
        Files.write(checkpoint, flipped);
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", ""))
                .assertUsageError(resumeFrom + "checksum mismatch: the content is damaged");
        Files.write(checkpoint, java.util.Arrays.copyOf(good, 100));
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", ""))
                .assertUsageError(resumeFrom + "truncated: 100 bytes, the header says " + good.length);
        Files.copy(tmp.resolve("o.l2l"), checkpoint, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", ""))
                .assertUsageError(resumeFrom + "not an l2l4j checkpoint");
    }
}
