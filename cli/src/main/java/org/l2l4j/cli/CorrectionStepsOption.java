package org.l2l4j.cli;

import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --correction-steps H}: how many steps of a run a learned optimizer adds its LSTM's output on. */
final class CorrectionStepsOption {

    @Option(names = "--correction-steps", paramLabel = "H",
            description = "learned optimizer with a base step: add the LSTM's output on the first H steps only,"
                    + " the base step alone after them; 0 = every step (default: as its file says)")
    Integer steps;

    boolean given() {
        return steps != null;
    }

    /** {@code optimizer} with the steps given on the command line, if any; {@code source} names where it came from. */
    LstmOptimizer applyTo(LstmOptimizer optimizer, String source, CommandLine cli) {
        if (steps == null) {
            return optimizer;
        }
        try {
            return optimizer.withCorrectionSteps(steps);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--correction-steps: " + source + ": " + Main.oneLine(e.getMessage()));
        }
    }
}
