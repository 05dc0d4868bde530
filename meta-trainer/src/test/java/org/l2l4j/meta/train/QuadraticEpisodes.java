package org.l2l4j.meta.train;

import java.util.List;
import org.l2l4j.core.Episode;
import org.l2l4j.core.ForwardingOptimizee;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;

/**
 * Few-shot tasks small enough for float64 finite differences: the support loss is one {@link SmallQuadratic}
 * and the query loss another of the same shape, both drawn from the task's seed. Their targets are
 * y = Wc + small noise with one c = (1, …, 1) for every task, so there is an initialisation to learn
 * (near c) that the tasks' own θ<sub>0</sub> (the support quadratic's, near 0) is far from.
 */
record QuadraticEpisodes(int problems, int dim) implements Problem {

    @Override
    public String spec() {
        return "quadratic-episodes";
    }

    @Override
    public Episode sample(long seed) {
        return episode(aroundCentre(new SmallQuadratic(problems, dim, seed), seed),
                aroundCentre(new SmallQuadratic(problems, dim, ~seed), ~seed));
    }

    /** Sets the targets to W(1, …, 1) plus N(0, 0.1²) noise. */
    private static SmallQuadratic aroundCentre(SmallQuadratic f, long seed) {
        java.util.Random noise = new java.util.Random(seed * 31 + 1);
        for (int b = 0; b < f.problems; b++) {
            for (int r = 0; r < f.dim; r++) {
                double target = 0.1 * noise.nextGaussian();
                for (int k = 0; k < f.dim; k++) {
                    target += f.w[b][r][k];
                }
                f.y[b][r] = target;
            }
        }
        return f;
    }

    static Episode episode(SmallQuadratic support, SmallQuadratic query) {
        return new Task(support.asOptimizee(), query.asOptimizee());
    }

    /** Adapts on the support quadratic; the query quadratic scores. */
    private static final class Task extends ForwardingOptimizee<Optimizee> implements Episode {
        private final Optimizee query;

        Task(Optimizee support, Optimizee query) {
            super(support);
            this.query = query;
        }

        @Override
        public List<String> parameterLayout() {
            return List.of();
        }

        @Override
        public double queryLoss(float[] theta, float[] gradientOrNull) {
            return query.lossAndGradient(theta, gradientOrNull == null ? new float[theta.length] : gradientOrNull);
        }
    }
}
