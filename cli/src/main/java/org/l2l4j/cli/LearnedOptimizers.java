package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.l2l4j.core.InputPaths;
import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Loads a learned optimizer named on the command line, turning every problem with the file into a usage error. */
final class LearnedOptimizers {

    private LearnedOptimizers() {
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
