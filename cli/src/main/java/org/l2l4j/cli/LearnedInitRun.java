package org.l2l4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.l2l4j.core.Episode;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SettingException;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.LearnedInitFile;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.InitMethod;
import org.l2l4j.meta.train.LearnedInitSettings;
import org.l2l4j.meta.train.LearnedInitTrainer;
import org.l2l4j.meta.train.TrainingCheckpoint;
import org.l2l4j.meta.train.TrainingState;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code l2l meta-train --method maml|fomaml|reptile|meta-sgd} and {@code --method lstm --learn-init}: meta-trains
 * a learned initialisation on a few-shot problem and writes it to {@code --out} (a learned-initialisation
 * file). meta-train's flags carry over where they have a meaning here ({@link #FLAGS}: {@code --steps} are the
 * inner steps, {@code --epochs} the meta-steps, {@code --optimizees-per-step} the tasks per meta-step); one that
 * has none is refused by name rather than ignored. {@code --checkpoint-dir}, {@code --save-every} (in meta-steps,
 * default {@value #SAVE_EVERY}) and {@code --resume} work as for the LSTM optimizer ({@link CheckpointDirectory}):
 * a resumed run ends with the file an uninterrupted one writes.
 */
final class LearnedInitRun {

    /** meta-train's flags that a learned initialisation reads, and the setting each gives. */
    private static final Map<String, String> FLAGS = Map.of(
            "innerSteps", "--steps",
            "innerLearningRate", "--inner-lr",
            "tasksPerStep", "--optimizees-per-step",
            "iterations", "--epochs",
            "metaLearningRate", "--lr",
            "clipNorm", "--clip",
            "validateEvery", "--validate-every",
            "validationTasks", "--validation-seeds",
            "method", "--method");

    /** Flags of the LSTM optimizer's trajectory training that have no meaning for a learned initialisation. */
    private static final List<String> TRAJECTORY_ONLY = List.of("--unroll", "--lr-final", "--random-scale", "--stratify",
            "--average", "--patience", "--objective", "--select", "--curriculum", "--min-steps", "--meta-gradient",
            "--checkpoint-every", "--calibration-seeds", "--compare");

    /** The LSTM's own flags: for {@code --method lstm} only. */
    private static final List<String> LSTM_ONLY = List.of("--layers", "--hidden", "--preprocess", "--p", "--beta1",
            "--beta2", "--epsilon", "--input-clamp", "--step-features", "--momentum-features", "--scale", "--magnitude-scale", "--base-lr",
            "--base-momentum", "--base-step", "--correction-steps");

    /** Meta-steps between checkpoints unless {@code --save-every} says otherwise: a meta-step is short. */
    static final int SAVE_EVERY = 1000;

    private final MetaTrainCommand flags;
    private final InitMethod method;
    private final CommandLine cli;

    LearnedInitRun(MetaTrainCommand flags, InitMethod method) {
        this.flags = flags;
        this.method = method;
        this.cli = flags.spec.commandLine();
    }

    /** Checks every flag and the problem, and returns the training, not started. */
    CheckedCommand.Run prepare() throws IOException {
        if (flags.learnInit && method != InitMethod.LSTM) {
            throw new ParameterException(cli, "--learn-init: " + method + " always learns the initialisation; the flag"
                    + " adds one to --method lstm");
        }
        for (String flag : TRAJECTORY_ONLY) {
            refuseIfGiven(flag, "does not apply to a learned initialisation (--method " + method
                    + (flags.learnInit ? " --learn-init" : "") + ")");
        }
        if (method != InitMethod.LSTM) {
            for (String flag : LSTM_ONLY) {
                refuseIfGiven(flag, "sets the LSTM optimizer, which --method " + method + " does not use");
            }
        } else {
            refuseIfGiven("--inner-lr", "--method lstm --learn-init adapts with the LSTM, which has no learning rate");
        }
        Problem problem = flags.problemOptions.problem(cli);
        LearnedInitSettings settings = settings();
        if (!(problem.sample(new SplittableRandom(settings.seed()).nextLong()) instanceof Episode episode)) {
            throw new ParameterException(cli, "--problem: " + method + " learns an initialisation from few-shot tasks"
                    + " (support and query sets), which " + problem.spec() + " has not; valid: sinusoid, fewshot");
        }
        Path file = TrainingLogFiles.optimizerFile(flags.out, method.toString(), problem, cli);
        CheckpointDirectory checkpoints = CheckpointDirectory.claim(flags, file,
                given("--save-every") ? flags.saveEvery : SAVE_EVERY, cli);
        try {
            LearnedInitTrainer trainer = new LearnedInitTrainer(problem, settings, LstmKernel.create(flags.threads));
            TrainingState<float[]> state = checkpoints.startingState(trainer::start,
                    checkpoint -> TrainingCheckpoint.read(checkpoint, trainer));
            TrainingLogFiles log = TrainingLogFiles.open(file, List.of(problem.spec()), state.epoch());
            return checkpoints.run(() -> train(trainer, settings, state, checkpoints, log, problem, episode, file));
        } catch (RuntimeException e) {
            checkpoints.close();
            throw e;
        }
    }

    /**
     * Meta-trains from {@code state}, printing each validation and adding it to the training log (a row per
     * validation and one for the last meta-step: a row per meta-step would rewrite the log thousands of times),
     * rewriting {@code file} whenever validation improves (so an interrupted run keeps its best so far) and
     * saving checkpoints as the flags say.
     */
    private int train(LearnedInitTrainer trainer, LearnedInitSettings settings, TrainingState<float[]> state,
                      CheckpointDirectory checkpoints, TrainingLogFiles log, Problem problem, Episode episode,
                      Path file) {
        PrintWriter stdout = cli.getOut();
        Progress progress = flags.main.progress();
        progress.message("l2l meta-train: %s on %s, %d meta-steps of %d tasks, %d inner steps", method, problem.spec(),
                settings.iterations(), settings.tasksPerStep(), settings.innerSteps());
        if (state.epoch() > 0) {
            progress.message("l2l meta-train: resuming %s after meta-step %d", checkpoints.file(), state.epoch());
            if (state.bestEpoch() > 0) { // --out holds the checkpoint's best, whatever a killed run left there
                write(file, trainer.kept(state), settings, problem, episode);
            }
        }
        LearnedInitTrainer.Result result = trainer.train(state, report -> {
            if (!Double.isNaN(report.validationLoss())) {
                stdout.printf("meta-step %d/%d  query loss %.4g  validation %.4g%s  elapsed %.1f s%n", report.epoch(),
                        report.epochs(), report.meanLoss(), report.validationLoss(), report.improved() ? " *best" : "",
                        report.elapsedSeconds());
                stdout.flush();
            }
            if (!Double.isNaN(report.validationLoss()) || report.epoch() == report.epochs()) {
                log.add(report);
            }
            if (report.improved()) {
                write(file, trainer.kept(state), settings, problem, episode);
            }
            checkpoints.saveIfDue(report,
                    checkpoint -> TrainingCheckpoint.write(checkpoint, state, trainer));
        });
        write(file, result, settings, problem, episode);
        stdout.printf("best validation query loss %.5g; wrote %s; %d meta-steps skipped as non-finite%n",
                result.bestValidationLoss(), file, result.skippedSteps());
        progress.message("l2l meta-train: done in %.1f s", progress.elapsedSeconds());
        return 0;
    }

    /** Writes {@code kept} to the learned-initialisation file, with the settings and the best validation. */
    private void write(Path file, LearnedInitTrainer.Result kept, LearnedInitSettings settings, Problem problem,
                       Episode episode) {
        Map<String, Object> training = new LinkedHashMap<>(SettingsCodec.flatten(SettingsCodec.encode(settings)));
        training.keySet().removeIf(key -> key.startsWith("lstm."));
        if (kept.bestIteration() > 0) {
            training.put("best_iteration", kept.bestIteration());
            training.put("best_validation_loss", kept.bestValidationLoss());
        }
        try {
            LearnedInitFile.write(file, method.flag(), kept.init(), episode.parameterLayout(), kept.learningRates(),
                    kept.lstm(), problem.spec(), training);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean given(String flag) {
        return cli.getParseResult().hasMatchedOption(flag);
    }

    private void refuseIfGiven(String flag, String why) {
        if (given(flag)) {
            throw new ParameterException(cli, flag + ": " + why);
        }
    }

    /** The settings at the method's defaults, with every flag given; a refused value names its flag. */
    private LearnedInitSettings settings() {
        LearnedInitSettings.Builder builder = LearnedInitSettings.builder(method).seed(flags.seed);
        if (given("--steps")) {
            builder.innerSteps(flags.steps);
        }
        if (flags.innerLr != null) {
            builder.innerLearningRate(flags.innerLr);
        }
        if (given("--optimizees-per-step")) {
            builder.tasksPerStep(flags.optimizeesPerStep);
        }
        if (given("--epochs")) {
            builder.iterations(flags.epochs);
        }
        if (given("--lr")) {
            builder.metaLearningRate(flags.lr);
        }
        if (given("--clip")) {
            builder.clipNorm(flags.clip);
        }
        if (given("--validate-every")) {
            builder.validateEvery(flags.validateEvery);
        }
        if (given("--validation-seeds")) {
            builder.validationTasks(flags.validationSeeds);
        }
        if (method == InitMethod.LSTM) {
            // the paper's LSTM alone adapts the learned θ0; a hand-made base step under it is opt-in here
            builder.lstm(given("--base-lr") ? flags.lstm(cli) : flags.lstm(cli).withBase(BaseStep.NONE));
        }
        try {
            return builder.build();
        } catch (SettingException e) {
            List<String> named = e.settings().stream()
                    .map(s -> FLAGS.getOrDefault(s, MetaTrainCommand.FLAGS.getOrDefault(s, s))).toList();
            throw new ParameterException(cli, String.join(", ", named) + ": " + Main.oneLine(e.rule()));
        }
    }
}
