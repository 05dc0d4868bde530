package org.l2l4j.meta.train;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up an enum constant by the name it has on the command line and in saved files. */
final class CommandLineNames {

    private CommandLineNames() {
    }

    /**
     * The constant of {@code values} whose {@code nameOf} is {@code name}.
     *
     * @throws IllegalArgumentException naming {@code what}, the bad name and the valid ones
     */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> nameOf, String what, String name) {
        for (E value : values) {
            if (nameOf.apply(value).equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; valid: "
                + Arrays.stream(values).map(nameOf).collect(Collectors.joining(", ")));
    }
}
