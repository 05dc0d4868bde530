package org.l2l4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.HeapBudget;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SettingsCodec;
import org.l2l4j.core.SettingException;
import org.l2l4j.evaluation.report.OptimizerSummary;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import org.l2l4j.lstm.Preprocessing;
import org.l2l4j.meta.train.EpochReport;
import org.l2l4j.meta.train.FamilyValidation;
import org.l2l4j.meta.train.MetaBatch;
import org.l2l4j.meta.train.InitMethod;
import org.l2l4j.meta.train.UnrolledBptt;
import org.l2l4j.meta.train.MetaTrainer;
import org.l2l4j.meta.train.MetaGradient;
import org.l2l4j.meta.train.MetaObjective;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.RemoteMetaBatches;
import org.l2l4j.meta.train.Selection;
import org.l2l4j.meta.train.TrainingCheckpoint;
import org.l2l4j.meta.train.TrainingState;
import org.l2l4j.optimizee.MixtureProblem;
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
 * to {@code --out} each time validation improves (so an interrupted run keeps its best so far); with
 * {@code --compare DIR}, then compares it with the tuned baselines as {@code compare} does.
 */
@Command(name = "meta-train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Meta-train a coordinate-wise LSTM optimizer on a problem: one fresh optimizee",
            "per epoch, truncated BPTT in unrolls of K steps, Adam on the optimizer's",
            "weights, validation on held-out seeds."})
