package org.l2l4j.meta.train;

import java.util.Random;
import org.l2l4j.core.Optimizee;

/**
 * f(θ) = mean over b of ‖W<sub>b</sub>θ<sub>b</sub> − y<sub>b</sub>‖² in float64, small enough for
 * finite differences over every meta-parameter; {@link #asOptimizee()} is the same function in float32
 * for the production path, and counts its evaluations.
 */
final class SmallQuadratic {
    final int problems;
    final int dim;
    final double[][][] w;
    final double[][] y;
    final double[] theta0;
    int evaluations;

    SmallQuadratic(int problems, int dim, long seed) {
        Random rnd = new Random(seed);
        this.problems = problems;
        this.dim = dim;
        w = new double[problems][dim][dim];
        y = new double[problems][dim];
        theta0 = new double[problems * dim];
        for (int b = 0; b < problems; b++) {
            for (int r = 0; r < dim; r++) {
                y[b][r] = rnd.nextGaussian();
                for (int k = 0; k < dim; k++) {
                    w[b][r][k] = rnd.nextGaussian();
                }
            }
        }
        for (int i = 0; i < theta0.length; i++) {
            theta0[i] = 0.1 * rnd.nextGaussian();
        }
    }

    int n() {
        return problems * dim;
    }

    /** Returns f(θ) and writes ∇f(θ) into {@code gradient} unless it is null. */
    double lossAndGradient(double[] theta, double[] gradient) {
        double loss = 0;
        if (gradient != null) {
            java.util.Arrays.fill(gradient, 0);
        }
        for (int b = 0; b < problems; b++) {
            for (int r = 0; r < dim; r++) {
                double res = -y[b][r];
                for (int k = 0; k < dim; k++) {
                    res += w[b][r][k] * theta[b * dim + k];
                }
                loss += res * res / problems;
                if (gradient != null) {
                    for (int k = 0; k < dim; k++) {
                        gradient[b * dim + k] += 2 * res * w[b][r][k] / problems;
                    }
                }
            }
        }
        return loss;
    }

    Optimizee asOptimizee() {
        return new Optimizee() {
            public int dimension() {
                return n();
            }

            public float[] initialParameters() {
                float[] t = new float[n()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) theta0[i];
                }
                return t;
            }

            /** There are no minibatches: every call evaluates the same function. */
            @Override
            public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
                return lossAndGradient(theta, gradient);
            }

            public double lossAndGradient(float[] theta, float[] gradient) {
                evaluations++;
                double[] t = new double[theta.length];
                double[] g = new double[theta.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = theta[i];
                }
                double loss = SmallQuadratic.this.lossAndGradient(t, g);
                for (int i = 0; i < g.length; i++) {
                    gradient[i] = (float) g[i];
                }
                return loss;
            }
        };
    }
}
