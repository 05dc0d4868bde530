package org.l2l4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.core.Problem;
import org.l2l4j.optimizee.MixtureProblem;

/**
 * How an executor gets the problem the driver trains on: problems are not serialisable (they may hold a
 * data set), so what travels is this recipe, and each executor makes the problem once per meta-batch shard.
 */
public interface ProblemSource extends Serializable {

    /** The problem; the same, optimizee for optimizee, on every machine. */
    Problem problem();

    /**
     * The problem of the {@code --problem} specs (one family or a mixture), with their data in
     * {@code dataOrNull} (a path every executor can read).
     */
    static ProblemSource of(List<String> specs, Path dataOrNull) {
        return new Specs(List.copyOf(specs), dataOrNull == null ? null : dataOrNull.toAbsolutePath().toString());
    }

    /** Specs and a data path, parsed again on the executor. */
    record Specs(List<String> specs, String dataOrNull) implements ProblemSource {
        @Override
        public Problem problem() {
            return MixtureProblem.parse(specs, dataOrNull == null ? null : Path.of(dataOrNull));
        }
    }
}
