package org.l2l4j.optimizee;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.l2l4j.core.HeapBudget;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;

/**
 * Random quadratics, the paper's first experiment (Andrychowicz et al. 2016, §3.1): a batch of
 * {@code batch} independent problems f<sub>b</sub>(θ<sub>b</sub>) = ‖W<sub>b</sub> θ<sub>b</sub> −
 * y<sub>b</sub>‖² with W<sub>b</sub> ({@code dim × dim}) and y<sub>b</sub> drawn N(0, 1); the loss is
 * the mean over the batch. θ holds {@code batch · dim} coordinates, problem after problem, and
 * θ<sub>0</sub> ~ N(0, 0.01²). Deterministic: there is no minibatch. These are the PyTorch peer's
 * conventions (DeepMind's code draws W and y from U[0, 1) instead).
 *
 * <p>Spec: {@code quadratic[:dim=D,batch=B]}, keys left out when they have their default.
 */
public record QuadraticProblem(int dim, int batch) implements Problem {

    public static final int DEFAULT_DIM = 10;
    public static final int DEFAULT_BATCH = 128;
    static final double INIT_STD = 0.01;

    public QuadraticProblem {
        if (dim < 1) {
            throw new IllegalArgumentException("quadratic dim must be >= 1, got " + dim);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("quadratic batch must be >= 1, got " + batch);
        }
        double entries = (double) batch * dim * dim; // a double: the product of two ints' squares overflows a long
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("quadratic batch=" + batch + ", dim=" + dim + " needs "
                    + String.format(java.util.Locale.ROOT, "%.3g", entries) + " matrix entries, more than one Java array can hold");
        }
        // W, y and θ₀, then a run's θ, gradient and update
        double bytes = Float.BYTES * (entries + 5.0 * batch * dim);
        if (!HeapBudget.fits(bytes)) {
            throw new IllegalArgumentException(HeapBudget.tooLarge(bytes, "quadratic batch=" + batch + ", dim=" + dim));
        }
    }

    /** The paper's setting: 128 problems of dimension 10. */
    public QuadraticProblem() {
        this(DEFAULT_DIM, DEFAULT_BATCH);
    }

    @Override
    public String spec() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (dim != DEFAULT_DIM) {
            options.put(Problems.DIM, dim);
        }
        if (batch != DEFAULT_BATCH) {
            options.put(Problems.BATCH, batch);
        }
        return Spec.format(Problems.QUADRATIC, options);
    }

    /** Draws from one {@link Random} seeded with {@code seed}: all W<sub>b</sub>, all y<sub>b</sub>, θ<sub>0</sub>. */
    @Override
    public Optimizee sample(long seed) {
        Random random = new Random(seed);
        float[] w = gaussian(random, batch * dim * dim, 1.0);
        float[] y = gaussian(random, batch * dim, 1.0);
        float[] theta0 = gaussian(random, batch * dim, INIT_STD);
        return new QuadraticOptimizee(dim, batch, w, y, theta0);
    }

    private static float[] gaussian(Random random, int n, double std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return values;
    }
}
