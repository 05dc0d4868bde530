package org.l2l4j.evaluation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.l2l4j.core.TestMetrics;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;

/**
 * One optimizer run on every seed of a {@link SeedRange}.
 *
 * @param optimizer    the optimizer's {@link org.l2l4j.core.Optimizer#name() name}
 * @param learningRate its learning rate, or null for a learned optimizer
 * @param seeds        the seeds, run i on {@code seeds.seed(i)}
 * @param runs         the loss curve of every run, in seed order
 * @param stats        per-step mean and 95% interval over the runs
 */
public record Evaluation(String optimizer, Double learningRate, SeedRange seeds, List<Trajectory> runs,
                         CurveStats stats) {

    public Evaluation {
        runs = List.copyOf(runs);
        if (runs.size() != seeds.count()) {
            throw new IllegalArgumentException(runs.size() + " runs for " + seeds.count() + " seeds");
        }
    }

    public int steps() {
        return stats.steps();
    }

    /**
     * Mean and 95% interval of f(θ<sub>T</sub>; D), the final parameters' loss on all training data,
     * over the runs that did not diverge; empty if the problem does not measure it or every run diverged.
     */
    public Optional<MeanInterval> finalTrainingLoss() {
        return overFiniteRuns(Trajectory::finalTrainingLoss);
    }

    /** Mean and 95% interval of the final parameters' test loss, as {@link #finalTrainingLoss()}; empty without a test split. */
    public Optional<MeanInterval> finalTestLoss() {
        return overFiniteRuns(run -> run.finalTestMetrics().map(m -> OptionalDouble.of(m.loss())).orElse(OptionalDouble.empty()));
    }

    /** Mean and 95% interval of the final parameters' test accuracy, as {@link #finalTestLoss()}; empty if the task does not classify. */
    public Optional<MeanInterval> finalTestAccuracy() {
        return overFiniteRuns(run -> run.finalTestMetrics().map(TestMetrics::accuracy).orElse(OptionalDouble.empty()));
    }

    /** The statistics of one final measurement over the runs that did not diverge; empty if any of them lacks it, or there are none. */
    private Optional<MeanInterval> overFiniteRuns(Function<Trajectory, OptionalDouble> measurement) {
        List<OptionalDouble> values = runs.stream().filter(run -> !run.diverged()).map(measurement).toList();
        if (values.isEmpty() || values.stream().anyMatch(OptionalDouble::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(MeanInterval.of(values.stream().mapToDouble(OptionalDouble::getAsDouble).toArray()));
    }
}
