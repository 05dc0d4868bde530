package org.l2l4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import org.l2l4j.lstm.Preprocessing;
import org.l2l4j.meta.train.EpochReport;
import org.l2l4j.meta.train.MetaTrainer;
import org.l2l4j.meta.train.MetaTrainingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code l2l meta-train}: trains an LSTM optimizer on a problem family and writes it, best by validation,
 * to {@code --out} each time validation improves (so an interrupted run keeps its best so far).
 */
@Command(name = "meta-train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Meta-train a coordinate-wise LSTM optimizer on a problem: one fresh optimizee per epoch,",
            "truncated BPTT in unrolls of K steps, Adam on the optimizer's weights, validation on held-out seeds."})
final class MetaTrainCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "T", description = "steps per trajectory (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--unroll", defaultValue = "20", paramLabel = "K", description = "steps per unroll / meta-step (default: ${DEFAULT-VALUE})")
    int unroll;

    @Option(names = "--epochs", defaultValue = "200", paramLabel = "E", description = "trajectories, one fresh optimizee each (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "X", description = "Adam learning rate on the optimizer's weights (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "seed of the initial weights and of every optimizee draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lr-final", defaultValue = "1", paramLabel = "F", description = "fraction of --lr left at the last epoch, cosine decay; 1 = constant (default: ${DEFAULT-VALUE})")
    double lrFinal;

    @Option(names = "--optimizees-per-step", defaultValue = "1", paramLabel = "B", description = "optimizees whose meta-gradients are averaged per meta-step (default: ${DEFAULT-VALUE})")
    int optimizeesPerStep;

    @Option(names = "--random-scale", defaultValue = "0", paramLabel = "S", description = "rescale each training optimizee's parameters by exp(U(-S, S)); 0 = off (default: ${DEFAULT-VALUE})")
    double randomScale;

    @Option(names = "--clip", defaultValue = "0", paramLabel = "NORM", description = "clip the meta-gradient's global norm; 0 = off (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--checkpoint-every", paramLabel = "k", description = "BPTT checkpoint segment length; 0 = keep all activations (default: ceil(sqrt(K)))")
    Integer checkpointEvery;

    @Option(names = "--validate-every", defaultValue = "10", paramLabel = "E", description = "validate every E epochs; 0 = off (default: ${DEFAULT-VALUE})")
    int validateEvery;

    @Option(names = "--validation-seeds", defaultValue = "10", paramLabel = "K", description = "held-out optimizees per validation (default: ${DEFAULT-VALUE})")
    int validationSeeds;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "kernel threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "L", description = "LSTM layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--hidden", defaultValue = "20", paramLabel = "H", description = "LSTM units per layer (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--preprocess", defaultValue = "log-sign", paramLabel = "KIND", description = "gradient input: log-sign or raw (default: ${DEFAULT-VALUE})")
    String preprocess;

    @Option(names = "--p", defaultValue = "10", paramLabel = "P", description = "log-sign preprocessing constant p (default: ${DEFAULT-VALUE})")
    double p;

    @Option(names = "--input-clamp", defaultValue = "0", paramLabel = "C", description = "clamp every input feature to [-C, C]; 0 = off (default: ${DEFAULT-VALUE})")
    double inputClamp;

    @Option(names = "--scale", defaultValue = "0.1", paramLabel = "S", description = "output scale of the update (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--out", paramLabel = "FILE", description = "the optimizer file (default: lstm-<problem>.l2l in the current directory)")
    Path out;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        Problem problem = problemOptions.problem(cli);
        MetaTrainingSettings settings = settings(cli);
        Path file = out != null ? out : Path.of("lstm-" + problem.spec().replaceAll("[^A-Za-z0-9=.-]+", "_") + ".l2l");
        requireWritable(file, cli);

        PrintWriter stdout = cli.getOut();
        Progress progress = main.progress();
        LstmKernel kernel = LstmKernel.create(settings.threads());
        progress.message("l2l meta-train: %s, %d epochs of %d steps in unrolls of %d, %s, kernel %s",
                problem.spec(), settings.epochs(), settings.steps(), settings.unroll(),
                settings.checkpointSegment() == 0 ? "no checkpointing" : "checkpoint every " + settings.checkpointSegment(),
                kernel.description());
        Map<String, Object> training = trainingInfo(settings);
        MetaTrainer trainer = new MetaTrainer(problem, settings, kernel);
        MetaTrainer.Result result = trainer.train(report -> {
            stdout.println(line(report));
            stdout.flush();
            if (report.improved()) {
                save(file, trainer.best(), problem, training, report);
            }
        });
        if (settings.validateEvery() == 0) {
            save(file, result.best(), problem, training, null);
        }
        stdout.printf("best validation loss %.5g; wrote %s; %d meta-steps skipped as non-finite%n",
                result.bestValidationLoss(), file, result.skippedSteps());
        progress.message("l2l meta-train: done in %.1f s", progress.elapsedSeconds());
        return 0;
    }

    private MetaTrainingSettings settings(CommandLine cli) {
        Preprocessing pre = switch (preprocess) {
            case "log-sign" -> Preprocessing.logSign(p);
            case "raw" -> Preprocessing.raw();
            default -> throw new ParameterException(cli, "--preprocess: unknown kind '" + preprocess + "'; valid: log-sign, raw");
        };
        try {
            LstmConfig lstm = new LstmConfig(layers, hidden, inputClamp > 0 ? pre.withClamp(inputClamp) : pre, scale);
            int segment = checkpointEvery != null ? checkpointEvery
                    : org.l2l4j.checkpointing.BackpropMemory.defaultSegment(unroll);
            return new MetaTrainingSettings(steps, unroll, epochs, lr, seed, clip, segment, validateEvery,
                    validationSeeds, threads, lstm, optimizeesPerStep, lrFinal, randomScale);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, Main.oneLine(e.getMessage()));
        }
    }

    private static void requireWritable(Path file, CommandLine cli) {
        if (Files.isDirectory(file)) {
            throw new ParameterException(cli, "--out: " + file + " is a directory; give a file name");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(cli, "--out: " + dir + " is not a directory");
        }
        if (dir != null && Files.isDirectory(dir) && !Files.isWritable(dir)) {
            throw new ParameterException(cli, "--out: directory " + dir + " is not writable");
        }
    }

    private static Map<String, Object> trainingInfo(MetaTrainingSettings s) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("steps", s.steps());
        info.put("unroll", s.unroll());
        info.put("epochs", s.epochs());
        info.put("meta_lr", s.metaLearningRate());
        info.put("seed", s.seed());
        info.put("clip_norm", s.clipNorm());
        info.put("validate_every", s.validateEvery());
        info.put("validation_seeds", s.validationSeeds());
        info.put("optimizees_per_step", s.optimizeesPerStep());
        info.put("lr_final_fraction", s.finalLearningRateFraction());
        info.put("random_scale", s.randomScale());
        return info;
    }

    private static void save(Path file, LstmWeights weights, Problem problem, Map<String, Object> training, EpochReport at) {
        Map<String, Object> info = new LinkedHashMap<>(training);
        if (at != null) {
            info.put("best_epoch", at.epoch());
            info.put("best_validation_loss", at.validationLoss());
        }
        try {
            OptimizerFile.write(file, weights, problem.spec(), info);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the optimizer file " + file + ": " + e.getMessage(), e);
        }
    }

    static String line(EpochReport r) {
        StringBuilder s = new StringBuilder(String.format("epoch %d/%d  meta-loss/step %.4g  final %.4g",
                r.epoch(), r.epochs(), r.meanLoss(), r.finalLoss()));
        if (!Double.isNaN(r.validationLoss())) {
            s.append(String.format("  validation %.4g%s", r.validationLoss(), r.improved() ? " *best" : ""));
        }
        if (r.skippedSteps() > 0) {
            s.append("  skipped ").append(r.skippedSteps());
        }
        s.append(String.format("  %.2f unrolls/s  elapsed %s  ETA %s", r.unrollsPerSecond(),
                clock(r.elapsedSeconds()), clock(r.etaSeconds())));
        return s.toString();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
