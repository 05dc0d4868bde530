package org.l2l4j.spark;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalDouble;
import org.l2l4j.core.TestMetrics;
import org.l2l4j.core.Trajectory;

/**
 * A {@link Trajectory} on its way back from an executor (its optionals are not serialisable); a missing
 * measurement is null, as NaN is a value a run may measure.
 */
record RunOutcome(double[] losses, Double finalTrainingLoss, Double testLoss, Double testAccuracy)
        implements Serializable {

    static RunOutcome of(Trajectory run) {
        Optional<TestMetrics> test = run.finalTestMetrics();
        return new RunOutcome(run.losses(), boxed(run.finalTrainingLoss()),
                test.map(TestMetrics::loss).orElse(null), test.map(m -> boxed(m.accuracy())).orElse(null));
    }

    Trajectory trajectory() {
        Optional<TestMetrics> test = testLoss == null ? Optional.empty()
                : Optional.of(new TestMetrics(testLoss, optional(testAccuracy)));
        return new Trajectory(losses, optional(finalTrainingLoss), test);
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
