package org.l2l4j.evaluation.suite;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.core.SeedRange;

/**
 * Everything a row's tuned baselines depend on: the problem, the horizon, the evaluation and tuning seeds
 * and the learning-rate grid (its coarse rates and the top of its upward extension). Not the learned
 * optimizer and not the thread count: a row's baselines are reused while this key is equal.
 */
@JsonPropertyOrder({"problem", "steps", "seeds", "seed_base", "tuning_seeds", "tuning_seed_base", "grid", "max_rate"})
record RowKey(
        String problem,
        int steps,
        int seeds,
        @JsonProperty("seed_base") long seedBase,
        @JsonProperty("tuning_seeds") int tuningSeeds,
        @JsonProperty("tuning_seed_base") long tuningSeedBase,
        List<Double> grid,
        @JsonProperty("max_rate") double maxRate) {

    RowKey {
        grid = List.copyOf(grid);
    }

    static RowKey of(SuiteRow row, SeedRange evaluationSeeds, SeedRange tuningSeeds) {
        return new RowKey(row.spec(), row.steps(), evaluationSeeds.count(), evaluationSeeds.base(), tuningSeeds.count(),
                tuningSeeds.base(), LearningRateSearch.GRID, LearningRateSearch.MAX_RATE);
    }

    /** What differs from {@code stored}, e.g. {@code seeds 20 (stored: 2)}; empty if nothing does. */
    String differences(RowKey stored) {
        List<String> different = new ArrayList<>();
        compare(different, "problem", problem, stored.problem);
        compare(different, "steps", steps, stored.steps);
        compare(different, "seeds", seeds, stored.seeds);
        compare(different, "seed base", seedBase, stored.seedBase);
        compare(different, "tuning seeds", tuningSeeds, stored.tuningSeeds);
        compare(different, "tuning seed base", tuningSeedBase, stored.tuningSeedBase);
        compare(different, "learning-rate grid", grid, stored.grid);
        compare(different, "largest learning rate", maxRate, stored.maxRate);
        return String.join(", ", different);
    }

    private static void compare(List<String> different, String what, Object here, Object stored) {
        if (!Objects.equals(here, stored)) {
            different.add(what + " " + here + " (stored: " + stored + ")");
        }
    }
}
