package org.l2l4j.cli;

import org.l2l4j.lstm.BundledOptimizers;
import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --optimizer FILE|bundled:ID} of a command that runs one learned optimizer, the bundled default if not given. */
final class LearnedOptimizerOption {

    @Option(names = "--optimizer", paramLabel = "FILE|bundled:ID",
            description = "the learned optimizer: a file, or bundled:ID for one this build ships (default: the bundled"
                    + " default)")
    String optimizer;

    /** What names the optimizer: the argument, else {@code bundled:} and the default id. */
    String name() {
        return optimizer != null ? optimizer : LearnedOptimizers.BUNDLED + BundledOptimizers.DEFAULT;
    }

    /** The optimizer named, loaded as {@link LearnedOptimizers#loadOrDefault} does; a usage error otherwise. */
    LstmOptimizer load(CommandLine cli, Main main) {
        return LearnedOptimizers.loadOrDefault(optimizer, "--optimizer", cli, main);
    }
}
