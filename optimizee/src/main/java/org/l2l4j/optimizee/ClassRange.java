package org.l2l4j.optimizee;

/**
 * The classes {@code first..last} (inclusive) of a class-labelled data set, written {@code A-B}, or {@code A}
 * for one class: the classes a few-shot family meta-trains or is evaluated on.
 */
record ClassRange(int first, int last) {

    ClassRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("a class range needs 0 <= first <= last, got " + first + "-" + last);
        }
    }

    /**
     * Parses {@code A-B} or {@code A}.
     *
     * @throws IllegalArgumentException naming {@code key} and the text, if it is neither
     */
    static ClassRange parse(String key, String text) {
        int dash = text.indexOf('-');
        try {
            int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
            if (first >= 0 && last >= first) {
                return new ClassRange(first, last);
            }
        } catch (NumberFormatException notARange) {
            // reported below, as is a range that runs backwards
        }
        throw new IllegalArgumentException(key + "=" + text + ": expected a class range A-B with 0 <= A <= B, or one class A");
    }

    int size() {
        return last - first + 1;
    }

    boolean overlaps(ClassRange other) {
        return first <= other.last && other.first <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
