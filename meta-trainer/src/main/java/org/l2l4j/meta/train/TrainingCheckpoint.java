package org.l2l4j.meta.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.l2l4j.core.Checkpoint;
import org.l2l4j.core.CheckpointException;
import org.l2l4j.core.CheckpointFile;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.lstm.LstmWeights;

/**
 * A {@link TrainingState} on disk, as a {@link CheckpointFile} of kind {@value #KIND} (the LSTM optimizer's
 * meta-training, {@link MetaTrainer}) or {@value #LEARNED_INIT_KIND} ({@link LearnedInitTrainer}; its
 * {@code weights} are [φ; θ<sub>0</sub>] and an epoch is a meta-step), together with the problem spec and
 * every setting of the run that wrote it, one entry {@code setting.<key>} per dotted key of
 * {@link SettingsCodec#flatten} holding its canonical text. Both trainers' checkpoints are written and
 * checked by the same code.
 *
 * <p>On reading, the checkpoint must belong to the run that resumes it: same kind, same problem and same
 * settings, except the thread count (it changes nothing but the order in which per-thread partial
 * meta-gradients are summed, so results may then differ in the last bits) and the number of epochs
 * (meta-steps), which may grow or shrink to no fewer than those done, as long as the schedule does not
 * depend on them ({@link ScheduleSettings#scheduledByEpochs}; a learned initialisation's never does).
 * Every setting is compared, including ones added to the settings records later: a checkpoint written before
 * one was added resumes a run that has it at its zero value (what {@link SettingsCodec} decodes a missing key
 * as), and no other. The meta-optimizer's
 * state is saved by name, whatever the rule ({@code meta_optimizer.mean} and
 * {@code meta_optimizer.mean_square} for Adam). The weights and the meta-optimizer's state must be finite
 * and the counters consistent; anything else is a {@link CheckpointException} naming the file and the entry. Checkpoints of the earlier kind {@value #TEXT_SETTINGS_KIND}, whose settings were stored
 * as the records' text, are refused by name.
 */
public final class TrainingCheckpoint {

    static final String KIND = "meta-training/2";
    static final String LEARNED_INIT_KIND = "learned-init-training/1";
    /** The meta-optimizer's name; its state's arrays are saved as {@code meta_optimizer.<name>}. */
    static final String META_OPTIMIZER = "meta_optimizer";
    static final String META_OPTIMIZER_STEPS = "meta_optimizer_steps";
    /** A mixture's validation baseline, its learning rate per family; absent for one family and in older checkpoints. */
    static final String VALIDATION_BASELINE = "validation_baseline_rates";
    /** The moving average's sum s, before its correction ({@link TrainingState}); only in a run that keeps one. */
    static final String AVERAGE_SUM = "average_sum";
    /** The kind of checkpoints written by the builds that stored settings as their records' text. */
    static final String TEXT_SETTINGS_KIND = "meta-training";
    private static final String SETTING = "setting.";
    private static final String THREADS = "compute.threads";
    private static final String EPOCHS = "schedule.epochs";
    private static final String ITERATIONS = "iterations";
    private static final String METHOD = "method";
    /** Names the derivation of the per-epoch random streams; a build that derives them differently must not resume. */
    static final String RANDOM_STREAMS = "splitmix64(splitmix64(seed) + epoch), v1";

    private TrainingCheckpoint() {
    }

    /**
     * The run a checkpoint belongs to: the checkpoint's {@code kind}, the {@code problem} spec, the
     * {@code settings} by dotted key, those that {@code mayChange} on resume, the key of the number of
     * {@code epochs} (which bounds the epochs done), and the run's state at epoch 0 ({@code start}: the
     * meta-parameters' count and the meta-optimizer's rule).
     */
    private record Owner<W>(String kind, String problem, Map<String, Object> settings, Set<String> mayChange,
                            String epochsKey, int epochs, Supplier<TrainingState<W>> start) {

        static Owner<LstmWeights> of(String problemSpec, MetaTrainingSettings settings) {
            return new Owner<>(KIND, problemSpec, settingEntries(settings), TrainingCheckpoint.mayChange(settings),
                    EPOCHS, settings.schedule().epochs(), () -> TrainingState.start(settings));
        }

        /** The method's setting first: another method's checkpoint is refused naming it, not a default it changes. */
        static Owner<float[]> of(LearnedInitTrainer trainer) {
            Map<String, Object> settings = new LinkedHashMap<>();
            Map<String, Object> all = settingEntries(trainer.settings());
            settings.put(METHOD, all.get(METHOD));
            settings.putAll(all);
            return new Owner<>(LEARNED_INIT_KIND, trainer.problemSpec(), settings, Set.of(ITERATIONS), ITERATIONS,
                    trainer.settings().iterations(), trainer::start);
        }
    }

