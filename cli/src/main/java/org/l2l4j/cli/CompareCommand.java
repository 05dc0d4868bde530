package org.l2l4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.meta.eval.Comparison;
import org.l2l4j.meta.eval.SeedRange;
import org.l2l4j.meta.report.ReportFiles;
import org.l2l4j.meta.report.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code l2l compare}: every baseline tuned, plus an optional learned optimizer, on the same seeds; four report files. */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Tune sgd, nag, rmsprop and adam on the tuning seeds, evaluate them and an optional learned",
            "optimizer on the same evaluation seeds, and write summary.json, curves.csv, loss.png and loss.svg."})
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--optimizer", paramLabel = "FILE", description = "a learned optimizer to compare (named lstm)")
    Path optimizer;

    @Mixin
    SeedOptions seedOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the four files")
    Path out;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        Progress progress = main.progress();
        SeedRange evaluationSeeds = seedOptions.evaluationSeeds(cli);
        SeedRange tuningSeeds = seedOptions.tuningSeeds(cli, true);
        Path outDir = OutputDirectory.prepare(out, "--out", cli);
        List<Optimizer<?>> learned = optimizer == null ? List.of()
                : List.of(LearnedOptimizers.load(optimizer, "--optimizer", cli));
        Problem problem = problemOptions.problem(cli);

        Comparison.Settings settings = new Comparison.Settings(problem, seedOptions.steps, evaluationSeeds, tuningSeeds,
                seedOptions.threads);
        Comparison.Result result = Comparison.run(settings, Baselines.NAMES, learned,
                new ComparisonProgress(progress, tuningSeeds));
        Summary summary = Summary.of(result);
        Results.print(summary, cli.getOut());
        Results.printWritten(ReportFiles.write(outDir, summary).values(), cli.getOut());
        progress.message("l2l compare: done in %.1f s", progress.elapsedSeconds());
        return 0;
    }
}
