package org.l2l4j.evaluation;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The mean of k values with Student's t 95% confidence interval, mean ± t<sub>0.975, k−1</sub>·sd/√k
 * with the sample standard deviation; with k = 1 the interval collapses to the value.
 */
public record MeanInterval(double mean, double lo, double hi) {

    /** The mean and interval of {@code values}, at least one. */
    public static MeanInterval of(double[] values) {
        int k = values.length;
        if (k == 0) {
            throw new IllegalArgumentException("no values to average");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / k;
        if (k == 1) {
            return new MeanInterval(mean, mean, mean);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double half = tQuantile975(k - 1) / Math.sqrt(k) * Math.sqrt(squares / (k - 1));
        return new MeanInterval(mean, mean - half, mean + half);
    }

    /** The 0.975 quantile of Student's t distribution with {@code df} degrees of freedom. */
    static double tQuantile975(int df) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }
}
