package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizee;

class QuadraticProblemTest {

    /** f(θ) = (1/B) Σ_b ‖W_b θ_b − y_b‖² in float64, written independently of the optimizee. */
    private static double loss64(int dim, int batch, float[] w, float[] y, double[] theta) {
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < dim; i++) {
                double r = -y[b * dim + i];
                for (int j = 0; j < dim; j++) {
                    r += (double) w[(b * dim + i) * dim + j] * theta[b * dim + j];
                }
                sum += r * r;
            }
        }
        return sum / batch;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void gradientMatchesFloat64CentralDifferences() {
        int dim = 7;
        int batch = 5;
        Random random = new Random(1);
        float[] w = gaussian(random, batch * dim * dim);
        float[] y = gaussian(random, batch * dim);
        float[] theta = gaussian(random, batch * dim); // away from 0, where the gradient is larger
        QuadraticOptimizee optimizee = new QuadraticOptimizee(dim, batch, w, y, theta.clone());
        float[] gradient = new float[batch * dim];
        double loss = optimizee.lossAndGradient(theta, gradient);

        double[] at = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            at[i] = theta[i];
        }
        double exact = loss64(dim, batch, w, y, at);
        // float32 residuals over 7 terms: ~1e-6 relative.
        assertEquals(exact, loss, 1e-5 * exact);
        double h = 1e-4;
        double largest = 0;
        for (int i = 0; i < at.length; i++) {
            double saved = at[i];
            at[i] = saved + h;
            double plus = loss64(dim, batch, w, y, at);
            at[i] = saved - h;
            double minus = loss64(dim, batch, w, y, at);
            at[i] = saved;
            double expected = (plus - minus) / (2 * h);
            largest = Math.max(largest, Math.abs(expected));
            // f is quadratic, so the central difference is exact up to float64 rounding (~1e-11);
            // the hand-written gradient is float32 over 7 terms: ~1e-6 of the gradient's scale.
            assertEquals(expected, gradient[i], 1e-5 * (1 + Math.abs(expected)), "coordinate " + i);
        }
        assertTrue(largest > 1, "a check on a non-trivial gradient, largest " + largest);
    }

    @Test
    void sameSeedGivesTheSameProblemAndStart() {
        QuadraticProblem problem = new QuadraticProblem();
        Optimizee a = problem.sample(42);
        Optimizee b = problem.sample(42);
        assertArrayEquals(a.initialParameters(), b.initialParameters(), 0f);
        float[] ga = new float[a.dimension()];
        float[] gb = new float[b.dimension()];
        float[] theta = a.initialParameters();
        assertEquals(a.lossAndGradient(theta, ga), b.lossAndGradient(theta, gb), 0.0);
        assertArrayEquals(ga, gb, 0f);
    }

    @Test
    void differentSeedsGiveDifferentProblems() {
        QuadraticProblem problem = new QuadraticProblem();
        Optimizee a = problem.sample(1);
        Optimizee b = problem.sample(2);
        assertFalse(Arrays.equals(a.initialParameters(), b.initialParameters()));
        float[] theta = new float[a.dimension()]; // same θ: any difference comes from W and y
        float[] gradient = new float[a.dimension()];
        assertTrue(a.lossAndGradient(theta, gradient) != b.lossAndGradient(theta, gradient));
    }

    @Test
    void defaultInstanceHas1280CoordinatesStartingNearZero() {
        Optimizee optimizee = new QuadraticProblem().sample(7);
        assertEquals(1280, optimizee.dimension());
        float[] theta0 = optimizee.initialParameters();
        double squares = 0;
        for (float v : theta0) {
            squares += (double) v * v;
        }
        // 1,280 draws of N(0, 0.01²): the root mean square is 0.01 within a few percent.
        assertEquals(0.01, Math.sqrt(squares / theta0.length), 1e-3);
    }

    @Test
    void lossIsAMeanOverTheProblemsNotASum() {
        // At θ = 0 the loss is mean_b ‖y_b‖²: for y ~ N(0, 1) in 10 dimensions, ~10 (a χ² with 10
        // degrees of freedom, averaged over 128 problems: standard deviation √(20/128) ≈ 0.4).
        // A sum over the problems would be ~1,280.
        Optimizee optimizee = new QuadraticProblem().sample(8);
        float[] gradient = new float[optimizee.dimension()];
        double loss = optimizee.lossAndGradient(new float[optimizee.dimension()], gradient);
        assertEquals(10, loss, 2);
    }

    @Test
    void initialParametersAreAFreshCopy() {
        Optimizee optimizee = new QuadraticProblem(3, 2).sample(9);
        float[] theta0 = optimizee.initialParameters();
        theta0[0] = 123f;
        assertTrue(optimizee.initialParameters()[0] != 123f);
    }

    @Test
    void settingsOutsideTheirRangeAreRejected() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new QuadraticProblem(0, 128)),
                "dim must be >= 1, got 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new QuadraticProblem(10, -1)),
                "batch must be >= 1, got -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new QuadraticProblem(100_000, 128)),
                "more than one Java array");
    }
}
