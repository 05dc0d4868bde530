package org.l2l4j.meta.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2l4j.core.Checkpoint;
import org.l2l4j.core.CheckpointException;
import org.l2l4j.core.CheckpointFile;
import org.l2l4j.core.SettingsCodec;

/**
 * A {@link TrainingState} on disk, as a {@link CheckpointFile} of kind {@value #KIND}, together with the
 * problem spec and every setting of the run that wrote it, one entry {@code setting.<key>} per dotted key
 * of {@link SettingsCodec#flatten} holding its canonical text.
 *
 * <p>On reading, the checkpoint must belong to the run that resumes it: same problem and same settings,
 * except the thread count (it changes nothing but the order in which per-thread partial meta-gradients
 * are summed, so results may then differ in the last bits) and the number of epochs, which may grow or shrink to no fewer than those done, as long as the
 * schedule does not depend on them ({@link ScheduleSettings#scheduledByEpochs}). Every setting is
 * compared, including ones added to {@link MetaTrainingSettings} later. The meta-optimizer's state is saved
 * by name, whatever the rule ({@code meta_optimizer.mean} and {@code meta_optimizer.mean_square} for Adam).
 * The weights and the meta-optimizer's state must be finite and the counters consistent; anything else is a {@link CheckpointException} naming the file
 * and the entry. Checkpoints of the earlier kind {@value #TEXT_SETTINGS_KIND}, whose settings were stored
 * as the records' text, are refused by name.
 */
public final class TrainingCheckpoint {

    static final String KIND = "meta-training/2";
    /** The meta-optimizer's name; its state's arrays are saved as {@code meta_optimizer.<name>}. */
    static final String META_OPTIMIZER = "meta_optimizer";
    static final String META_OPTIMIZER_STEPS = "meta_optimizer_steps";
    /** The kind of checkpoints written by the builds that stored settings as their records' text. */
    static final String TEXT_SETTINGS_KIND = "meta-training";
    /** Names the derivation of the per-epoch random streams; a build that derives them differently must not resume. */
    private static final String SETTING = "setting.";
    private static final String THREADS = "compute.threads";
    private static final String EPOCHS = "schedule.epochs";
    static final String RANDOM_STREAMS = "splitmix64(splitmix64(seed) + epoch), v1";

    private TrainingCheckpoint() {
    }

    /** Writes {@code state} of a run on {@code problemSpec} with {@code settings} to {@code file}, atomically. */
    public static void write(Path file, TrainingState state, String problemSpec, MetaTrainingSettings settings)
            throws IOException {
        Checkpoint.Builder c = Checkpoint.builder(KIND)
                .put("problem", problemSpec)
                .put("random_streams", RANDOM_STREAMS);
        settingEntries(settings).forEach((key, value) -> c.put(SETTING + key, value));
        c.put("epoch", state.epoch())
                .put("meta_steps", state.metaSteps())
                .put("skipped_steps", state.skippedSteps())
                .put("unrolls", state.unrolls())
                .put("seconds", state.seconds())
                .put("weights", state.weights().values())
                .put(META_OPTIMIZER, state.metaOptimizerName())
                .put(META_OPTIMIZER_STEPS, state.metaOptimizerSteps());
        state.metaOptimizerArrays().forEach((name, values) -> c.put(META_OPTIMIZER + "." + name, values));
        c.put("best_weights", state.best().values())
                .put("best_validation_loss", state.bestValidationLoss())
                .put("best_epoch", state.bestEpoch())
                .put("validation_epochs", state.validations().stream().mapToDouble(TrainingState.Validation::epoch).toArray())
                .put("validation_losses", state.validations().stream().mapToDouble(TrainingState.Validation::loss).toArray());
        CheckpointFile.write(file, c.build());
    }

