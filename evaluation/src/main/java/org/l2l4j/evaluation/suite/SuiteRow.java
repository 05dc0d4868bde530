package org.l2l4j.evaluation.suite;

/**
 * One row of the evaluation suite: a problem and the number of steps every optimizer trains it for.
 *
 * @param number the row's place in the suite, from 1 ({@code --rows} names rows by it)
 * @param name   a short name for pictures and progress, e.g. {@code mnist:activation=relu}
 * @param spec   the problem spec the row trains, canonical (as {@code Problem.spec()} gives it): what its
 *               results are keyed on
 * @param steps  updates per run
 */
public record SuiteRow(int number, String name, String spec, int steps) {

    public SuiteRow {
        if (number < 1 || steps < 1) {
            throw new IllegalArgumentException("a suite row needs a number and steps >= 1, got " + number + " and "
                    + steps);
        }
        if (name == null || name.isBlank() || spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("suite row " + number + " needs a name and a problem spec");
        }
    }

    /** E.g. {@code mnist:activation=relu, 200 steps}. */
    public String label() {
        return name + ", " + steps + " steps";
    }
}
