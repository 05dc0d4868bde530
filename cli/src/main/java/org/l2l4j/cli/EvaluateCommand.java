package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TrainingRuns;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.report.ReportFiles;
import org.l2l4j.lstm.BundledOptimizers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code l2l evaluate}: one optimizer over the evaluation seeds; a baseline without {@code --lr} is tuned first. */
@Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run one optimizer on a problem over the evaluation seeds and print its final",
            "loss with a 95%% interval. A baseline without --lr gets its learning rate from",
            "a grid search on the tuning seeds first."})
final class EvaluateCommand implements CheckedCommand {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--optimizer", required = true, paramLabel = "NAME|FILE|bundled:ID",
            description = "sgd, nag, rmsprop, adam, a learned optimizer's file, or bundled:ID for one this build ships")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate of a baseline (default: tuned)")
    Double lr;

    @Mixin
    LearnedOverrides overrides;

    @Mixin
    ProblemOptions problemOptions;

    @Mixin
    SeedOptions seedOptions;

    @Mixin
    SparkOption spark;

    @Option(names = "--out", paramLabel = "DIR",
            description = "also write summary.json, curves.csv, loss.png, loss.svg (and test.png, test.svg) into DIR")
    Path out;

    @Override
    public Run prepare() {
        CommandLine cli = spec.commandLine();
        Progress progress = main.progress();
        boolean baseline = Baselines.NAMES.contains(optimizer);
        boolean tune = baseline && lr == null;
        if (lr != null && !baseline) {
            throw new ParameterException(cli, "--lr: only a baseline (" + String.join(", ", Baselines.NAMES)
                    + ") has a learning rate, not " + optimizer);
        }
        if (overrides.given() && baseline) {
            throw new ParameterException(cli, overrides.givenFlags() + ": only for a learned optimizer, not " + optimizer);
        }
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw new ParameterException(cli, "--lr: must be finite and > 0, got " + lr);
        }
        SeedRange evaluationSeeds = seedOptions.evaluationSeeds(cli);
        SeedRange tuningSeeds = seedOptions.tuningSeeds(cli, tune);
        Path outDir = out == null ? null : OutputDirectory.prepare(out, "--out", cli, ReportFiles.NAMES);
        List<Optimizer<?>> given = tune ? List.of() : List.of(baseline ? baseline(lr, cli) : learned(cli));
        Problem problem = problemOptions.problem(cli);

        Comparison.Settings settings = new Comparison.Settings(problem, seedOptions.steps, evaluationSeeds, tuningSeeds,
                seedOptions.threads);
        SeedOptions.requireMemory(settings, tune, 1, cli);
        TrainingRuns runs = spark.open(seedOptions.threads, cli);
        return new Run() {
            @Override
            public Integer call() throws IOException {
                ComparisonReport.run(settings, runs, tune ? List.of(optimizer) : List.of(), given, outDir, progress,
                        cli.getOut());
                progress.message("l2l evaluate: done in %.1f s", progress.elapsedSeconds());
                return 0;
            }

            @Override
            public void close() {
                runs.close();
            }
        };
    }

    private Optimizer<?> baseline(double learningRate, CommandLine cli) {
        try {
            return Baselines.create(optimizer, learningRate);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--lr: " + Main.oneLine(e.getMessage()));
        }
    }

    private Optimizer<?> learned(CommandLine cli) {
        if (!LearnedOptimizers.namesBundled(optimizer) && !Files.exists(LearnedOptimizers.path(optimizer, "--optimizer", cli))) {
            throw new ParameterException(cli, "--optimizer: '" + optimizer + "' is neither a baseline ("
                    + String.join(", ", Baselines.NAMES) + ") nor an existing file nor " + LearnedOptimizers.BUNDLED
                    + "ID (ID one of " + String.join(", ", BundledOptimizers.IDS) + ")");
        }
        return overrides.applyTo(LearnedOptimizers.load(optimizer, "--optimizer", cli, main), optimizer, cli);
    }
}
