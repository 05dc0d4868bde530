package org.l2l4j.cli;

import org.l2l4j.core.SettingException;
import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --correction-steps H} and {@code --scale-factor F}: what a learned optimizer's file says about
 * how long and how strongly its LSTM corrects, overridden for one evaluation.
 */
final class LearnedOverrides {

    @Option(names = "--correction-steps", paramLabel = "H",
            description = "learned optimizer with a base step: add the LSTM's output on the first H steps only,"
                    + " the base step alone after them; 0 = every step (default: as its file says)")
    Integer correctionSteps;

    @Option(names = "--scale-factor", paramLabel = "F",
            description = "learned optimizer: multiply its LSTM's output scale by F > 0 (default: 1)")
    Double scaleFactor;

    boolean given() {
        return correctionSteps != null || scaleFactor != null;
    }

    /** The flags' names, for messages where none applies. */
    String givenFlags() {
        return correctionSteps != null ? "--correction-steps" : "--scale-factor";
    }

    /** {@code optimizer} with what the command line overrides; {@code source} names where it came from. */
    LstmOptimizer applyTo(LstmOptimizer optimizer, String source, CommandLine cli) {
        LstmOptimizer result = optimizer;
        if (correctionSteps != null) {
            try {
                result = result.withCorrectionSteps(correctionSteps);
            } catch (SettingException e) {
                throw new ParameterException(cli, "--correction-steps: " + source + ": " + Main.oneLine(e.rule()));
            }
        }
        if (scaleFactor != null) {
            if (!(scaleFactor > 0 && Double.isFinite(scaleFactor))) {
                throw new ParameterException(cli, "--scale-factor: must be finite and > 0, got " + scaleFactor);
            }
            result = result.withOutputScaleFactor(scaleFactor);
        }
        return result;
    }
}
