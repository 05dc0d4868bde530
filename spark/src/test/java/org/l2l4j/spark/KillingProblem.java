package org.l2l4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2l4j.core.ForwardingOptimizee;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.optimizee.Problems;

/**
 * The problem of {@code spec}, except that the first JVM to compute gradient number {@code call} of a
 * training optimizee (seed ≥ 2³², drawn only on executors) halts right there, in the middle of a meta-step,
 * as a killed executor would; {@code marker}, created first, makes it happen once in the whole cluster.
 */
record KillingProblem(String spec, String marker, int call) implements ProblemSource {

    @Override
    public Problem problem() {
        Problem inner = Problems.parse(spec, null);
        return new Problem() {
            @Override
            public String spec() {
                return inner.spec();
            }

            @Override
            public Optimizee sample(long seed) {
                Optimizee optimizee = inner.sample(seed);
                return seed >= SeedRange.TRAINING_BASE ? new Killing(optimizee) : optimizee;
            }
        };
    }

    private final class Killing extends ForwardingOptimizee<Optimizee> {
        private int calls;

        Killing(Optimizee inner) {
            super(inner);
        }

        @Override
        public double lossAndGradient(float[] theta, float[] gradient) {
            if (++calls == call) {
                try {
                    Files.createFile(Path.of(marker));
                    Runtime.getRuntime().halt(137);
                } catch (FileAlreadyExistsException e) {
                    // killed once already
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return delegate().lossAndGradient(theta, gradient);
        }
    }
}