    /**
     * Reads the state saved in {@code file} and checks that it belongs to a run on {@code problemSpec}
     * with {@code settings}.
     */
    public static TrainingState read(Path file, String problemSpec, MetaTrainingSettings settings) throws IOException {
        Checkpoint c = CheckpointFile.read(file);
        if (TEXT_SETTINGS_KIND.equals(c.kind())) {
            throw c.problem("written by an earlier l2l4j build (settings stored as text); it cannot be resumed by this"
                    + " build: start a new run, or finish this one with the build that wrote it");
        }
        if (!KIND.equals(c.kind())) {
            throw c.problem("holds a \"" + c.kind() + "\" checkpoint, not a " + KIND + " one");
        }
        requireSame(c, "problem", c.string("problem"), problemSpec, "the problem", mayChange(settings));
        requireSame(c, "random_streams", c.string("random_streams"), RANDOM_STREAMS, "the random streams of this build",
                mayChange(settings));
        Set<String> mayChange = mayChange(settings);
        Map<String, String> entries = settingEntries(settings);
        for (String name : c.names()) {
            if (name.startsWith(SETTING) && !entries.containsKey(name.substring(SETTING.length()))) {
                throw c.problem("was written with " + name + ", a setting this build does not know");
            }
        }
        for (Map.Entry<String, String> setting : entries.entrySet()) {
            if (!mayChange.contains(setting.getKey())) {
                requireSame(c, SETTING + setting.getKey(), c.string(SETTING + setting.getKey()), setting.getValue(),
                        "this run's " + setting.getKey(), mayChange);
            }
        }

        int n = settings.lstm().parameterCount();
        int epoch = c.integer("epoch", 0, settings.schedule().epochs());
        TrainingState.Progress progress = new TrainingState.Progress(epoch, c.integer("meta_steps", 0, Integer.MAX_VALUE),
                c.integer("skipped_steps", 0, Integer.MAX_VALUE), c.integer("unrolls"), c.number("seconds"));
        if (progress.unrolls() < (long) progress.metaSteps() + progress.skippedSteps() || !(progress.seconds() >= 0)) {
            throw c.problem("inconsistent counters: " + progress.unrolls() + " unrolls, " + progress.metaSteps()
                    + " meta-steps, " + progress.skippedSteps() + " skipped, " + progress.seconds() + " s");
        }
        float[] weights = finite(c, "weights", n);
        TrainingState fresh = TrainingState.start(settings);
        if (!c.string(META_OPTIMIZER).equals(fresh.metaOptimizerName())) {
            throw c.problem("was written with meta-optimizer " + c.string(META_OPTIMIZER) + ", but this run's is "
                    + fresh.metaOptimizerName());
        }
        Map<String, float[]> metaOptimizerArrays = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> array : fresh.metaOptimizerArrays().entrySet()) {
            metaOptimizerArrays.put(array.getKey(), finite(c, META_OPTIMIZER + "." + array.getKey(), array.getValue().length));
        }
        int metaOptimizerSteps = c.integer(META_OPTIMIZER_STEPS, 0, Integer.MAX_VALUE);
        float[] best = finite(c, "best_weights", n);
        TrainingState state;
        try {
            state = TrainingState.restored(settings, progress, weights, metaOptimizerArrays, metaOptimizerSteps, best,
                    validations(c, epoch));
        } catch (IllegalArgumentException e) {
            throw c.problem("the meta-optimizer's saved state does not fit it: " + e.getMessage());
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
                                    Set<String> mayChange) throws CheckpointException {
        if (!saved.equals(wanted)) {
            throw c.problem("was written with " + entry + " = " + saved + ", but " + what + " is " + wanted
                    + " (a resumed run may change only " + String.join(", ", mayChange.stream().sorted().toList())
                    + (mayChange.contains(EPOCHS) ? "" : "; not " + EPOCHS + ": the learning rate or the horizon is scheduled over them")
                    + ")");
        }
    }

    /** Every setting by its dotted key, as canonical text: what the checkpoint stores and compares. */
    static Map<String, String> settingEntries(MetaTrainingSettings settings) {
        Map<String, String> entries = new LinkedHashMap<>();
        SettingsCodec.flatten(SettingsCodec.encode(settings)).forEach((key, value) -> entries.put(key, String.valueOf(value)));
        return entries;
    }
}
