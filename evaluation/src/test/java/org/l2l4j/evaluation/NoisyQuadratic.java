package org.l2l4j.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;

/**
 * Test problem: f(θ; ε) = ½ Σ a_i (θ_i − c_i − ε_i)² with a, c drawn from the seed and fresh noise ε
 * per call (a stand-in for minibatches), θ_0 = 0. Records the seeds it was sampled with.
 */
public final class NoisyQuadratic implements Problem {

    private final int n;
    public final List<Long> sampledSeeds = Collections.synchronizedList(new ArrayList<>());

    public NoisyQuadratic(int n) {
        this.n = n;
    }

    @Override
    public String spec() {
        return "noisy-quadratic:n=" + n;
    }

    @Override
    public Optimizee sample(long seed) {
        sampledSeeds.add(seed);
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 0.5 + 1.5 * random.nextDouble();
            c[i] = random.nextDouble() * 2 - 1;
        }
        return new Optimizee() {
            public int dimension() {
                return n;
            }

            public float[] initialParameters() {
                return new float[n];
            }

            public double lossAndGradient(float[] theta, float[] gradient) {
                double loss = 0;
                for (int i = 0; i < n; i++) {
                    double r = theta[i] - c[i] - 0.1 * (random.nextDouble() * 2 - 1);
                    gradient[i] = (float) (a[i] * r);
                    loss += 0.5 * a[i] * r * r;
                }
                return loss;
            }
        };
    }

    /** Plain gradient descent, u = −lr·g, with a step counter as state. */
    public static Optimizer<int[]> gradientDescent(float lr) {
        return new Optimizer<>() {
            public String name() {
                return "gd";
            }

            public Double learningRate() {
                return (double) lr;
            }

            public int[] init(int n) {
                return new int[1];
            }

            public void update(float[] gradient, int[] state, float[] update) {
                state[0]++;
                for (int i = 0; i < gradient.length; i++) {
                    update[i] = -lr * gradient[i];
                }
            }
        };
    }
}
