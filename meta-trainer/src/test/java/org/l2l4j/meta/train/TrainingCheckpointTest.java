package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.Checkpoint;
import org.l2l4j.core.CheckpointException;
import org.l2l4j.core.CheckpointFile;
import org.l2l4j.core.FileMutations;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.Preprocessing;

/** What a checkpoint holds, and that one of another run, a damaged one or a foreign one is refused by name. */
class TrainingCheckpointTest {

    private static final String SPEC = "quadratic:dim=3,batch=4";

    @TempDir
    Path dir;

    private static MetaTrainingSettings settings() {
        return MetaTrainerTest.settings(6, 1e-2, 1);
    }

    /** A state with every field set to something other than its initial value. */
    private static TrainingState<LstmWeights> state(MetaTrainingSettings s) {
        SplittableRandom random = new SplittableRandom(1);
        int n = s.lstm().parameterCount();
        float[] mean = new float[n];
        float[] meanSquare = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) random.nextGaussian();
            meanSquare[i] = (float) random.nextDouble();
        }
        float[] averageSum = s.schedule().averageDecay() > 0 ? LstmWeights.initial(s.lstm(), 97).values() : null;
        return TrainingState.start(s).restore(new TrainingState.Progress(4, 11, 1, 12, 3.25),
                LstmWeights.initial(s.lstm(), 98).values(), Map.of("mean", mean, "mean_square", meanSquare), 11,
                averageSum, LstmWeights.initial(s.lstm(), 99).values(),
                List.of(new TrainingState.Validation(2, 0.75), new TrainingState.Validation(4, 0.5)));
    }

    /**
     * {@code file} with entry {@code name} replaced by {@code value}, behind a valid checksum, as a buggy
     * writer or a hand edit would leave it. Every float32 array of these checkpoints has φ's length.
     */
    private static void rewrite(Path file, String name, Object value, int n) throws IOException {
        Checkpoint c = CheckpointFile.read(file);
        CheckpointFile.write(file, copy(c, n, entry -> false, Map.of(name, value)).build());
    }

    /** A builder with {@code c}'s entries but those {@code drop} names, {@code replace}'s values in place of theirs. */
    private static Checkpoint.Builder copy(Checkpoint c, int n, java.util.function.Predicate<String> drop,
                                           Map<String, Object> replace) {
        Checkpoint.Builder b = Checkpoint.builder(c.kind());
        for (String entry : c.names()) {
            if (drop.test(entry)) {
                continue;
            }
            Object v = replace.containsKey(entry) ? replace.get(entry) : entryValue(c, entry, n);
            if (v instanceof String text) {
                b.put(entry, text);
            } else if (v instanceof Long integer) {
                b.put(entry, (long) integer);
            } else if (v instanceof Double number) {
                b.put(entry, (double) number);
            } else if (v instanceof float[] floats) {
                b.put(entry, floats);
            } else {
                b.put(entry, (double[]) v);
            }
        }
        return b;
    }

    /** An entry's value, of whichever type it has. */
    private static Object entryValue(Checkpoint c, String entry, int n) {
        for (java.util.concurrent.Callable<Object> get : List.<java.util.concurrent.Callable<Object>>of(
                () -> c.string(entry), () -> c.integer(entry), () -> c.number(entry), () -> c.floats(entry, n),
                () -> c.doubles(entry))) {
            try {
                return get.call();
            } catch (Exception wrongType) {
                // try the next type
            }
        }
        throw new AssertionError("entry " + entry + " has no readable type");
    }

    private Path written(TrainingState<LstmWeights> state, MetaTrainingSettings s) throws IOException {
        Path file = dir.resolve("meta-train.ckpt");
        TrainingCheckpoint.write(file, state, SPEC, s);
        return file;
    }

    @Test
    void everyFieldReadsBackBitForBit() throws IOException {
        MetaTrainingSettings s = settings();
        TrainingState<LstmWeights> saved = state(s);
        TrainingState<LstmWeights> read = TrainingCheckpoint.read(written(saved, s), SPEC, s);
        assertSameState(saved, read);
        assertEquals(4, read.bestEpoch());
        assertEquals(0.5, read.bestValidationLoss(), 0);
    }

    private static void assertSameState(TrainingState<LstmWeights> saved, TrainingState<LstmWeights> read) {
        assertEquals(saved.weights(), read.weights());
        assertEquals(saved.metaOptimizerName(), read.metaOptimizerName());
        assertEquals(saved.metaOptimizerArrays().keySet(), read.metaOptimizerArrays().keySet());
        saved.metaOptimizerArrays().forEach((name, values) -> assertArrayEquals(values, read.metaOptimizerArrays().get(name), name));
        assertEquals(saved.metaOptimizerSteps(), read.metaOptimizerSteps());
        assertEquals(saved.best(), read.best());
        assertArrayEquals(saved.averageSum(), read.averageSum());
        assertArrayEquals(saved.validated(), read.validated());
        assertEquals(saved.validations(), read.validations());
        assertEquals(saved.metaSteps(), read.metaSteps());
        assertEquals(saved.epoch(), read.epoch());
        assertEquals(saved.skippedSteps(), read.skippedSteps());
        assertEquals(saved.unrolls(), read.unrolls());
        assertEquals(saved.seconds(), read.seconds(), 0);
        assertEquals(saved.bestEpoch(), read.bestEpoch());
        assertEquals(saved.bestValidationLoss(), read.bestValidationLoss(), 0);
        assertEquals(saved.validationBaseline(), read.validationBaseline());
    }

    /** A run that keeps a moving average saves its sum and reads it back; one that keeps none saves none. */
    @Test
    void theMovingAverageReadsBackAndIsSavedOnlyWhereKept() throws IOException {
        MetaTrainingSettings s = settings();
        assertFalse(CheckpointFile.read(written(state(s), s)).names().contains(TrainingCheckpoint.AVERAGE_SUM));

        MetaTrainingSettings averaged = s.toBuilder().averageDecay(0.9).build();
        TrainingState<LstmWeights> saved = state(averaged);
        TrainingState<LstmWeights> read = TrainingCheckpoint.read(written(saved, averaged), SPEC, averaged);
        assertSameState(saved, read);
        assertFalse(Arrays.equals(read.metaParameters(), read.validated()), "validation should score the average");

        Path file = written(saved, averaged);
        float[] inf = saved.averageSum();
        inf[2] = Float.POSITIVE_INFINITY;
        rewrite(file, TrainingCheckpoint.AVERAGE_SUM, inf, s.lstm().parameterCount());
        assertTrue(refusal(file, SPEC, averaged).contains("\"average_sum\" value #2 is Infinity"));
        // a checkpoint of a run without the average does not resume one with it, nor the other way round
        assertTrue(refusal(written(state(s), s), SPEC, averaged).contains("setting.schedule.averageDecay"));
        assertTrue(refusal(written(saved, averaged), SPEC, s).contains("setting.schedule.averageDecay"));
    }

    /** A mixture's validation baseline reads back; a checkpoint without one (one family, an older build) has none. */
    @Test
    void theValidationBaselineReadsBackAndIsEmptyWhereNoneWasSaved() throws IOException {
        MetaTrainingSettings s = settings();
        TrainingState<LstmWeights> saved = state(s);
        assertEquals(List.of(), TrainingCheckpoint.read(written(saved, s), SPEC, s).validationBaseline());
        assertFalse(CheckpointFile.read(written(saved, s)).names().contains(TrainingCheckpoint.VALIDATION_BASELINE));

        saved.keepValidationBaseline(List.of(0.03, 0.0055));
        TrainingState<LstmWeights> read = TrainingCheckpoint.read(written(saved, s), SPEC, s);
        assertEquals(List.of(0.03, 0.0055), read.validationBaseline());
        assertSameState(saved, read);

        Path file = written(saved, s);
        rewrite(file, TrainingCheckpoint.VALIDATION_BASELINE, new double[] {0.03, -1}, s.lstm().parameterCount());
        String message = refusal(file, SPEC, s);
        assertTrue(message.contains("\"validation_baseline_rates\": a learning rate must be finite and positive, got -1.0"),
                message);
    }

    /** The meta-optimizer's state is saved under its own names, whatever the rule: Adam's two moments here. */
    @Test
    void theMetaOptimizerStateIsSavedByName() throws IOException {
        MetaTrainingSettings s = settings();
        Checkpoint c = CheckpointFile.read(written(state(s), s));
        assertEquals("adam", c.string("meta_optimizer"));
        assertEquals(11, c.integer("meta_optimizer_steps"));
        assertTrue(c.names().containsAll(List.of("meta_optimizer.mean", "meta_optimizer.mean_square")), c.names().toString());
        assertFalse(c.names().contains("adam_mean"), c.names().toString());
    }

    private String refusal(Path file, String spec, MetaTrainingSettings s) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingCheckpoint.read(file, spec, s));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingWhatDiffers() throws IOException {
        MetaTrainingSettings s = settings();
        Path file = written(state(s), s);
        assertTrue(refusal(file, "mnist", s).contains("was written with problem = " + SPEC + ", but the problem is mnist"));
        String lr = refusal(file, SPEC, MetaTrainerTest.settings(6, 2e-2, 1));
        assertTrue(lr.contains("setting.schedule.metaLearningRate = 0.01, but this run's schedule.metaLearningRate is 0.02"), lr);
        assertTrue(lr.contains("(a resumed run may change only compute.threads, schedule.epochs)"), lr);
        MetaTrainingSettings wider = s.toBuilder().lstm(new LstmConfig(2, 40, Preprocessing.logSign(10), 0.1)).build();
        String hidden = refusal(file, SPEC, wider);
        assertTrue(hidden.contains("setting.lstm.hidden = 20, but this run's lstm.hidden is 40"), hidden);
        assertTrue(refusal(file, SPEC, MetaTrainerTest.settings(3, 1e-2, 1)).contains("\"epoch\" is 4, expected 0..3"));
    }

    @Test
    void moreEpochsOrAnotherThreadCountMayResume() throws IOException {
        MetaTrainingSettings s = settings();
        Path file = written(state(s), s);
        assertEquals(4, TrainingCheckpoint.read(file, SPEC, MetaTrainerTest.settings(100, 1e-2, 1)).epoch());
        assertEquals(4, TrainingCheckpoint.read(file, SPEC, MetaTrainerTest.settings(6, 1e-2, 2)).epoch());
    }

    @Test
    void epochsMayNotChangeWhenTheRateDecaysOverThem() throws IOException {
        MetaTrainingSettings decaying = MetaTrainerTest.settings(6, 1e-2, 1, 1, 0.1, 0);
        Path file = written(state(decaying), decaying);
        String message = refusal(file, SPEC, MetaTrainerTest.settings(10, 1e-2, 1, 1, 0.1, 0));
        assertTrue(message.contains("setting.schedule.epochs = 6, but this run's schedule.epochs is 10 (a resumed run may"
                + " change only compute.threads; not schedule.epochs: the learning rate or"
                + " the horizon is scheduled over them)"), message);
        assertEquals(4, TrainingCheckpoint.read(file, SPEC, MetaTrainerTest.settings(6, 1e-2, 2, 1, 0.1, 0)).epoch());
    }

    /** The calibration seeds shape the file the run ends with, so a resumed run keeps them as every other setting. */
    @Test
    void theCalibrationSeedsMayNotChangeOnResume() throws IOException {
        MetaTrainingSettings s = settings();
        Path file = written(state(s), s);
        String message = refusal(file, SPEC, s.toBuilder().calibrationSeeds(s.validation().calibrationSeeds() + 1).build());
        assertTrue(message.contains("setting.validation.calibrationSeeds = " + s.validation().calibrationSeeds()), message);
    }

    @Test
    void everySettingIsStoredUnderItsDottedKeyAsCanonicalText() {
        Map<String, Object> entries = TrainingCheckpoint.settingEntries(settings());
        assertEquals("12", String.valueOf(entries.get("trajectory.steps")));
        assertEquals("0.01", String.valueOf(entries.get("schedule.metaLearningRate")));
        assertEquals("FIRST_ORDER", String.valueOf(entries.get("estimator.metaGradient")));
        assertEquals("LOG_SIGN", String.valueOf(entries.get("lstm.preprocessing.kind")));
        assertEquals("0", String.valueOf(entries.get("lstm.base.correctionSteps")));
    }

    /** The build before the settings codec wrote kind "meta-training" with entries such as setting.lstm = LstmConfig[...]. */
    @Test
    void aCheckpointWithSettingsStoredAsTextIsRefusedAsOneOfAnEarlierBuild() throws IOException {
        Path earlier = dir.resolve("earlier.ckpt");
        CheckpointFile.write(earlier, Checkpoint.builder("meta-training").put("problem", SPEC)
                .put("setting.lstm", "LstmConfig[layers=2, hidden=20]").build());
        String message = refusal(earlier, SPEC, settings());
        assertTrue(message.endsWith(": written by an earlier l2l4j build (settings stored as text); it cannot be resumed"
                + " by this build: start a new run, or finish this one with the build that wrote it"), message);
    }

    @Test
    void aSettingThisBuildDoesNotKnowIsRefused() throws IOException {
        MetaTrainingSettings s = settings();
        Checkpoint.Builder later = Checkpoint.builder(TrainingCheckpoint.KIND).put("problem", SPEC)
                .put("random_streams", TrainingCheckpoint.RANDOM_STREAMS);
        TrainingCheckpoint.settingEntries(s).forEach((key, value) -> later.put("setting." + key, String.valueOf(value)));
        Path file = dir.resolve("later.ckpt");
        CheckpointFile.write(file, later.put("setting.schedule.warmup", "5").build());
        String message = refusal(file, SPEC, s);
        assertTrue(message.contains("was written with setting.schedule.warmup, a setting this build does not know"), message);
    }

    /** A checkpoint from before a setting existed: as if written with it at 0, the value a missing key decodes as. */
    @Test
    void aSettingAddedLaterResumesAtItsZeroValueOnly() throws IOException {
        MetaTrainingSettings s = settings();
        TrainingState<LstmWeights> state = state(s);
        Path file = written(state, s);
        Checkpoint c = CheckpointFile.read(file);
        int n = s.lstm().parameterCount();
        CheckpointFile.write(file, copy(c, n, entry -> entry.equals("setting.schedule.clipNorm"), Map.of()).build());

        assertSameState(state, TrainingCheckpoint.read(file, SPEC, s));
        MetaTrainingSettings clipped = s.toBuilder().clipNorm(1).build();
        String message = refusal(file, SPEC, clipped);
        assertTrue(message.contains("setting.schedule.clipNorm"), message);
    }

    /** Damage behind a valid checksum, as a buggy writer or a hand edit would leave it. */
    @Test
    void impossibleContentIsRefusedNamingTheEntry() throws IOException {
        MetaTrainingSettings s = settings();
        int n = s.lstm().parameterCount();
        float[] nan = state(s).weights().values();
        nan[7] = Float.NaN;
        Path file = written(state(s), s);
        rewrite(file, "weights", nan, n);
        assertTrue(refusal(file, SPEC, s).contains("\"weights\" value #7 is NaN"));

        float[] inf = state(s).metaOptimizerArrays().get("mean");
        inf[3] = Float.NEGATIVE_INFINITY;
        file = written(state(s), s);
        rewrite(file, "meta_optimizer.mean", inf, n);
        assertTrue(refusal(file, SPEC, s).contains("\"meta_optimizer.mean\" value #3 is -Infinity"));

        float[] negative = state(s).metaOptimizerArrays().get("mean_square");
        negative[0] = -1;
        file = written(state(s), s);
        rewrite(file, "meta_optimizer.mean_square", negative, n);
        String message = refusal(file, SPEC, s);
        assertTrue(message.contains("meta-optimizer's saved state does not fit it: mean_square value #0 is negative"), message);

        file = written(state(s), s);
        rewrite(file, "meta_optimizer", "sgd", n);
        assertTrue(refusal(file, SPEC, s).contains("was written with meta-optimizer sgd, but this run's is adam"));

        file = written(state(s), s);
        rewrite(file, "best_epoch", 2L, n);
        assertTrue(refusal(file, SPEC, s).contains("does not match the validation history"));

        file = written(state(s), s);
        rewrite(file, "unrolls", 3L, n);
        assertTrue(refusal(file, SPEC, s).contains("inconsistent counters"));

        // The weights of a smaller LSTM under the settings of the default one: a wrong shape.
        MetaTrainingSettings small = s.toBuilder().lstm(new LstmConfig(1, 5, Preprocessing.logSign(10), 0.1)).build();
        TrainingState<LstmWeights> shape = TrainingState.start(small);
        int expected = s.lstm().parameterCount();
        assertTrue(refusal(written(shape, s), SPEC, s).contains("\"weights\" has " + small.lstm().parameterCount()
                + " values, expected " + expected));

        Path foreign = dir.resolve("other.ckpt");
        CheckpointFile.write(foreign, Checkpoint.builder("something-else").put("epoch", 1L).build());
        assertTrue(refusal(foreign, SPEC, s).contains("holds a \"something-else\" checkpoint, not a meta-training/2 one"));
    }

    /** 1,000 damaged copies of a real checkpoint: each refused with the file named, none loaded. */
    @Test
    void fuzzEveryDamagedCheckpointIsRefusedWithTheFileNamed() throws IOException {
        MetaTrainingSettings s = settings();
        byte[] good = Files.readAllBytes(written(state(s), s));
        Path file = dir.resolve("fuzzed.ckpt");
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 1000; i++) {
            FileMutations.Mutation m = FileMutations.mutate(good, random);
            Files.write(file, m.bytes());
            try {
                TrainingCheckpoint.read(file, SPEC, s);
                fail("mutation " + i + " (" + m.description() + ") was loaded");
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("mutation " + i + " (" + m.description() + "): " + e, e);
            }
        }
    }
}
