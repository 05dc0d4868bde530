package org.l2l4j.meta.train;

import org.l2l4j.core.Episode;
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
        org.l2l4j.core.Optimizee s = support.asOptimizee();
        org.l2l4j.core.Optimizee q = query.asOptimizee();
        return new Episode() {
            @Override
            public int dimension() {
                return s.dimension();
            }

            @Override
            public float[] initialParameters() {
                return s.initialParameters();
            }

            @Override
            public double lossAndGradient(float[] theta, float[] gradient) {
                return s.lossAndGradient(theta, gradient);
            }

            @Override
            public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
                return s.lossAndGradientOnBatch(batch, theta, gradient);
            }

            @Override
            public java.util.List<String> parameterLayout() {
                return java.util.List.of();
            }

            @Override
            public double queryLoss(float[] theta, float[] gradientOrNull) {
                return q.lossAndGradient(theta, gradientOrNull == null ? new float[theta.length] : gradientOrNull);
            }
        };
    }
}
