package org.l2l4j.optimizee;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * A problem spec, {@code name[:key=value,key=value...]}, split into its name and options. Every error
 * names the spec, the offending part and what would have been valid.
 */
final class Spec {

    private final String text;
    private final String name;
    private final Map<String, String> options;

    private Spec(String text, String name, Map<String, String> options) {
        this.text = text;
        this.name = name;
        this.options = options;
    }

    /** Splits {@code text}; checks the syntax only, not the names. */
    static Spec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty problem spec; expected name[:key=value,...]");
        }
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String option : text.substring(colon + 1).split(",", -1)) {
                int equals = option.indexOf('=');
                if (equals <= 0 || equals == option.length() - 1) {
                    throw new IllegalArgumentException("bad option '" + option + "' in problem spec '" + text
                            + "': expected key=value");
                }
                String key = option.substring(0, equals);
                if (options.put(key, option.substring(equals + 1)) != null) {
                    throw new IllegalArgumentException("key '" + key + "' given twice in problem spec '" + text + "'");
                }
            }
        }
        return new Spec(text, name, options);
    }

    /** The canonical text of {@code name} with {@code options} in their iteration order. */
    static String format(String name, Map<String, ?> options) {
        if (options.isEmpty()) {
            return name;
        }
        StringJoiner joined = new StringJoiner(",", name + ":", "");
        options.forEach((key, value) -> joined.add(key + "=" + value));
        return joined.toString();
    }

    String name() {
        return name;
    }

    /** Rejects any option not in {@code validKeys}. */
    void requireKeysIn(List<String> validKeys) {
        for (String key : options.keySet()) {
            if (!validKeys.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in problem spec '" + text
                        + "'; valid keys for " + name + ": " + String.join(", ", validKeys));
            }
        }
    }

    /** The integer option {@code key}, at least {@code min}, or {@code fallback} when absent. */
    int integer(String key, int fallback, int min) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException notAnInteger) {
            // reported below, as is an integer that is too small
        }
        throw new IllegalArgumentException("bad value '" + value + "' for key '" + key + "' in problem spec '" + text
                + "': expected an integer >= " + min);
    }

    /** The number option {@code key}, finite and &gt; 0, or {@code fallback} when absent. */
    double positiveNumber(String key, double fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, as is a number that is not positive
        }
        throw new IllegalArgumentException("bad value '" + value + "' for key '" + key + "' in problem spec '" + text
                + "': expected a number > 0");
    }

    /** The spec's text without option {@code key}. */
    String without(String key) {
        Map<String, String> rest = new LinkedHashMap<>(options);
        rest.remove(key);
        return format(name, rest);
    }

    /** The option {@code key} as written, or null when absent. */
    String text(String key) {
        return options.get(key);
    }

    /** The spec as written. */
    String text() {
        return text;
    }

    /** Runs a problem's constructor; an IllegalArgumentException from it gets this spec in its message. */
    <T> T construct(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("problem spec '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The option {@code key}, one of {@code valid}, or {@code fallback} when absent. */
    String choice(String key, String fallback, Collection<String> valid) {
        String value = options.getOrDefault(key, fallback);
        if (!valid.contains(value)) {
            throw new IllegalArgumentException("bad value '" + value + "' for key '" + key + "' in problem spec '"
                    + text + "'; valid values: " + String.join(", ", valid));
        }
        return value;
    }
}
