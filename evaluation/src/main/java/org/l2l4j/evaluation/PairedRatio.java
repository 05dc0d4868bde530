package org.l2l4j.evaluation;

/**
 * The ratio of two means measured on the same seeds, x̄ / ȳ (e.g. one optimizer's mean final loss over
 * another's), with Fieller's 95% interval for it: the ratios R for which x̄ − R·ȳ = 0 is not rejected by a
 * Student's t test on the paired differences xᵢ − R·yᵢ, i.e. the R with
 * (x̄ − Rȳ)² ≤ t²<sub>0.975, k−1</sub>·(s<sub>xx</sub> − 2R·s<sub>xy</sub> + R²·s<sub>yy</sub>)/k. Unlike a
 * symmetric interval it is exact when the pairs are normal, and it is asymmetric about the ratio. When
 * ȳ is not clearly apart from 0 (a ≤ 0 below) the set is unbounded and there is no interval.
 *
 * @param ratio x̄ / ȳ
 * @param lo    lower end of the interval, NaN if there is none
 * @param hi    upper end of the interval, NaN if there is none
 */
public record PairedRatio(double ratio, double lo, double hi) {

    /**
     * The ratio of the means of {@code x} and {@code y}, pair i being (x[i], y[i]); with one pair, or an
     * unbounded Fieller set, no interval.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a value that is
     *                                  not finite
     */
    public static PairedRatio of(double[] x, double[] y) {
        int k = x.length;
        if (k == 0 || y.length != k) {
            throw new IllegalArgumentException("need the same number of values, at least one; got " + k + " and "
                    + y.length);
        }
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("pair " + i + " is not finite: " + x[i] + ", " + y[i]);
            }
        }
        double mx = mean(x);
        double my = mean(y);
        double ratio = mx / my;
        if (k == 1) {
            return new PairedRatio(ratio, Double.NaN, Double.NaN);
        }
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < k; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double t2k = Math.pow(MeanInterval.tQuantile975(k - 1), 2) / k / (k - 1); // t² / k, per sample variance
        // (x̄ − Rȳ)² − t²/k·(sxx − 2R sxy + R² syy) ≤ 0, as a R² + b R + c ≤ 0
        double a = my * my - t2k * syy;
        double b = -2 * (mx * my - t2k * sxy);
        double c = mx * mx - t2k * sxx;
        if (!(a > 0)) {
            return new PairedRatio(ratio, Double.NaN, Double.NaN);
        }
        // With a > 0 the quadratic is ≤ 0 at R = x̄/ȳ, so its discriminant is ≥ 0 but for rounding.
        double root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
        return new PairedRatio(ratio, (-b - root) / (2 * a), (-b + root) / (2 * a));
    }

    /** Whether the ratio has an interval. */
    public boolean bounded() {
        return !Double.isNaN(lo);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
