package org.l2l4j.optimizee;

/**
 * One instance of {@link QuadraticProblem}: f(θ) = (1/B) Σ<sub>b</sub> ‖W<sub>b</sub> θ<sub>b</sub> −
 * y<sub>b</sub>‖², with the gradient ∂f/∂θ<sub>b</sub> = (2/B) W<sub>b</sub><sup>T</sup>
 * (W<sub>b</sub> θ<sub>b</sub> − y<sub>b</sub>) written out by hand: B small gemvs, too small for BLAS.
 */
final class QuadraticOptimizee implements org.l2l4j.core.Optimizee {

    private final int dim;
    private final int batch;
    private final float[] w; // batch matrices, each dim × dim row-major
    private final float[] y; // batch vectors of dim
    private final float[] theta0;
    private final float[] residual; // scratch, one problem's W θ − y

    /** Takes the arrays over: W (batch·dim·dim, row-major per problem), y and θ<sub>0</sub> (batch·dim). */
    QuadraticOptimizee(int dim, int batch, float[] w, float[] y, float[] theta0) {
        if (w.length != batch * dim * dim || y.length != batch * dim || theta0.length != batch * dim) {
            throw new IllegalArgumentException("arrays do not match batch=" + batch + ", dim=" + dim);
        }
        this.dim = dim;
        this.batch = batch;
        this.w = w;
        this.y = y;
        this.theta0 = theta0;
        this.residual = new float[dim];
    }

    @Override
    public int dimension() {
        return batch * dim;
    }

    @Override
    public float[] initialParameters() {
        return theta0.clone();
    }

    /** The loss has no minibatches: every call evaluates the same function. */
    @Override
    public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        return lossAndGradient(theta, gradient);
    }

    @Override
    public double lossAndGradient(float[] theta, float[] gradient) {
        if (theta.length != dimension() || gradient.length != dimension()) {
            throw new IllegalArgumentException("theta and gradient need length " + dimension() + ", got "
                    + theta.length + " and " + gradient.length);
        }
        double sum = 0;
        float scale = 2f / batch;
        for (int b = 0; b < batch; b++) {
            int matrix = b * dim * dim;
            int vector = b * dim;
            for (int i = 0; i < dim; i++) {
                float r = -y[vector + i];
                int row = matrix + i * dim;
                for (int j = 0; j < dim; j++) {
                    r += w[row + j] * theta[vector + j];
                }
                residual[i] = r;
                sum += (double) r * r;
            }
            for (int j = 0; j < dim; j++) {
                float g = 0;
                for (int i = 0; i < dim; i++) {
                    g += w[matrix + i * dim + j] * residual[i];
                }
                gradient[vector + j] = scale * g;
            }
        }
        return sum / batch;
    }
}
