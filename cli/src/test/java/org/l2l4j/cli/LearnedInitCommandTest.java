package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.lstm.LearnedInitFile;

/**
 * {@code l2l meta-train --method maml|fomaml|reptile|meta-sgd} and {@code --method lstm --learn-init}: each writes a
 * learned-initialisation file; every flag that cannot apply, and every bad value, is a one-line usage error
 * naming the flag, before any work and without writing the file; {@code --checkpoint-dir} and {@code --resume}
 * continue a run to the file an uninterrupted one writes.
 */
class LearnedInitCommandTest {

    @TempDir
    Path tmp;

    /** A few meta-steps on the sinusoid (or the {@code --problem} among {@code more}) with {@code more} added. */
    private String[] args(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("meta-train", "--epochs", "2", "--optimizees-per-step", "2",
                "--validate-every", "1", "--validation-seeds", "2", "--threads", "1", "--out", out));
        if (!List.of(more).contains("--problem")) {
            args.addAll(List.of("--problem", "sinusoid"));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @CsvSource({"maml, false", "fomaml, false", "reptile, false", "meta-sgd, false", "lstm, true"})
    void eachMethodWritesItsLearnedInitialisation(String method, boolean learnInit) throws IOException {
        Path out = tmp.resolve(method + ".l2l");
        List<String> extra = new ArrayList<>(List.of("--method", method));
        if (learnInit) {
            extra.add("--learn-init");
        }
        CliRun run = CliRun.l2l(args(out.toString(), extra.toArray(String[]::new)));
        assertEquals(0, run.code(), run.err());
        LearnedInitFile.Loaded file = LearnedInitFile.read(out);
        assertEquals(method, file.method());
        assertEquals("sinusoid", file.problemSpec());
        assertEquals(40 * 40 + 4 * 40 + 1, file.init().length);
        assertEquals(method.equals("meta-sgd"), file.learningRates().isPresent());
        assertEquals(method.equals("lstm"), file.lstm().isPresent());
        assertEquals(2L, file.training().get("iterations"));
        assertTrue(run.out().contains("meta-step 2/2"), run.out());
    }

    /** Meta-steps on the sinusoid, validating every second one, with {@code more} added. */
    private static String[] resumable(String method, String... more) {
        List<String> args = new ArrayList<>(List.of("meta-train", "--problem", "sinusoid", "--method", method,
                "--optimizees-per-step", "2", "--validate-every", "2", "--validation-seeds", "2", "--threads", "1"));
        if (method.equals("lstm")) {
            args.add("--learn-init");
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * A run of 2 meta-steps that saves a checkpoint, resumed to 4, writes the file of an uninterrupted run of 4
     * byte for byte: same θ<sub>0</sub>, rates or LSTM, best validation and settings.
     */
    @ParameterizedTest
    @CsvSource({"maml", "fomaml", "reptile", "meta-sgd", "lstm"})
    void aResumedRunWritesTheFileOfAnUninterruptedOne(String method) throws IOException {
        Path whole = tmp.resolve("whole.l2l");
        CliRun uninterrupted = CliRun.l2l(resumable(method, "--epochs", "4", "--out", whole.toString()));
        assertEquals(0, uninterrupted.code(), uninterrupted.err());

        Path dir = tmp.resolve("ckpt");
        Path resumedFile = tmp.resolve("resumed.l2l");
        CliRun first = CliRun.l2l(resumable(method, "--epochs", "2", "--save-every", "1", "--checkpoint-dir",
                dir.toString(), "--out", resumedFile.toString()));
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(dir.resolve(CheckpointDirectory.CHECKPOINT)));
        CliRun again = CliRun.l2l(resumable(method, "--epochs", "4", "--checkpoint-dir", dir.toString(),
                "--out", resumedFile.toString()));
        again.assertUsageError("--checkpoint-dir: " + dir.resolve(CheckpointDirectory.CHECKPOINT) + " already exists; add --resume");

        CliRun resumed = CliRun.l2l(resumable(method, "--epochs", "4", "--checkpoint-dir", dir.toString(), "--resume",
                "--out", resumedFile.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().startsWith("meta-step 4/4"), resumed.out());
        assertTrue(resumed.err().contains("resuming " + dir.resolve(CheckpointDirectory.CHECKPOINT) + " after meta-step 2"),
                resumed.err());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumedFile));
        assertEquals(withoutElapsedSeconds(TrainingLogFiles.csv(whole)), withoutElapsedSeconds(TrainingLogFiles.csv(resumedFile)),
                "the resumed run's log keeps the first part's rows and adds the same ones");
    }

    /** The log's lines without their last column, the seconds, which differ from run to run. */
    private static List<String> withoutElapsedSeconds(Path log) throws IOException {
        return Files.readAllLines(log).stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }

    /** Validating every second of 5 meta-steps (and after the last): rows for meta-steps 2, 4 and 5, the lines printed. */
    @Test
    void eachValidationAndTheLastMetaStepAreRowsOfTheLogNextToTheFile() throws IOException {
        Path file = tmp.resolve("maml.l2l");
        CliRun run = CliRun.l2l(resumable("maml", "--epochs", "5", "--out", file.toString()));
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(tmp.resolve("maml.meta-train.csv"));
        assertEquals("epoch,meta_loss,final_loss,validation,skipped,elapsed_s", lines.get(0));
        assertEquals(List.of("2", "4", "5"), lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList());
        List<String> printed = run.out().lines().filter(line -> line.startsWith("meta-step ")).toList();
        assertEquals(3, printed.size(), run.out());
        for (int row = 1; row <= 3; row++) {
            String[] cells = lines.get(row).split(",", -1);
            assertEquals(cells[1], cells[2], "both losses are the meta-step's query loss: " + lines.get(row));
            assertTrue(printed.get(row - 1).contains(String.format("query loss %.4g  validation %.4g",
                    Double.parseDouble(cells[1]), Double.parseDouble(cells[3]))), printed.get(row - 1) + " vs " + lines.get(row));
        }
        assertTrue(Files.size(tmp.resolve("maml.meta-train.png")) > 0);
    }

    /** A checkpoint resumed with another setting is refused naming it, and the file is left as it was. */
    @Test
    void resumingWithAnotherSettingIsAUsageErrorNamingIt() throws IOException {
        Path dir = tmp.resolve("ckpt");
        Path out = tmp.resolve("maml.l2l");
        CliRun first = CliRun.l2l(resumable("maml", "--epochs", "2", "--checkpoint-dir", dir.toString(),
                "--out", out.toString()));
        assertEquals(0, first.code(), first.err());
        byte[] before = Files.readAllBytes(out);
        CliRun other = CliRun.l2l(resumable("maml", "--epochs", "4", "--inner-lr", "0.02", "--checkpoint-dir",
                dir.toString(), "--resume", "--out", out.toString()));
        other.assertUsageError("--resume: cannot resume from " + dir.resolve(CheckpointDirectory.CHECKPOINT),
                "setting.innerLearningRate = 0.01, but this run's innerLearningRate is 0.02",
                "(a resumed run may change only iterations)");
        CliRun lstm = CliRun.l2l(resumable("reptile", "--epochs", "4", "--checkpoint-dir", dir.toString(), "--resume",
                "--out", out.toString()));
        lstm.assertUsageError("setting.method = MAML, but this run's method is REPTILE");
        assertArrayEquals(before, Files.readAllBytes(out));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "--method foo; --method",
        "--method maml --learn-init; --learn-init",
        "--method maml --unroll 4; --unroll",
        "--method reptile --stratify; --stratify",
        "--method maml --average 0.9; --average",
        "--method meta-sgd --patience 2; --patience",
        "--method reptile --clip -1; --clip: must be finite and >= 0 (0 = off), got -1.0",
        "--method reptile --resume; --resume: needs --checkpoint-dir",
        "--method maml --save-every 0; --save-every",
        "--method fomaml --hidden 8; --hidden",
        "--method lstm --learn-init --inner-lr 0.1; --inner-lr",
        "--inner-lr 0.1; --inner-lr",
        "--objective query; --objective: query is the objective of a learned initialisation",
        "--method maml --steps 0; --steps",
        "--method maml --inner-lr -1; --inner-lr",
        "--method maml --optimizees-per-step 0; --optimizees-per-step",
        "--method meta-sgd --epochs 0; --epochs",
        "--method lstm --learn-init --preprocess adam; --preprocess",
        "--method maml --problem quadratic; --problem: maml learns an initialisation from few-shot tasks",
        "--method maml --problem sinusoid:shots=0; shots",
        "--method maml --problem sinusoid:ways=5; ways",
        "--method maml --problem fewshot:ways=6; ways=6: more than the 5 classes of train-classes=0-4",
        "--method fomaml --problem fewshot:train-classes=0-5; test-classes=5-9: overlaps train-classes=0-5",
        "--method meta-sgd --problem fewshot:shots=900; shots=900: class",
    })
    void aFlagThatCannotApplyOrABadValueIsAUsageErrorNamingIt(String flags, String named) {
        Path out = tmp.resolve("never.l2l");
        List<String> extra = new ArrayList<>();
        for (String part : flags.split(" ")) {
            extra.add(part.equals("DIR") ? tmp.resolve("ckpt").toString() : part);
        }
        CliRun.l2l(args(out.toString(), extra.toArray(String[]::new))).assertUsageError(named);
        assertFalse(Files.exists(out), "nothing is written");
    }

