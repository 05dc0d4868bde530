package org.l2l4j.baselines;

import java.util.Random;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;

/**
 * f(θ) = ½ Σ λ<sub>i</sub> θ<sub>i</sub>², with curvatures λ log-spaced from {@code smallest} to
 * {@code largest} and θ<sub>0</sub> ~ N(0, 1) drawn from the seed. Deterministic (no minibatch), so
 * gradient descent has a closed form: θ<sub>T,i</sub> = (1 − lr·λ<sub>i</sub>)<sup>T</sup> θ<sub>0,i</sub>.
 */
record IllConditionedQuadratic(int dimension, double smallest, double largest) implements Problem {

    double curvature(int i) {
        return smallest * Math.pow(largest / smallest, i / (dimension - 1.0));
    }

    /** The loss after {@code steps} gradient-descent steps of size {@code lr} from θ<sub>0</sub>, in double. */
    double gradientDescentLoss(float[] theta0, double lr, int steps) {
        double loss = 0;
        for (int i = 0; i < dimension; i++) {
            double lambda = curvature(i);
            double theta = Math.pow(1 - lr * lambda, steps) * theta0[i];
            loss += 0.5 * lambda * theta * theta;
        }
        return loss;
    }

    @Override
    public String spec() {
        return "ill-conditioned-quadratic:n=" + dimension + ",curvature=" + smallest + ".." + largest;
    }

    @Override
    public Optimizee sample(long seed) {
        Random random = new Random(seed);
        float[] theta0 = new float[dimension];
        double[] lambda = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            theta0[i] = (float) random.nextGaussian();
            lambda[i] = curvature(i);
        }
        return new Optimizee() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public float[] initialParameters() {
                return theta0.clone();
            }

            @Override
            public double lossAndGradient(float[] theta, float[] gradient) {
                double loss = 0;
                for (int i = 0; i < dimension; i++) {
                    gradient[i] = (float) (lambda[i] * theta[i]);
                    loss += 0.5 * lambda[i] * theta[i] * theta[i];
                }
                return loss;
            }
        };
    }
}
