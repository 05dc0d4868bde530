package org.l2l4j.meta.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How a baseline's learning rate was chosen: the grid value with the lowest mean final loss over the
 * tuning seeds {@code seedBase + i}, a range disjoint from the evaluation seeds.
 *
 * @param seedBase      first tuning seed
 * @param seeds         number of tuning seeds
 * @param finalLossMean mean final loss of the chosen learning rate on the tuning seeds
 */
@JsonPropertyOrder({"seed_base", "seeds", "final_loss_mean"})
public record Tuning(
        @JsonProperty("seed_base") long seedBase,
        int seeds,
        @JsonProperty("final_loss_mean") double finalLossMean) {
}