    /** A learned initialisation of the sinusoid, written as meta-train writes one (θ0 of a task, SGD at 0.01). */
    private Path mamlFile() throws IOException {
        Path file = tmp.resolve("maml.l2l");
        org.l2l4j.core.Episode task = new org.l2l4j.optimizee.SinusoidProblem().sample(1);
        LearnedInitFile.write(file, "maml", task.initialParameters(), task.parameterLayout(), java.util.Optional.empty(),
                java.util.Optional.empty(), "sinusoid", java.util.Map.of("innerLearningRate", 0.01));
        return file;
    }

    /** compare with a learned initialisation: one adaptation curve each for the baselines, the file and pretrained. */
    @org.junit.jupiter.api.Test
    void compareAdaptsTheLearnedInitialisationBesideTheBaselinesAndPretrained() throws IOException {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.l2l("compare", "--problem", "sinusoid", "--optimizer", mamlFile().toString(), "--steps", "2",
                "--seeds", "3", "--tuning-seeds", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("summary.json").toFile());
        List<String> names = new ArrayList<>();
        summary.get("optimizers").forEach(o -> names.add(o.get("name").asText()));
        assertEquals(List.of("sgd", "nag", "rmsprop", "adam", "maml", "pretrained"), names);
        assertEquals(2, summary.get("steps").asInt());
    }

