package org.l2l4j.optimizee;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.l2l4j.core.Episode;
import org.l2l4j.core.Problem;

/**
 * Few-shot sinusoid regression, the MAML paper's first experiment (Finn et al. 2017, §5.1): a task is
 * y = A·sin(x − φ) with amplitude A ~ U[0.1, 5] and phase φ ~ U[0, π]; its {@code shots} support points
 * and {@code query} query points have x ~ U[−5, 5]. The learner is an MLP 1-40-40-1 with ReLU
 * ({@link SinusoidNetwork}) trained on the mean squared error.
 *
 * <p>Spec: {@code sinusoid[:shots=K,query=Q]}, keys left out when they have their default.
 */
public record SinusoidProblem(int shots, int query) implements Problem {

    public static final int DEFAULT_SHOTS = 10;
    public static final int DEFAULT_QUERY = 10;
    static final int HIDDEN = 40;
    static final double MIN_AMPLITUDE = 0.1;
    static final double MAX_AMPLITUDE = 5;
    static final double MAX_PHASE = Math.PI;
    static final double X_RANGE = 5;

    public SinusoidProblem {
        if (shots < 1) {
            throw new IllegalArgumentException("sinusoid shots must be >= 1, got " + shots);
        }
        if (query < 1) {
            throw new IllegalArgumentException("sinusoid query must be >= 1, got " + query);
        }
    }

    /** The paper's setting: 10 shots, scored on 10 query points. */
    public SinusoidProblem() {
        this(DEFAULT_SHOTS, DEFAULT_QUERY);
    }

    @Override
    public String spec() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (shots != DEFAULT_SHOTS) {
            options.put(Problems.SHOTS, shots);
        }
        if (query != DEFAULT_QUERY) {
            options.put(Problems.QUERY, query);
        }
        return Spec.format(Problems.SINUSOID, options);
    }

    /**
     * Draws from one {@link SplittableRandom} seeded with {@code seed}: A, φ, the support x, the query x,
     * θ<sub>0</sub>. Not {@link java.util.Random}: its first draw for consecutive seeds (validation and
     * evaluation tasks are seeds base + i) is nearly the same number, which would give them all one amplitude.
     */
    @Override
    public Episode sample(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double amplitude = MIN_AMPLITUDE + (MAX_AMPLITUDE - MIN_AMPLITUDE) * random.nextDouble();
        double phase = MAX_PHASE * random.nextDouble();
        double[][] support = points(random, shots, amplitude, phase);
        double[][] queryPoints = points(random, query, amplitude, phase);
        SinusoidNetwork network = new SinusoidNetwork(HIDDEN);
        return new SinusoidEpisode(network, support[0], support[1], queryPoints[0], queryPoints[1],
                network.initialParameters(random));
    }

    /** {x, y} of {@code count} points of A·sin(x − φ), x ~ U[−5, 5]. */
    private static double[][] points(SplittableRandom random, int count, double amplitude, double phase) {
        double[] x = new double[count];
        double[] y = new double[count];
        for (int k = 0; k < count; k++) {
            x[k] = X_RANGE * (2 * random.nextDouble() - 1);
            y[k] = amplitude * Math.sin(x[k] - phase);
        }
        return new double[][] {x, y};
    }
}
