package org.l2l4j.evaluation;

import java.util.Optional;
import java.util.OptionalDouble;
import org.l2l4j.core.Episode;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.TestMetrics;

/**
 * A few-shot family as evaluation runs it (the protocol of Finn et al. 2017): each seed's task adapts on
 * its support set from one start (a learned initialisation, jointly pre-trained parameters, or each task's
 * own random θ<sub>0</sub>), and a run's curve is the query loss after each adaptation step, f<sub>Q</sub>(θ<sub>t</sub>)
 * with θ<sub>t</sub> reached by the optimizer on the support gradients. Its training loss is the query loss
 * too, so a learning-rate search ranks rates by the query loss after the last step, and every report
 * (summary.json, CSV, plots) shows adaptation curves without knowing it.
 */
public final class FewShotProblem implements Problem {

    private final Problem episodes;
    private final float[] startOrNull;

    private FewShotProblem(Problem episodes, float[] startOrNull) {
        this.episodes = episodes;
        this.startOrNull = startOrNull;
    }

    /** Each task adapts from its own θ<sub>0</sub>, drawn from its seed. */
    public static FewShotProblem fromOwnInit(Problem episodes) {
        return new FewShotProblem(episodes, null);
    }

    /** Every task adapts from {@code start} (copied). */
    public static FewShotProblem from(Problem episodes, float[] start) {
        return new FewShotProblem(episodes, start.clone());
    }

    @Override
    public String spec() {
        return episodes.spec();
    }

    /** @throws IllegalArgumentException if the family's task has no query set, or not the start's dimension */
    @Override
    public Optimizee sample(long seed) {
        if (!(episodes.sample(seed) instanceof Episode task)) {
            throw new IllegalArgumentException(episodes.spec() + " is not a few-shot family (no query sets)");
        }
        if (startOrNull != null && startOrNull.length != task.dimension()) {
            throw new IllegalArgumentException("the start has " + startOrNull.length + " parameters, a task of "
                    + episodes.spec() + " " + task.dimension());
        }
        return new Adapting(task, startOrNull);
    }

    /** One task: support gradients drive the optimizer, the query loss is what the curve records. */
    private record Adapting(Episode task, float[] startOrNull) implements Optimizee {

        @Override
        public int dimension() {
            return task.dimension();
        }

        @Override
        public float[] initialParameters() {
            return startOrNull == null ? task.initialParameters() : startOrNull.clone();
        }

        /** Writes the support gradient; returns the query loss at θ. */
        @Override
        public double lossAndGradient(float[] theta, float[] gradient) {
            task.lossAndGradient(theta, gradient);
            return task.queryLoss(theta, null);
        }

        @Override
        public OptionalDouble trainingLoss(float[] theta) {
            return OptionalDouble.of(task.queryLoss(theta, null));
        }

        @Override
        public Optional<TestMetrics> testMetrics(float[] theta) {
            return task.testMetrics(theta);
        }
    }
}