    /**
     * Learned rates far too large for the steps compared (Meta-SGD's rates used past the step they were learned
     * for): some tasks diverge and the rest grow large. The comparison still ends normally, reports the diverged
     * runs, and writes every file with every other curve ({@code ResultsTest} and {@code ReportFilesTest}: an
     * interval that overflows).
     */
    @org.junit.jupiter.api.Test
    void compareReportsDivergedAdaptationAndWritesEveryOtherCurve() throws IOException {
        Path file = tmp.resolve("meta-sgd.l2l");
        org.l2l4j.core.Episode task = new org.l2l4j.optimizee.SinusoidProblem().sample(1);
        float[] rates = new float[task.dimension()];
        java.util.Arrays.fill(rates, 0.5f);
        LearnedInitFile.write(file, "meta-sgd", task.initialParameters(), task.parameterLayout(),
                java.util.Optional.of(rates), java.util.Optional.empty(), "sinusoid", java.util.Map.of());
        Path out = tmp.resolve("out");
        CliRun run = CliRun.l2l("compare", "--problem", "sinusoid", "--optimizer", file.toString(), "--steps", "10",
                "--seeds", "20", "--tuning-seeds", "1", "--pretraining-steps", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        com.fasterxml.jackson.databind.JsonNode metaSgd = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("summary.json").toFile()).get("optimizers").get(4);
        assertEquals("meta-sgd", metaSgd.get("name").asText());
        assertTrue(metaSgd.get("diverged").asInt() > 0, metaSgd.toString());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("meta-sgd .* " + metaSgd.get("diverged") + "/20")),
                run.out());
        String csv = Files.readString(out.resolve("curves.csv"));
        assertTrue(csv.startsWith("step,sgd_mean,") && csv.contains(",pretrained_hi\n"), csv);
        for (String name : List.of("loss.png", "loss.svg", "test.png", "test.svg")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
    }

    @org.junit.jupiter.api.Test
    void comparePretrainingStepsWithoutALearnedInitialisationIsAUsageError() {
        Path out = tmp.resolve("out");
        CliRun.l2l("compare", "--problem", "quadratic", "--pretraining-steps", "10", "--out", out.toString())
                .assertUsageError("--pretraining-steps: applies to a learned initialisation");
        assertFalse(Files.exists(out), "nothing is written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "--problem quadratic; --problem: quadratic has no support and query sets",
        "--problem sinusoid --scale-factor 2; --scale-factor",
        "--problem fewshot; --problem: fewshot's network is not the one",
        "--problem sinusoid --spark local[2]; --spark: a learned initialisation's comparison runs in this JVM only",
    })
    void compareRefusesWhatALearnedInitialisationCannotRunOn(String flags, String named) throws IOException {
        List<String> args = new ArrayList<>(List.of("compare", "--optimizer", mamlFile().toString(), "--steps", "2",
                "--seeds", "2", "--out", tmp.resolve("out").toString()));
        args.addAll(List.of(flags.split(" ")));
        CliRun.l2l(args.toArray(String[]::new)).assertUsageError(named);
    }
}
