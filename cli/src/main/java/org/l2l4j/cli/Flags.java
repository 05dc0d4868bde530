package org.l2l4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Range checks of numeric flags: each failure a usage error that names the flag, the rule and the value. */
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

    /** A rate used in float32 arithmetic: positive and finite once rounded to float. */
    static void positiveFloat(String flag, double value, CommandLine cli) {
        if (!((float) value > 0 && Float.isFinite((float) value))) {
            throw new ParameterException(cli, flag + ": must be finite and > 0 in float32, got " + value);
        }
    }
}
