package org.l2l4j.core;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How parameters do on a task's held-out test split: the mean loss there and, for a classification
 * task, the share of test examples whose most probable class is their label.
 *
 * @param loss     mean loss over the test split
 * @param accuracy in [0, 1]; empty for a task that does not classify
 */
public record TestMetrics(double loss, OptionalDouble accuracy) {

    public TestMetrics {
        Objects.requireNonNull(accuracy, "accuracy");
        if (accuracy.isPresent() && !(accuracy.getAsDouble() >= 0 && accuracy.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy.getAsDouble());
        }
    }
}