    /** Writes {@code state} of a run on {@code problemSpec} with {@code settings} to {@code file}, atomically. */
    public static void write(Path file, TrainingState<LstmWeights> state, String problemSpec,
                             MetaTrainingSettings settings) throws IOException {
        write(file, state, Owner.of(problemSpec, settings));
    }

    /** Writes {@code state} of {@code trainer}'s run to {@code file}, atomically. */
    public static void write(Path file, TrainingState<float[]> state, LearnedInitTrainer trainer) throws IOException {
        write(file, state, Owner.of(trainer));
    }

    private static void write(Path file, TrainingState<?> state, Owner<?> owner) throws IOException {
        Checkpoint.Builder c = Checkpoint.builder(owner.kind())
                .put("problem", owner.problem())
                .put("random_streams", RANDOM_STREAMS);
        owner.settings().forEach((key, value) -> c.put(SETTING + key, String.valueOf(value)));
        c.put("epoch", state.epoch())
                .put("meta_steps", state.metaSteps())
                .put("skipped_steps", state.skippedSteps())
                .put("unrolls", state.unrolls())
                .put("seconds", state.seconds())
                .put("weights", state.metaParameters())
                .put(META_OPTIMIZER, state.metaOptimizerName())
                .put(META_OPTIMIZER_STEPS, state.metaOptimizerSteps());
        state.metaOptimizerArrays().forEach((name, values) -> c.put(META_OPTIMIZER + "." + name, values));
        float[] averageSum = state.averageSum();
        if (averageSum != null) {
            c.put(AVERAGE_SUM, averageSum);
        }
        c.put("best_weights", state.bestMetaParameters())
                .put("best_validation_loss", state.bestValidationLoss())
                .put("best_epoch", state.bestEpoch())
                .put("validation_epochs", state.validations().stream().mapToDouble(TrainingState.Validation::epoch).toArray())
                .put("validation_losses", state.validations().stream().mapToDouble(TrainingState.Validation::loss).toArray());
        if (!state.validationBaseline().isEmpty()) {
            c.put(VALIDATION_BASELINE, state.validationBaseline().stream().mapToDouble(Double::doubleValue).toArray());
        }
        CheckpointFile.write(file, c.build());
    }

    /**
     * Reads the state saved in {@code file} and checks that it belongs to a run on {@code problemSpec}
     * with {@code settings}.
     */
    public static TrainingState<LstmWeights> read(Path file, String problemSpec, MetaTrainingSettings settings)
            throws IOException {
        return read(file, Owner.of(problemSpec, settings));
    }

    /** Reads the state saved in {@code file} and checks that it belongs to {@code trainer}'s run. */
    public static TrainingState<float[]> read(Path file, LearnedInitTrainer trainer) throws IOException {
        return read(file, Owner.of(trainer));
    }

