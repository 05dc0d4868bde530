package org.l2l4j.cli;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Looks up an enum constant by the name it has on the command line (and in saved files). */
final class CommandLineNames {

    private CommandLineNames() {
    }

    /**
     * The constant of {@code values} whose {@code nameOf} is {@code name}.
     *
     * @throws ParameterException naming {@code flag}, {@code what} the values are, the bad name and the valid ones
     */
    static <E extends Enum<E>> E parse(String flag, String what, String name, E[] values, Function<E, String> nameOf,
                                       CommandLine cli) {
        for (E value : values) {
            if (nameOf.apply(value).equals(name)) {
                return value;
            }
        }
        throw new ParameterException(cli, flag + ": unknown " + what + " '" + name + "'; valid: "
                + Arrays.stream(values).map(nameOf).collect(Collectors.joining(", ")));
    }
}
