package org.l2l4j.baselines;

/**
 * Adam's running moments of the gradient (Kingma and Ba 2015, optax's {@code update_moment}):
 * m ← β₁·m + (1 − β₁)·g and v ← β₂·v + (1 − β₂)·g², both 0 at the start, so after t steps they are
 * biased towards 0 by the factors 1 − β₁<sup>t</sup> and 1 − β₂<sup>t</sup> that a bias correction
 * divides by. {@link ScaleByAdam} divides m by √v; a learned rule can take m and v as its inputs.
 *
 * <p>The decays are rounded to float once, and 1 − β is the float nearest to the exact 1 − β, so a
 * rule built from float decays sees exactly those decays.
 *
 * @param beta1 β₁, the decay of the mean, in [0, 1)
 * @param beta2 β₂, the decay of the mean square, in [0, 1)
 */
public record AdamMoments(double beta1, double beta2) {

    public AdamMoments {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("adam beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adam beta2 must be in [0, 1), got " + beta2);
        }
    }

    /** m's decay β₁ in float. */
    float meanDecay() {
        return (float) beta1;
    }

    /** m's weight of the new gradient, 1 − β₁, in float. */
    float meanWeight() {
        return (float) (1 - beta1);
    }

    /** v's decay β₂ in float. */
    float squareDecay() {
        return (float) beta2;
    }

    /** v's weight of the new squared gradient, 1 − β₂, in float. */
    float squareWeight() {
        return (float) (1 - beta2);
    }

    /**
     * One step of both moments for coordinates [from, to) of arrays the caller owns: reads
     * {@code meanIn} and {@code meanSquareIn}, writes {@code meanOut} and {@code meanSquareOut} (which may
     * be the incoming arrays). The squared term is (1 − β₂)·(g·g), as DL4J's {@code AdamUpdater} groups it.
     */
    public void update(float[] gradient, float[] meanIn, float[] meanSquareIn, float[] meanOut,
                       float[] meanSquareOut, int from, int to) {
        float decay2 = squareDecay();
        float weight2 = squareWeight();
        for (int i = from; i < to; i++) {
            float g = gradient[i];
            meanOut[i] = mean(meanIn[i], g);
            meanSquareOut[i] = decay2 * meanSquareIn[i] + weight2 * (g * g);
        }
    }

    /** The mean's step for one coordinate: β₁·m + (1 − β₁)·g. */
    float mean(float m, float g) {
        return meanDecay() * m + meanWeight() * g;
    }

    /** 1 − β₁<sup>t</sup>, in float64: m after step t (1-based) divided by this is unbiased. */
    public double meanBias(int t) {
        return 1 - Math.pow(beta1, t);
    }

    /** 1 − β₂<sup>t</sup>, in float64: v after step t (1-based) divided by this is unbiased. */
    public double squareBias(int t) {
        return 1 - Math.pow(beta2, t);
    }
}
