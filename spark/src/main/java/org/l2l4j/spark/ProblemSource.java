package org.l2l4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import org.l2l4j.core.Problem;
import org.l2l4j.optimizee.Problems;

/**
 * How an executor gets the problem the driver trains on: problems are not serialisable (they may hold a
 * data set), so what travels is this recipe, and each executor makes the problem once per meta-batch shard.
 */
public interface ProblemSource extends Serializable {

    /** The problem; the same, optimizee for optimizee, on every machine. */
    Problem problem();

    /** The problem of a {@code --problem} spec, with its data in {@code dataOrNull} (a path every executor can read). */
    static ProblemSource of(String spec, Path dataOrNull) {
        return new Spec(spec, dataOrNull == null ? null : dataOrNull.toAbsolutePath().toString());
    }

    /** A spec and a data directory, parsed again on the executor. */
    record Spec(String spec, String dataOrNull) implements ProblemSource {
        @Override
        public Problem problem() {
            return Problems.parse(spec, dataOrNull == null ? null : Path.of(dataOrNull));
        }
    }
}
