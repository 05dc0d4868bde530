package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Episode;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.lstm.BundledOptimizers;
import org.l2l4j.lstm.LearnedInitFile;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code l2l compare}: every baseline tuned, plus a learned optimizer (the given file, else the bundled one
 * if this build ships it), on the same seeds; the report files.
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Tune sgd, nag, rmsprop and adam on the tuning seeds, evaluate them and a",
            "learned optimizer (--optimizer FILE or bundled:ID, else the bundled default if",
            "this build ships it) on the same evaluation seeds, and write summary.json,",
            "curves.csv, loss.png, loss.svg and, on a problem with a test split, test.png",
            "and test.svg."})
final class CompareCommand implements CheckedCommand {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--optimizer", paramLabel = "FILE|bundled:ID",
            description = "a learned optimizer to compare, named lstm: a file, or bundled:ID for one this build ships"
                    + " (default: the bundled default, if any); or a learned"
                    + " initialisation (meta-train --method ...) on a few-shot problem: adaptation curves (the query"
                    + " loss after each of --steps steps) against the tuned baselines from random starts and"
                    + " 'pretrained' (joint training on meta-training tasks, then tuned SGD)")
    String optimizer;

    @Option(names = "--pretraining-steps", defaultValue = "" + LearnedInitComparison.PRETRAINING_STEPS, paramLabel = "N",
            description = "with a learned initialisation: joint Adam steps of the 'pretrained' baseline, each on 25"
                    + " meta-training tasks (default: ${DEFAULT-VALUE}); without --seeds, 600 evaluation tasks")
    int pretrainingSteps;

    @Option(names = "--no-bundled", description = "without --optimizer: leave the bundled optimizer out")
    boolean noBundled;

    @Mixin
    LearnedOverrides overrides;

    @Mixin
    SeedOptions seedOptions;

    @Mixin
    SparkOption spark;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the report files")
    Path out;

    @Override
    public Run prepare() {
        CommandLine cli = spec.commandLine();
        Progress progress = main.progress();
        SeedRange evaluationSeeds = seedOptions.evaluationSeeds(cli);
        SeedRange tuningSeeds = seedOptions.tuningSeeds(cli, true);
        Path initFile = optimizer == null || LearnedOptimizers.namesBundled(optimizer) ? null
                : LearnedOptimizers.path(optimizer, "--optimizer", cli);
        boolean initialisation = initFile != null && LearnedInitFile.holdsOne(initFile);
        if (!initialisation && cli.getParseResult().hasMatchedOption("--pretraining-steps")) {
            throw new ParameterException(cli, "--pretraining-steps: applies to a learned initialisation (--optimizer"
                    + " FILE written by meta-train --method ...) only");
        }
        if (pretrainingSteps < 1) {
            throw new ParameterException(cli, "--pretraining-steps: must be >= 1, got " + pretrainingSteps);
        }
        Path outDir = OutputDirectory.prepare(out, "--out", cli, ReportFiles.NAMES);
        if (initialisation) {
            return compareInitialisation(initFile, cli, progress, evaluationSeeds, tuningSeeds, outDir);
        }
        List<Optimizer<?>> learned = learned(cli);
        Problem problem = problemOptions.problem(cli);

        Comparison.Settings settings = new Comparison.Settings(problem, seedOptions.steps, evaluationSeeds, tuningSeeds,
                seedOptions.threads);
        SeedOptions.requireMemory(settings, true, Baselines.NAMES.size() + learned.size(), cli);
        TrainingRuns runs = spark.open(seedOptions.threads, cli);
        return new Run() {
            @Override
            public Integer call() throws IOException {
                describeBundled(learned, progress);
                ComparisonReport.run(settings, runs, Baselines.NAMES, learned, outDir, progress, cli.getOut());
                progress.message("l2l compare: done in %.1f s", progress.elapsedSeconds());
                return 0;
            }

            @Override
            public void close() {
                runs.close();
            }
        };
    }

    /** {@link LearnedInitComparison} of the learned initialisation in {@code --optimizer}; bad input exits 2 first. */
    private Run compareInitialisation(Path optimizer, CommandLine cli, Progress progress, SeedRange evaluationSeeds,
                                      SeedRange tuningSeeds, Path outDir) {
        if (overrides.given()) {
            throw new ParameterException(cli, overrides.givenFlags() + ": applies to a learned optimizer file, not to the"
                    + " learned initialisation " + optimizer);
        }
        if (spark.given()) {
            throw new ParameterException(cli, "--spark: a learned initialisation's comparison runs in this JVM only, not"
                    + " on Spark; leave --spark out for " + optimizer);
        }
        LearnedInitFile.Loaded init;
        try {
            init = LearnedInitFile.read(optimizer);
            init.rule(LstmKernel.create(1));
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(cli, "--optimizer: cannot load a learned initialisation from " + optimizer + ": "
                    + Main.reason(e, optimizer));
        }
        Problem problem = problemOptions.problem(cli);
        if (!(problem.sample(evaluationSeeds.seed(0)) instanceof Episode task)) {
            throw new ParameterException(cli, "--problem: " + problem.spec() + " has no support and query sets; "
                    + optimizer + " is a learned initialisation for " + init.problemSpec());
        }
        if (task.dimension() != init.init().length || !task.parameterLayout().equals(init.layout())) {
            throw new ParameterException(cli, "--problem: " + problem.spec() + "'s network is not the one " + optimizer
                    + " was learned for (" + init.problemSpec() + ")");
        }
        SeedRange tasks = cli.getParseResult().hasMatchedOption("--seeds") ? evaluationSeeds
                : new SeedRange(evaluationSeeds.base(), LearnedInitComparison.DEFAULT_TASKS);
        if (tasks.overlaps(tuningSeeds)) {
            throw new ParameterException(cli, "--seed: the " + tasks.count() + " evaluation tasks " + tasks
                    + " overlap the tuning seeds " + tuningSeeds + " (--tuning-seed)");
        }
        Comparison.Settings seeds = new Comparison.Settings(problem, seedOptions.steps, tasks, tuningSeeds,
                seedOptions.threads);
        return () -> {
            LearnedInitComparison.run(problem, init, seeds, pretrainingSteps, outDir, seedOptions.threads, progress,
                    cli.getOut());
            progress.message("l2l compare: done in %.1f s", progress.elapsedSeconds());
            return 0;
        };
    }

    /** The optimizer the user named; else, unless {@code --no-bundled}, the bundled default, if this build ships it. */
    private List<Optimizer<?>> learned(CommandLine cli) {
        if (optimizer != null) {
            return List.of(overrides.applyTo(LearnedOptimizers.load(optimizer, "--optimizer", cli, main), optimizer, cli));
        }
        if (noBundled) {
            if (overrides.given()) {
                throw new ParameterException(cli, overrides.givenFlags() + ": no learned optimizer to apply it to (--no-bundled)");
            }
            return List.of();
        }
        Optional<LstmOptimizer> bundled = main.bundledOptimizer();
        return bundled.isEmpty() ? List.of() : List.of(overrides.applyTo(bundled.get(), "the bundled optimizer", cli));
    }

    /** Says on stderr which learned optimizer takes part when the user did not name one. */
    private void describeBundled(List<Optimizer<?>> learned, Progress progress) {
        if (optimizer != null || noBundled) {
            return;
        }
        if (learned.isEmpty()) {
            progress.message("l2l compare: no bundled optimizer ships in this build; comparing the baselines alone"
                    + " (--optimizer FILE adds a learned one)");
        } else {
            progress.message("l2l compare: lstm is the bundled optimizer \"%s\" (--no-bundled leaves it out)",
                    BundledOptimizers.DEFAULT);
        }
    }
}