final class MetaTrainCommand implements CheckedCommand {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--method", defaultValue = "lstm", paramLabel = "NAME", description = "lstm (an LSTM optimizer), or a"
            + " learned initialisation for a few-shot problem: maml, fomaml (first-order), reptile, meta-sgd (with a"
            + " learning rate per parameter); those take --steps (inner steps, default 1; reptile 5), --inner-lr,"
            + " --optimizees-per-step (tasks per meta-step, default 25), --epochs (meta-steps, default 70000) and --lr"
            + " (default 1e-3; reptile's step 0.1), and --checkpoint-dir, --save-every, --resume (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--learn-init", description = "with --method lstm on a few-shot problem: learn the initialisation"
            + " together with the LSTM (inner steps default 5; no base step unless --base-lr is given)")
    boolean learnInit;

    @Option(names = "--inner-lr", paramLabel = "A", description = "maml, fomaml, reptile: the inner SGD's learning rate;"
            + " meta-sgd: the learning rates' start (default: 0.01)")
    Double innerLr;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "T", description = "steps per trajectory (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--min-steps", defaultValue = "0", paramLabel = "M", description = "each epoch's trajectories as long"
            + " as a log-uniform draw between M and T steps, in whole unrolls; 0 = always T (default: ${DEFAULT-VALUE})")
    int minSteps;

    @Option(names = "--unroll", defaultValue = "20", paramLabel = "K", description = "steps per unroll / meta-step (default: ${DEFAULT-VALUE})")
    int unroll;

    @Option(names = "--epochs", defaultValue = "150", paramLabel = "E", description = "trajectories, one fresh optimizee each (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "3e-3", paramLabel = "X", description = "Adam learning rate on the optimizer's weights (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "seed of the initial weights and of every optimizee draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lr-final", defaultValue = "0.1", paramLabel = "F", description = "fraction of --lr left at the last epoch, cosine decay; 1 = constant (default: ${DEFAULT-VALUE})")
    double lrFinal;

    @Option(names = "--optimizees-per-step", defaultValue = "1", paramLabel = "B", description = "optimizees whose meta-gradients are averaged per meta-step (default: ${DEFAULT-VALUE})")
    int optimizeesPerStep;

    @Option(names = "--stratify", description = "on a mixture, spread each epoch's optimizees over the families in proportion to their weights (systematic sampling) instead of drawing each family independently")
    boolean stratify;

    @Option(names = "--random-scale", defaultValue = "0", paramLabel = "S", description = "rescale each training optimizee's parameters by exp(U(-S, S)); 0 = off (default: ${DEFAULT-VALUE})")
    double randomScale;

    @Option(names = "--objective", defaultValue = "log", paramLabel = "KIND", description = "meta-objective over a trajectory: mean (of the loss, the paper's) or log (mean log-loss) (default: ${DEFAULT-VALUE})")
    String objective;

    @Option(names = "--select", defaultValue = "final", paramLabel = "KIND", description = "weights kept by validation score: objective (the meta-objective over all steps) or final (the last step's loss on all training data where the problem measures it, as evaluations rank, else the mean loss over the last tenth of the steps) (default: ${DEFAULT-VALUE})")
    String select;

    @Option(names = "--curriculum", defaultValue = "0", paramLabel = "F", description = "grow the training horizon from K to T steps over the first fraction F of the epochs; 0 = off (default: ${DEFAULT-VALUE})")
    double curriculum;

    @Option(names = "--meta-gradient", defaultValue = "full", paramLabel = "KIND", description = "full (an update also changes the later gradients: Hessian-vector products on the same minibatches, two more gradients per step) or first (the paper's first-order one, which drops that) (default: ${DEFAULT-VALUE})")
    String metaGradient;

    @Option(names = "--clip", defaultValue = "0", paramLabel = "NORM", description = "clip the meta-gradient's global norm; 0 = off (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--average", defaultValue = "0", paramLabel = "DECAY", description = "validate and keep the moving average of the weights over the meta-steps, decaying by DECAY per step (0.99: about the last 100 steps); 0 = off, the weights themselves (default: ${DEFAULT-VALUE})")
    double average;

    @Option(names = "--checkpoint-every", paramLabel = "k", description = "BPTT checkpoint segment length; 0 = keep all activations (default: 0 when that fits in a quarter of the heap, else ceil(sqrt(K)))")
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

    @Option(names = "--preprocess", defaultValue = "log-sign", paramLabel = "KIND", description = "gradient input: log-sign, raw, adam (RNNprop's Adam-normalised gradient) or adam-scale (adam and log(√v̂ + ε)/p, the gradient's scale) (default: ${DEFAULT-VALUE})")
    String preprocess;

    @Option(names = "--p", defaultValue = "10", paramLabel = "P", description = "log-sign preprocessing constant p, and adam-scale's divisor of log(√v̂ + ε) (default: ${DEFAULT-VALUE})")
    double p;

    @Option(names = "--beta1", defaultValue = "0.95", paramLabel = "B", description = "adam preprocessing: decay of the gradient's running mean (default: ${DEFAULT-VALUE})")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.95", paramLabel = "B", description = "adam preprocessing: decay of the running mean of its square (default: ${DEFAULT-VALUE})")
    double beta2;

    @Option(names = "--epsilon", defaultValue = "1e-8", paramLabel = "E", description = "adam preprocessing: epsilon added to the root mean square (default: ${DEFAULT-VALUE})")
    double epsilon;

    @Option(names = "--input-clamp", defaultValue = "0", paramLabel = "C", description = "clamp every input feature to [-C, C]; 0 = off (default: ${DEFAULT-VALUE})")
    double inputClamp;

    @Option(names = "--momentum-features", defaultValue = "0", paramLabel = "K", description = "adam preprocessing: K more inputs m̂_j/(√v̂ + ε), running means of the gradient at decays 0.9, 0.968, 0.99, ... (half decades); 0 = none (default: ${DEFAULT-VALUE})")
    int momentumFeatures;

    @Option(names = "--step-features", defaultValue = "0", paramLabel = "K", description = "K training-progress inputs, tanh(t/τ − 1) of the step t at τ = 10, 31.6, 100, ... (half decades); 0 = none (default: ${DEFAULT-VALUE})")
    int stepFeatures;

    @Option(names = "--scale", defaultValue = "0.1", paramLabel = "S", description = "output scale of the update (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--magnitude-scale", defaultValue = "0", paramLabel = "L", description = "with L > 0 the LSTM's output is a direction times exp(L·m), m a second output, so one network sets step sizes orders of magnitude apart; 0 = the linear output (default: ${DEFAULT-VALUE})")
    double magnitudeScale;

    @Option(names = "--base-lr", defaultValue = "1", paramLabel = "LR", description = "learning rate of the base step the LSTM's output is added to; 0 = none, the paper's optimizer (default: ${DEFAULT-VALUE})")
    double baseLr;

    @Option(names = "--base-momentum", defaultValue = "0.9", paramLabel = "MU", description = "momentum of that base step (Adam's beta1 for --base-step adam) (default: ${DEFAULT-VALUE})")
    double baseMomentum;

    @Option(names = "--base-step", defaultValue = "nesterov", paramLabel = "KIND", description = "the base step: nesterov (Nesterov momentum) or adam (Adam's direction, normalised per coordinate, beta2 0.999) (default: ${DEFAULT-VALUE})")
    String baseStep;

    @Option(names = "--correction-steps", paramLabel = "H", description = "with a base step: add the LSTM's output on the first H steps of a run only, the base step alone after them; 0 = every step; at least --steps (default: twice --steps)")
    Integer correctionSteps;

    @Option(names = "--calibration-seeds", defaultValue = "40", paramLabel = "N", description = "after training, multiply the LSTM's output scale by the factor among 1/2, 1 and 2 that scores best (as validation does) on N further held-out optimizees; 0 = off (default: ${DEFAULT-VALUE})")
    int calibrationSeeds;

    @Option(names = "--validate-short", defaultValue = "0", paramLabel = "S", description = "validation and calibration also score S-step runs (each family relative to Adam tuned at S steps; the mean over families and both horizons selects); 0 = T-step runs only (default: ${DEFAULT-VALUE})")
    int validateShort;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N", description = "stop once N validations in a row have not improved on the best; 0 = run every epoch (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--out", paramLabel = "FILE", description = "the optimizer file (default: lstm-<problem>.l2l in the current directory)")
    Path out;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "save a resumable checkpoint of the whole training state in DIR")
    Path checkpointDir;

    @Option(names = "--save-every", defaultValue = "10", paramLabel = "E", description = "epochs between checkpoints (meta-steps for a learned initialisation, default 1000 there); the last is always saved (default: ${DEFAULT-VALUE})")
    int saveEvery;

    @Option(names = "--resume", description = "continue from the checkpoint in --checkpoint-dir (start at epoch 1 if there is none yet)")
    boolean resume;

    @Option(names = "--spark", paramLabel = "MASTER", description = "run each meta-step's optimizees on Spark: local[N], local-cluster[N,cores,MB] or spark://host:port; writes the same file as without (docs/spark.md)")
    String sparkMaster;

    @Option(names = "--compare", paramLabel = "DIR", description = "after training, compare the --out file with the tuned baselines as 'compare --optimizer FILE --out DIR' does (its default seeds, --steps steps per run)")
    Path compareDir;

    /** The flag of each setting (dotted keys of {@link MetaTrainingSettings}), to name it in usage errors. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("trajectory.steps", "--steps"),
            Map.entry("trajectory.unroll", "--unroll"),
            Map.entry("trajectory.minSteps", "--min-steps"),
            Map.entry("schedule.epochs", "--epochs"),
            Map.entry("schedule.metaLearningRate", "--lr"),
            Map.entry("schedule.finalLearningRateFraction", "--lr-final"),
            Map.entry("schedule.curriculum", "--curriculum"),
            Map.entry("schedule.clipNorm", "--clip"),
            Map.entry("schedule.averageDecay", "--average"),
            Map.entry("validation.every", "--validate-every"),
            Map.entry("validation.seeds", "--validation-seeds"),
            Map.entry("validation.selection", "--select"),
            Map.entry("validation.calibrationSeeds", "--calibration-seeds"),
            Map.entry("validation.shortSteps", "--validate-short"),
            Map.entry("validation.patience", "--patience"),
            Map.entry("compute.checkpointSegment", "--checkpoint-every"),
            Map.entry("compute.threads", "--threads"),
            Map.entry("estimator.objective", "--objective"),
            Map.entry("estimator.metaGradient", "--meta-gradient"),
            Map.entry("estimator.optimizeesPerStep", "--optimizees-per-step"),
            Map.entry("estimator.stratified", "--stratify"),
            Map.entry("estimator.randomScale", "--random-scale"),
            Map.entry("estimator.seed", "--seed"),
            Map.entry("lstm.layers", "--layers"),
            Map.entry("lstm.hidden", "--hidden"),
            Map.entry("lstm.outputScale", "--scale"),
            Map.entry("lstm.magnitudeScale", "--magnitude-scale"),
            Map.entry("lstm.preprocessing.kind", "--preprocess"),
            Map.entry("lstm.preprocessing.p", "--p"),
            Map.entry("lstm.preprocessing.beta1", "--beta1"),
            Map.entry("lstm.preprocessing.beta2", "--beta2"),
            Map.entry("lstm.preprocessing.epsilon", "--epsilon"),
            Map.entry("lstm.preprocessing.clamp", "--input-clamp"),
            Map.entry("lstm.preprocessing.stepFeatures", "--step-features"),
            Map.entry("lstm.preprocessing.momentumFeatures", "--momentum-features"),
            Map.entry("lstm.base.learningRate", "--base-lr"),
            Map.entry("lstm.base.momentum", "--base-momentum"),
            Map.entry("lstm.base.squareDecay", "--base-step"),
            Map.entry("lstm.base.correctionSteps", "--correction-steps"));

    @Override
    public Run prepare() throws IOException {
        CommandLine cli = spec.commandLine();
        InitMethod initMethod = CommandLineNames.parse("--method", "method", method, InitMethod.values(), InitMethod::flag, cli);
        if (initMethod != InitMethod.LSTM || learnInit) {
            return new LearnedInitRun(this, initMethod).prepare();
        }
        if (innerLr != null) {
            throw new ParameterException(cli, "--inner-lr: applies to a learned initialisation (--method maml, fomaml,"
                    + " reptile, meta-sgd), not to --method lstm without --learn-init");
        }
        Path comparison = compareDir == null ? null : OutputDirectory.prepare(compareDir, "--compare", cli, ReportFiles.NAMES);
        SeedOptions.requireFits("--steps", (steps + 1.0) * SeedOptions.CURVE_BYTES_PER_STEP, "a trajectory of " + steps
                + " steps", cli);
        Problem problem = problemOptions.mixture(cli);
        List<Problem> families = problem instanceof MixtureProblem mixture
                ? mixture.families().stream().map(MixtureProblem.Family::problem).toList() : List.of(problem);
        MetaTrainingSettings settings = settings(cli, families.stream().mapToInt(f -> f.sample(seed).dimension()).max()
                .orElseThrow());
        if (comparison != null) {
            SeedOptions.requireMemory(SeedOptions.defaults(problem, steps), true, Baselines.NAMES.size() + 1, cli);
        }
        Path file = TrainingLogFiles.optimizerFile(out, "lstm", problem, cli);
        CheckpointDirectory checkpoints = CheckpointDirectory.claim(this, file, saveEvery, cli);
        try {
            TrainingState<LstmWeights> state = checkpoints.startingState(() -> TrainingState.start(settings),
                    checkpoint -> TrainingCheckpoint.read(checkpoint, problem.spec(), settings));
            TrainingLogFiles log = TrainingLogFiles.open(file, families.stream().map(Problem::spec).toList(), state.epoch());
            LstmKernel kernel = LstmKernel.create(settings.compute().threads());
            MetaBatch batch = metaBatch(problem, settings, kernel, cli); // a cluster's is closed with the JVM on failure
            return checkpoints.run(() -> train(problem, families, settings, kernel, batch, file, checkpoints, state, log,
                    comparison));
        } catch (RuntimeException e) {
            checkpoints.close();
            throw e;
        }
    }

    private int train(Problem problem, List<Problem> families, MetaTrainingSettings settings, LstmKernel kernel,
                      MetaBatch batch, Path file, CheckpointDirectory checkpoints, TrainingState<LstmWeights> state,
                      TrainingLogFiles log, Path comparison) throws IOException {
        CommandLine cli = spec.commandLine();
        PrintWriter stdout = cli.getOut();
        Progress progress = main.progress();
        progress.message("l2l meta-train: %s, %d epochs of %d steps in unrolls of %d, %s, kernel %s",
                problem.spec(), settings.schedule().epochs(), settings.trajectory().steps(), settings.trajectory().unroll(),
                settings.compute().checkpointSegment() == 0 ? "no BPTT checkpointing"
                        : "BPTT checkpoint every " + settings.compute().checkpointSegment() + " steps",
                kernel.description());
        if (unroll > steps) {
            progress.message("l2l meta-train: --unroll %d is more than --steps %d: each trajectory is one unroll of %d"
                    + " steps", unroll, steps, steps);
        }
        Map<String, Object> training = trainingInfo(settings);
        boolean relative = FamilyValidation.isRelative(families.size(), settings);
        if (relative) { // the mixture's families are the file's problem spec
            training.put("validation_relative_to", "tuned " + FamilyValidation.BASELINE);
        }
        if (state.epoch() > 0) {
            progress.message("l2l meta-train: resuming %s after epoch %d", checkpoints.file(), state.epoch());
            if (state.bestEpoch() > 0) { // --out holds the checkpoint's best, whatever a killed run left there
                save(file, state.best(), problem, training, state.bestEpoch(), state.bestValidationLoss());
            }
        }
        FamilyValidation validation;
        if (relative && (settings.validation().every() > 0 || settings.validation().calibrationSeeds() > 0)) {
            if (state.validationBaseline().isEmpty()) { // else the checkpoint's, tuned by the run that wrote it
                String tuned = families.size() == 1 ? "the problem" : "each of " + families.size() + " families";
                progress.message("l2l meta-train: tuning %s on %s at %s steps, the baseline of validation",
                        FamilyValidation.BASELINE, tuned, settings.validationHorizons().stream()
                                .map(String::valueOf).collect(Collectors.joining(" and ")));
                state.keepValidationBaseline(FamilyValidation.tuneAdam(families, settings,
                        new BaselineTuningProgress(progress)));
            } else {
                List<FamilyValidation.Case> cases = FamilyValidation.cases(families, settings);
                for (int c = 0; c < cases.size(); c++) {
                    progress.message("l2l meta-train: %s on %s at %d steps: learning rate %s (from the checkpoint)",
                            FamilyValidation.BASELINE, cases.get(c).family().spec(), cases.get(c).steps(),
                            OptimizerSummary.formatLearningRate(state.validationBaseline().get(c)));
                }
            }
            validation = FamilyValidation.relativeToAdam(families, settings, state.validationBaseline());
        } else {
            validation = FamilyValidation.single(problem, settings);
        }
        MetaTrainer trainer = new MetaTrainer(problem, validation, settings, kernel, batch);
        MetaTrainer.Result result = trainer.train(state, report -> {
            stdout.println(line(report, families, relative));
            stdout.flush();
            log.add(report);
            if (report.improved()) {
                save(file, trainer.best(), problem, training, report.epoch(), report.validationLoss());
            }
            if (report.last() && report.epoch() < report.epochs()) {
                stdout.printf("stopped after epoch %d of %d: %d validations without a better one (--patience)%n",
                        report.epoch(), report.epochs(), settings.validation().patience());
            }
            checkpoints.saveIfDue(report,
                    checkpoint -> TrainingCheckpoint.write(checkpoint, state, problem.spec(), settings));
        });
        batch.close();
        LstmWeights kept = result.best();
        int calibrationSeeds = settings.validation().calibrationSeeds();
        if (calibrationSeeds > 0) {
            progress.message("l2l meta-train: calibrating the output scale on %d held-out optimizees", calibrationSeeds);
            MetaTrainer.Calibration calibration = trainer.calibrateOutputScale(kept, calibrationSeeds, (factor, score) -> {
                stdout.printf("output scale x%.4g: %.5g on %d calibration seeds%n", factor, score, calibrationSeeds);
                stdout.flush();
            });
            kept = calibration.weights();
            training.put("output_scale_factor", calibration.factor());
        }
        if (settings.validation().every() == 0 || calibrationSeeds > 0) {
            save(file, kept, problem, training, state.bestEpoch(), state.bestValidationLoss());
        }
        stdout.printf("best validation loss %.5g; output scale %.4g; wrote %s; %d meta-steps skipped as non-finite%n",
                result.bestValidationLoss(), kept.config().outputScale(), file, result.skippedSteps());
        if (comparison != null) {
            progress.message("l2l meta-train: comparing %s with the tuned baselines; results go to %s", file, comparison);
            ComparisonReport.run(SeedOptions.defaults(problem, settings.trajectory().steps()), Baselines.NAMES,
                    List.of(LstmOptimizer.load(file)), comparison, progress, stdout);
        }
        progress.message("l2l meta-train: done in %.1f s", progress.elapsedSeconds());
        return 0;
    }

    /** The meta-batch: in this JVM, or with {@code --spark} on that cluster (when the spark module is on the classpath). */
    private MetaBatch metaBatch(Problem problem, MetaTrainingSettings settings, LstmKernel kernel, CommandLine cli) {
        if (sparkMaster == null) {
            return MetaBatch.local(problem, settings, kernel);
        }
        RemoteMetaBatches spark = RemoteMetaBatches.find().orElseThrow(() -> new ParameterException(cli,
                "--spark: this classpath has no Spark support; run meta-train through ./l2l or the spark application jar"));
        try {
            return spark.open(sparkMaster, problemOptions.specs, problemOptions.data, settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--spark: " + Main.oneLine(e.getMessage()));
        }
    }

    /** The settings, every value they refuse a usage error naming its flag. */
    private MetaTrainingSettings settings(CommandLine cli, int dimension) {
        MetaTrainingSettings.Builder builder = MetaTrainingSettings.builder()
                .steps(steps).unroll(unroll).minSteps(minSteps)
                .epochs(epochs).metaLearningRate(lr).finalLearningRateFraction(lrFinal).curriculum(curriculum).clipNorm(clip)
                .averageDecay(average)
                .validateEvery(validateEvery).validationSeeds(validationSeeds).calibrationSeeds(calibrationSeeds)
                .shortValidationSteps(validateShort).patience(patience)
                .selection(CommandLineNames.parse("--select", "selection", select, Selection.values(), Selection::flag, cli))
                .checkpointSegment(checkpointEvery != null ? checkpointEvery : 0).threads(threads)
                .objective(CommandLineNames.parse("--objective", "meta-objective", objective, MetaObjective.values(),
                        MetaObjective::flag, cli))
                .metaGradient(CommandLineNames.parse("--meta-gradient", "meta-gradient", metaGradient, MetaGradient.values(),
                        MetaGradient::flag, cli))
                .optimizeesPerStep(optimizeesPerStep).stratified(stratify).randomScale(randomScale).seed(seed)
                .lstm(lstm(cli));
        try {
            MetaTrainingSettings settings = builder.build();
            if (checkpointEvery == null) {
                settings = builder.checkpointSegment(UnrolledBptt.automaticSegment(settings.estimator().metaGradient(),
                        settings.lstm(), dimension, unroll, Runtime.getRuntime().maxMemory() / 4)).build();
            }
            requireMemory(settings, dimension, cli);
            return settings;
        } catch (SettingException e) {
            throw usageError(e, cli);
        }
    }

    /**
     * Refuses an LSTM whose weights, with the meta-optimizer's state, the best weights and the per-thread
     * meta-gradients (8 or 9 float32 copies, {@link #weightCopies}), kernel threads with their float64 share
     * of the meta-gradient, or an unroll whose BPTT memory, would not fit in the {@link HeapBudget}.
     */
    private void requireMemory(MetaTrainingSettings settings, int dimension, CommandLine cli) {
        LstmConfig lstm = settings.lstm();
        SeedOptions.requireFits("--hidden", (double) lstm.parameterCount() * Float.BYTES * weightCopies(settings),
                "an LSTM of " + lstm.layers() + " layers of " + lstm.hidden() + " units (" + lstm.parameterCount()
                        + " weights)", cli);
        int threads = settings.compute().threads();
        SeedOptions.requireFits("--threads", threads * (HeapBudget.THREAD_BYTES + (double) lstm.parameterCount() * Double.BYTES),
                threads + " kernel threads, each with its share of the meta-gradient,", cli);
        int k = Math.min(unroll, steps);
        long bptt = UnrolledBptt.plannedPeakBytes(settings.compute().memory(), settings.estimator().metaGradient(), lstm,
                dimension, k);
        SeedOptions.requireFits(checkpointEvery == null ? "--unroll" : "--unroll, --checkpoint-every", bptt,
                "BPTT through " + k + " steps of " + dimension + " coordinates"
                        + (settings.compute().checkpointSegment() == 0 ? "" : ", checkpointed every "
                        + settings.compute().checkpointSegment() + " steps,"), cli);
    }

    /**
     * Float32 copies of the LSTM's weights a run holds at once (weights, best, Adam's two moments,
     * gradients), and one more for the moving average of {@code --average}.
     */
    private static int weightCopies(MetaTrainingSettings settings) {
        return settings.schedule().averageDecay() > 0 ? 9 : 8;
    }

    /** A refused setting as the usage error that names its flags. */
    private static ParameterException usageError(SettingException e, CommandLine cli) {
        List<String> flags = e.settings().stream().map(s -> FLAGS.getOrDefault(s, s)).toList();
        return new ParameterException(cli, String.join(", ", flags) + ": " + Main.oneLine(e.rule()));
    }

    /** The LSTM from its flags; with a base step, correcting twice --steps unless --correction-steps says otherwise. */
    LstmConfig lstm(CommandLine cli) {
        try {
            Preprocessing pre;
            BaseStep base;
            try {
                pre = switch (preprocess) {
                    case "log-sign" -> Preprocessing.logSign(p);
                    case "raw" -> Preprocessing.raw();
                    case "adam" -> Preprocessing.adamNormalised(beta1, beta2, epsilon);
                    case "adam-scale" -> Preprocessing.adamNormalised(beta1, beta2, epsilon).withLogScaleInput(p);
                    default -> throw new ParameterException(cli, "--preprocess: unknown kind '" + preprocess
                            + "'; valid: log-sign, raw, adam, adam-scale");
                };
                pre = pre.withClamp(inputClamp).withStepFeatures(stepFeatures).withMomentumFeatures(momentumFeatures);
            } catch (SettingException e) {
                throw e.within("preprocessing");
            }
            try {
                double squareDecay = switch (baseStep) {
                    case "nesterov" -> 0;
                    case "adam" -> Baselines.ADAM_BETA2;
                    default -> throw new ParameterException(cli, "--base-step: unknown kind '" + baseStep
                            + "'; valid: nesterov, adam");
                };
                if (baseLr == 0 && squareDecay != 0) {
                    throw new ParameterException(cli, "--base-step: adam needs a base step, --base-lr > 0");
                }
                base = baseLr == 0 ? BaseStep.NONE : new BaseStep(baseLr, baseMomentum, 0, squareDecay);
                // a correction trained on T steps is not trusted far beyond them (docs/results.md, generalisation)
                long horizon = correctionSteps != null ? correctionSteps : base.active() ? 2L * steps : 0;
                if (correctionSteps == null && horizon > BaseStep.MAX_CORRECTION_STEPS) {
                    throw new ParameterException(cli, "--steps: with a base step the LSTM corrects on twice --steps"
                            + " unless --correction-steps says otherwise, and on at most " + BaseStep.MAX_CORRECTION_STEPS
                            + " steps: give at most " + BaseStep.MAX_CORRECTION_STEPS / 2 + " steps, or --correction-steps 0"
                            + " (every step), got " + steps);
                }
                base = base.withCorrectionSteps((int) horizon);
            } catch (SettingException e) {
                throw e.within("base");
            }
            return new LstmConfig(layers, hidden, pre, scale, base, magnitudeScale);
        } catch (SettingException e) {
            throw usageError(e.within("lstm"), cli);
        }
    }

    /**
     * The meta-training settings an optimizer file records, by the codec's dotted keys; the LSTM's own
     * ({@code lstm.*}) are the file's config already.
     */
    private static Map<String, Object> trainingInfo(MetaTrainingSettings s) {
        Map<String, Object> info = new LinkedHashMap<>(SettingsCodec.flatten(SettingsCodec.encode(s)));
        info.keySet().removeIf(key -> key.startsWith("lstm."));
        return info;
    }

    /** Writes the optimizer file; {@code bestEpoch} 0 when there was no validation. */
    private static void save(Path file, LstmWeights weights, Problem problem, Map<String, Object> training,
                             int bestEpoch, double bestValidationLoss) {
        Map<String, Object> info = new LinkedHashMap<>(training);
        if (bestEpoch > 0) {
            info.put("best_epoch", bestEpoch);
            info.put("best_validation_loss", bestValidationLoss);
        }
        try {
            OptimizerFile.write(file, weights, problem.spec(), info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the optimizer file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The epoch's line; where validation is {@code relative} (several families or horizons) it is the mean of
     * the scores relative to tuned Adam ("x adam"), followed, with several families, by each one's own score
     * at T steps.
     */
    static String line(EpochReport r, List<Problem> families, boolean relative) {
        StringBuilder s = new StringBuilder(String.format("epoch %d/%d  meta-loss/step %.4g  final %.4g",
                r.epoch(), r.epochs(), r.meanLoss(), r.finalLoss()));
        if (!Double.isNaN(r.validationLoss())) {
            s.append(String.format("  validation %.4g%s", r.validationLoss(), relative
                    ? " x " + FamilyValidation.BASELINE : ""));
            if (families.size() > 1) {
                StringJoiner byFamily = new StringJoiner(", ", " (", ")");
                for (int f = 0; f < families.size(); f++) {
                    byFamily.add(String.format("%s %.4g", families.get(f).spec(), r.familyValidationLosses().get(f)));
                }
                s.append(byFamily);
            }
            s.append(r.improved() ? " *best" : "");
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
