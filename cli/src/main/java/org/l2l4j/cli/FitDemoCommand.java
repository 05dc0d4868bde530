package org.l2l4j.cli;

import java.nio.file.Path;
import org.l2l4j.lstm.LearnedUpdater;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.optimizee.CnnProblem;
import org.l2l4j.optimizee.TrainTestData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code l2l fit-demo}: {@link FitDemo}, a conv net trained by DL4J's {@code fit} with three updaters. */
@Command(name = "fit-demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train the cnn family's conv net with DL4J's fit() for --epochs epochs of",
            "the embedded MNIST with a learned optimizer, Adam at lr 0.001 and Adam with",
            "its rate tuned on a validation split of the training data; write",
            "fit-demo.json (test accuracy per epoch) and fit-demo.png."})
final class FitDemoCommand implements CheckedCommand {

    static final int MAX_EPOCHS = 100;
    /** Enough for a validation split of a few examples and a minibatch to train on. */
    static final int MIN_EXAMPLES = 2 * FitDemo.VALIDATION_SHARE;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    LearnedOptimizerOption learnedOption;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N",
            description = "epochs of the training split, 1.." + MAX_EPOCHS + " (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "seed of the network's initialisation, the minibatch order and the validation split"
                    + " (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--examples", paramLabel = "N",
            description = "train on the first N training examples only (default: all), for a quick run")
    Integer examples;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for fit-demo.json and"
            + " fit-demo.png")
    Path out;

    @Override
    public Run prepare() {
        CommandLine cli = spec.commandLine();
        Progress progress = main.progress();
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new ParameterException(cli, "--epochs: must be in 1.." + MAX_EPOCHS + ", got " + epochs);
        }
        TrainTestData data = TrainTestData.embedded();
        int available = data.train().size();
        if (examples != null && (examples < MIN_EXAMPLES || examples > available)) {
            throw new ParameterException(cli, "--examples: must be in " + MIN_EXAMPLES + ".." + available + " (the "
                    + data.source() + "'s training split), got " + examples);
        }
        String name = learnedOption.name();
        LstmOptimizer learned = learnedOption.load(cli, main);
        Path outDir = OutputDirectory.prepare(out, "--out", cli, FitDemo.FILES);
        FitDemo.Settings settings = new FitDemo.Settings(new CnnProblem(data), examples == null ? available : examples, epochs, seed,
                LearnedUpdater.of(learned.weights()), name);
        return () -> {
            FitDemo.run(settings, outDir, progress, cli.getOut());
            progress.message("l2l fit-demo: done in %.1f s", progress.elapsedSeconds());
            return 0;
        };
    }
}
