package org.l2l4j.meta.train;

import java.util.function.ToDoubleFunction;

/** Float64 central differences of a loss, and the relative error a meta-gradient is judged by. */
final class CentralDifferences {

    /** h keeps truncation (~h²) and rounding (~1e-16·L/h) both far below the 1e-4 relative tolerance the tests ask for. */
    private static final double H = 1e-6;

    private CentralDifferences() {
    }

    /** ∂L/∂x<sub>j</sub> for every j; {@code x} is restored after each probe. */
    static double[] of(double[] x, ToDoubleFunction<double[]> loss) {
        double[] numeric = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double keep = x[j];
            x[j] = keep + H;
            double up = loss.applyAsDouble(x);
            x[j] = keep - H;
            double down = loss.applyAsDouble(x);
            x[j] = keep;
            numeric[j] = (up - down) / (2 * H);
        }
        return numeric;
    }

    /**
     * The derivative of L along each of {@code directions} (unit vectors), by central differences: two
     * evaluations per direction rather than per coordinate, for losses too costly to probe coordinate by
     * coordinate. {@code x} is restored after each probe.
     */
    static double[] along(double[] x, double[][] directions, ToDoubleFunction<double[]> loss) {
        double[] numeric = new double[directions.length];
        double[] probe = new double[x.length];
        for (int k = 0; k < directions.length; k++) {
            for (int j = 0; j < x.length; j++) {
                probe[j] = x[j] + H * directions[k][j];
            }
            double up = loss.applyAsDouble(probe);
            for (int j = 0; j < x.length; j++) {
                probe[j] = x[j] - H * directions[k][j];
            }
            double down = loss.applyAsDouble(probe);
            numeric[k] = (up - down) / (2 * H);
        }
        return numeric;
    }

    /** {@code gradient} projected on each of {@code directions}. */
    static double[] projected(float[] gradient, double[][] directions) {
        double[] projections = new double[directions.length];
        for (int k = 0; k < directions.length; k++) {
            for (int j = 0; j < gradient.length; j++) {
                projections[k] += gradient[j] * directions[k][j];
            }
        }
        return projections;
    }

    /** ‖expected − actual‖ / ‖expected‖. */
    static double relativeError(double[] expected, double[] actual) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    static double relativeError(double[] expected, float[] actual) {
        return relativeError(expected, widened(actual));
    }

    /** {@code v} in float64. */
    static double[] widened(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** {@code count} unit vectors of N(0, 1) coordinates, from {@code seed}: directions for {@link #along}. */
    static double[][] randomDirections(int count, int length, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] directions = new double[count][length];
        for (double[] direction : directions) {
            double norm = 0;
            for (int j = 0; j < length; j++) {
                direction[j] = random.nextGaussian();
                norm += direction[j] * direction[j];
            }
            for (int j = 0; j < length; j++) {
                direction[j] /= Math.sqrt(norm);
            }
        }
        return directions;
    }
}
