package org.l2l4j.evaluation.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2l4j.baselines.LearningRateSearch.Tuned;
import org.l2l4j.core.SeedRange;

/**
 * How a baseline's learning rate was chosen: the grid value with the lowest mean final loss over the
 * tuning seeds {@code seedBase + i}, a range disjoint from the evaluation seeds.
 *
 * @param seedBase      first tuning seed
 * @param seeds         number of tuning seeds
 * @param finalLossMean mean final loss of the chosen rate on the tuning seeds; null if every rate diverged
 * @param grid          every rate tried with its mean final loss, null where a run diverged
 */
@JsonPropertyOrder({"seed_base", "seeds", "final_loss_mean", "grid"})
public record Tuning(
        @JsonProperty("seed_base") long seedBase,
        int seeds,
        @JsonProperty("final_loss_mean") Double finalLossMean,
        List<GridPoint> grid) {

    /** One learning rate of the grid and its score. */
    @JsonPropertyOrder({"lr", "final_loss_mean"})
    public record GridPoint(double lr, @JsonProperty("final_loss_mean") Double finalLossMean) {
    }

    public Tuning {
        grid = List.copyOf(grid);
    }

    public static Tuning of(Tuned tuned, SeedRange seeds) {
        List<GridPoint> grid = new ArrayList<>();
        for (Map.Entry<Double, Double> point : tuned.meanFinalLossByLearningRate().entrySet()) {
            grid.add(new GridPoint(point.getKey(), finiteOrNull(point.getValue())));
        }
        return new Tuning(seeds.base(), seeds.count(), finiteOrNull(tuned.meanFinalLoss()), grid);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
