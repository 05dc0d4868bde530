package org.l2l4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Range checks of flags: each failure a usage error that names the flag, the rule and the value. */
final class Flags {

    private Flags() {
    }

    static void atLeast(String flag, int value, int min, CommandLine cli) {
        if (value < min) {
            throw new ParameterException(cli, flag + ": must be at least " + min + ", got " + value);
        }
    }

    static void nonNegative(String flag, double value, CommandLine cli) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new ParameterException(cli, flag + ": must be finite and >= 0 (0 = off), got " + value);
        }
    }

    /** A decay factor such as a momentum or Adam's β: in [0, 1). */
    static void decay(String flag, double value, CommandLine cli) {
        if (!(value >= 0 && value < 1)) {
            throw new ParameterException(cli, flag + ": must be in [0, 1), got " + value);
        }
    }
}
