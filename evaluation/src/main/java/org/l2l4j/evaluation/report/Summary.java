package org.l2l4j.evaluation.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.l2l4j.core.SeedRange;
import org.l2l4j.evaluation.Comparison;

/**
 * The content of {@code summary.json}: every optimizer's loss curve on one problem, over the same
 * evaluation seeds {@code seedBase + i}, i = 0..seeds-1. The fields {@code problem}, {@code steps},
 * {@code seeds}, {@code optimizers} and each optimizer's {@code name}, {@code lr},
 * {@code final_loss_mean}, {@code final_loss_ci95}, {@code curve_mean}, {@code curve_ci95_lo},
 * {@code curve_ci95_hi} are a public format other programs read: add fields, never change these.
 *
 * @param problem    the problem spec, e.g. {@code mnist}
 * @param steps      number of updates; every curve has steps + 1 values (t = 0..steps)
 * @param seeds      number of evaluation seeds
 * @param seedBase   the first evaluation seed
 * @param optimizers one entry per optimizer, names unique
 */
@JsonPropertyOrder({"problem", "steps", "seeds", "seed_base", "optimizers"})
public record Summary(
        String problem,
        int steps,
        int seeds,
        @JsonProperty("seed_base") long seedBase,
        List<OptimizerSummary> optimizers) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Summary {
        optimizers = List.copyOf(optimizers);
        Set<String> names = new HashSet<>();
        for (OptimizerSummary optimizer : optimizers) {
            if (!names.add(optimizer.name())) {
                throw new IllegalArgumentException("optimizer " + optimizer.name() + " appears twice in the summary");
            }
            if (optimizer.steps() != steps) {
                throw new IllegalArgumentException("optimizer " + optimizer.name() + " has " + optimizer.steps()
                        + " steps, the summary " + steps);
            }
        }
    }

    /** The summary of a comparison: its evaluation seeds, and every optimizer with its tuning, if any. */
    public static Summary of(Comparison.Result result) {
        Comparison.Settings settings = result.settings();
        List<OptimizerSummary> optimizers = result.entries().stream()
                .map(entry -> OptimizerSummary.of(entry.evaluation(),
                        entry.tuning() == null ? null : Tuning.of(entry.tuning(), settings.tuningSeeds())))
                .toList();
        SeedRange seeds = settings.evaluationSeeds();
        return new Summary(settings.problem().spec(), settings.steps(), seeds.count(), seeds.base(), optimizers);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the summary of " + problem, e);
        }
    }

    /** Reads a {@code summary.json} written by {@link ReportFiles}. */
    public static Summary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Summary.class);
    }
}
