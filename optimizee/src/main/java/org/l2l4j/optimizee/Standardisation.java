package org.l2l4j.optimizee;

/**
 * Per-feature statistics of a training split, x ↦ (x − mean) / scale, applied alike to its test split
 * so both are on one scale. The scale is the standard deviation, or 1 for a constant feature.
 */
public record Standardisation(float[] mean, float[] scale) {

    /** A copy of the per-feature means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the per-feature scales. */
    @Override
    public float[] scale() {
        return scale.clone();
    }

    /** The statistics of {@code features}, {@code width} values per example, example after example. */
    static Standardisation of(float[] features, int width) {
        int rows = features.length / width;
        double[] sum = new double[width];
        double[] sumOfSquares = new double[width];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < width; j++) {
                double x = features[row * width + j];
                sum[j] += x;
                sumOfSquares[j] += x * x;
            }
        }
        float[] mean = new float[width];
        float[] scale = new float[width];
        for (int j = 0; j < width; j++) {
            double m = sum[j] / rows;
            double variance = Math.max(0, sumOfSquares[j] / rows - m * m);
            mean[j] = (float) m;
            scale[j] = variance > 0 ? (float) Math.sqrt(variance) : 1f;
        }
        return new Standardisation(mean, scale);
    }

    /** Standardises {@code features} in place. */
    void apply(float[] features) {
        int width = mean.length;
        for (int i = 0; i < features.length; i++) {
            features[i] = (features[i] - mean[i % width]) / scale[i % width];
        }
    }
}
