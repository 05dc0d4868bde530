package org.l2l4j.evaluation;

import java.util.List;
import java.util.Optional;
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
        List<Trajectory> finite = runs.stream().filter(run -> !run.diverged()).toList();
        if (finite.isEmpty() || finite.stream().anyMatch(run -> run.finalTrainingLoss().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(MeanInterval.of(
                finite.stream().mapToDouble(run -> run.finalTrainingLoss().getAsDouble()).toArray()));
    }
}