    private static <W> TrainingState<W> read(Path file, Owner<W> owner) throws IOException {
        Checkpoint c = CheckpointFile.read(file);
        if (TEXT_SETTINGS_KIND.equals(c.kind())) {
            throw c.problem("written by an earlier l2l4j build (settings stored as text); it cannot be resumed by this"
                    + " build: start a new run, or finish this one with the build that wrote it");
        }
        if (!owner.kind().equals(c.kind())) {
            throw c.problem("holds a \"" + c.kind() + "\" checkpoint, not a " + owner.kind() + " one");
        }
        requireSame(c, "problem", c.string("problem"), owner.problem(), "the problem", owner);
        requireSame(c, "random_streams", c.string("random_streams"), RANDOM_STREAMS, "the random streams of this build",
                owner);
        Map<String, Object> entries = owner.settings();
        for (String name : c.names()) {
            if (name.startsWith(SETTING) && !entries.containsKey(name.substring(SETTING.length()))) {
                throw c.problem("was written with " + name + ", a setting this build does not know");
            }
        }
        for (Map.Entry<String, Object> setting : entries.entrySet()) {
            String entry = SETTING + setting.getKey();
            String wanted = String.valueOf(setting.getValue());
            if (!owner.mayChange().contains(setting.getKey())) {
                // a setting added after the checkpoint was written had its zero value, as SettingsCodec decodes it
                String saved = c.names().contains(entry) || !SettingsCodec.isZero(setting.getValue()) ? c.string(entry)
                        : wanted;
                requireSame(c, entry, saved, wanted, "this run's " + setting.getKey(), owner);
            }
        }

        TrainingState<W> fresh = owner.start().get();
        int n = fresh.metaParameters().length;
        int epoch = c.integer("epoch", 0, owner.epochs());
        TrainingState.Progress progress = new TrainingState.Progress(epoch, c.integer("meta_steps", 0, Integer.MAX_VALUE),
                c.integer("skipped_steps", 0, Integer.MAX_VALUE), c.integer("unrolls"), c.number("seconds"));
        if (progress.unrolls() < (long) progress.metaSteps() + progress.skippedSteps() || !(progress.seconds() >= 0)) {
            throw c.problem("inconsistent counters: " + progress.unrolls() + " unrolls, " + progress.metaSteps()
                    + " meta-steps, " + progress.skippedSteps() + " skipped, " + progress.seconds() + " s");
        }
        float[] weights = finite(c, "weights", n);
        if (!c.string(META_OPTIMIZER).equals(fresh.metaOptimizerName())) {
            throw c.problem("was written with meta-optimizer " + c.string(META_OPTIMIZER) + ", but this run's is "
                    + fresh.metaOptimizerName());
        }
        Map<String, float[]> metaOptimizerArrays = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> array : fresh.metaOptimizerArrays().entrySet()) {
            metaOptimizerArrays.put(array.getKey(), finite(c, META_OPTIMIZER + "." + array.getKey(), array.getValue().length));
        }
        int metaOptimizerSteps = c.integer(META_OPTIMIZER_STEPS, 0, Integer.MAX_VALUE);
        // the settings match, so the average is there exactly when this run keeps one
        float[] averageSum = fresh.averageSum() == null ? null : finite(c, AVERAGE_SUM, n);
        float[] best = finite(c, "best_weights", n);
        TrainingState<W> state;
        try {
            state = fresh.restore(progress, weights, metaOptimizerArrays, metaOptimizerSteps, averageSum, best,
                    validations(c, epoch));
        } catch (IllegalArgumentException e) {
            throw c.problem("the meta-optimizer's saved state does not fit it: " + e.getMessage());
        }
        if (c.names().contains(VALIDATION_BASELINE)) {
            try {
                state.keepValidationBaseline(Arrays.stream(c.doubles(VALIDATION_BASELINE)).boxed().toList());
            } catch (IllegalArgumentException e) {
                throw c.problem("\"" + VALIDATION_BASELINE + "\": " + e.getMessage());
            }
        }
        int bestEpoch = c.integer("best_epoch", 0, epoch);
        double bestLoss = c.number("best_validation_loss");
        if (bestEpoch != state.bestEpoch() || Double.compare(bestLoss, state.bestValidationLoss()) != 0) {
            throw c.problem("the best validation (epoch " + bestEpoch + ", loss " + bestLoss
                    + ") does not match the validation history (epoch " + state.bestEpoch() + ", loss "
                    + state.bestValidationLoss() + ")");
        }
        return state;
    }

    /** The validation history, its epochs rising within 1..{@code epoch}. */
    private static List<TrainingState.Validation> validations(Checkpoint c, int epoch) throws CheckpointException {
        double[] losses = c.doubles("validation_losses");
        int count = losses.length;
        double[] epochs = c.doubles("validation_epochs", count);
        List<TrainingState.Validation> validations = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < count; i++) {
            int e = (int) epochs[i];
            if (e != epochs[i] || e <= previous || e > epoch) {
                throw c.problem("\"validation_epochs\" must rise within 1.." + epoch + ", got " + epochs[i]
                        + " after " + previous);
            }
            validations.add(new TrainingState.Validation(e, losses[i]));
            previous = e;
        }
        return validations;
    }

    private static float[] finite(Checkpoint c, String name, int n) throws CheckpointException {
        float[] values = c.floats(name, n);
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values[i])) {
                throw c.problem("\"" + name + "\" value #" + i + " is " + values[i]);
            }
        }
        return values;
    }

    /** The settings (dotted keys) a resumed run may set differently from the run that wrote the checkpoint. */
    static Set<String> mayChange(MetaTrainingSettings settings) {
        return settings.schedule().scheduledByEpochs() ? Set.of(THREADS) : Set.of(THREADS, EPOCHS);
    }

    private static void requireSame(Checkpoint c, String entry, String saved, String wanted, String what,
                                    Owner<?> owner) throws CheckpointException {
        if (!saved.equals(wanted)) {
            throw c.problem("was written with " + entry + " = " + saved + ", but " + what + " is " + wanted
                    + " (a resumed run may change only " + String.join(", ", owner.mayChange().stream().sorted().toList())
                    + (owner.mayChange().contains(owner.epochsKey()) ? "" : "; not " + owner.epochsKey()
                    + ": the learning rate or the horizon is scheduled over them") + ")");
        }
    }

    /**
     * Every setting by its dotted key, as encoded; its canonical text ({@code String.valueOf}) is what the
     * checkpoint stores and compares.
     */
    static Map<String, Object> settingEntries(Record settings) {
        return SettingsCodec.flatten(SettingsCodec.encode(settings));
    }
}
