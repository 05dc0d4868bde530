package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.l2l4j.core.InputPaths;
import org.l2l4j.lstm.BundledOptimizers;
import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Loads a learned optimizer named on the command line, a file or {@code bundled:ID} (one of
 * {@link BundledOptimizers#IDS}), turning every problem with it into a usage error.
 */
final class LearnedOptimizers {

    /** What a flag's value starts with to name a bundled optimizer by its id rather than a file. */
    static final String BUNDLED = "bundled:";

    private LearnedOptimizers() {
    }

    /** True if {@code argument} names a bundled optimizer ({@code bundled:ID}), not a file. */
    static boolean namesBundled(String argument) {
        return argument.startsWith(BUNDLED);
    }

    /**
     * The optimizer {@code argument} names: {@code bundled:ID} as {@code main}'s resources hold it, else the
     * file at that path.
     */
    static LstmOptimizer load(String argument, String flag, CommandLine cli, Main main) {
        if (namesBundled(argument)) {
            String id = argument.substring(BUNDLED.length());
            if (!BundledOptimizers.IDS.contains(id)) {
                throw new ParameterException(cli, flag + ": " + BundledOptimizers.unknown(id));
            }
            Optional<LstmOptimizer> bundled = main.bundledOptimizer(id);
            if (bundled.isEmpty()) {
                throw new ParameterException(cli, flag + ": this build does not ship the bundled optimizer \"" + id
                        + "\"; give a file instead");
            }
            return bundled.get();
        }
        return load(path(argument, flag, cli), flag, cli);
    }

    /** The optimizer {@code argument} names as {@link #load(String, String, CommandLine, Main)} does, or if null the bundled default. */
    static LstmOptimizer loadOrDefault(String argument, String flag, CommandLine cli, Main main) {
        return load(argument != null ? argument : BUNDLED + BundledOptimizers.DEFAULT, flag, cli, main);
    }

    /** {@code argument} as a path, or a usage error naming {@code flag}. */
    static Path path(String argument, String flag, CommandLine cli) {
        try {
            return Path.of(argument);
        } catch (InvalidPathException e) {
            throw new ParameterException(cli, flag + ": '" + argument + "' is not a valid path: " + e.getReason());
        }
    }

    static LstmOptimizer load(Path file, String flag, CommandLine cli) {
        try {
            InputPaths.requireReadable(file, false);
        } catch (IOException e) {
            throw new ParameterException(cli, flag + ": " + file + " " + Main.reason(e, file));
        }
        try {
            return LstmOptimizer.load(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(cli, flag + ": cannot load a learned optimizer from " + file + ": "
                    + Main.reason(e, file));
        }
    }
}
