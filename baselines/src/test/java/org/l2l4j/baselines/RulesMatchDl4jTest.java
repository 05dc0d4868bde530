package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Each rule against DL4J 1.0.0-M2.1's own updater, step for step: 60 seeded random gradients of 1,000
 * coordinates, DL4J's update read back from {@code applyUpdater} (which DL4J then subtracts, so our
 * u must equal minus it). Coordinates have scales 10<sup>−9</sup> to 10 (so ε matters for some) and a
 * persistent mean (so the moments grow as in training); every 100th coordinate is always 0.
 */
class RulesMatchDl4jTest {

    private static final int N = 1000;
    private static final int STEPS = 60;
    private static final double LR = 0.01;
    private static final long SEED = 20160614L;

    /**
     * The largest difference a coordinate may have, given DL4J's update d and the decayed sum of the
     * gradient magnitudes so far, a<sub>t</sub> = Σ<sub>k</sub> 0.9<sup>k</sup>·|g<sub>t−k</sub>|:
     * the size of everything NAG's trace has added up, which bounds its rounding errors.
     */
    private interface Allowance {
        double of(double d, double magnitudes);
    }

    /** Both sides compute the same single float product, so the results are bit-identical. */
    private static final Allowance EXACT = (d, magnitudes) -> 0;

    /**
     * RMSprop: a handful of float32 roundings per step (ε<sub>f</sub> = 6e-8) on the same formula,
     * with the accumulator's rounding carried over steps; measured worst 2.9e-7 relative.
     * Allowed 1e-6 ≈ 16 ε<sub>f</sub>.
     */
    private static final Allowance RMSPROP = (d, magnitudes) -> 1e-6 * Math.abs(d);

    /**
     * NAG: DL4J keeps v = −lr·b and forms μ·v<sub>t−1</sub> − (1+μ)·v<sub>t</sub>; we keep b and form
     * −lr·(g + μ·b). Same value, different roundings. Both recurrences carry an absolute rounding error
     * of a few ε<sub>f</sub> (6e-8) times the terms they summed, lr·a<sub>t</sub>, and that error stays
     * when the trace later cancels to near 0, so it is relative to lr·a<sub>t</sub>, not to |u|.
     * Measured worst 4.8e-7·lr·a<sub>t</sub>. Allowed 1e-6 ≈ 16 ε<sub>f</sub>.
     */
    private static final Allowance NAG = (d, magnitudes) -> 1e-6 * LR * magnitudes;

    /**
     * Adam: DL4J evaluates β₂<sup>t</sup> in float32, where its rounding (up to 3e-8) is amplified by
     * the cancellation in 1 − β₂<sup>t</sup> ≈ 0.001·t to up to 1.5e-5/t relative in √(1 − β₂<sup>t</sup>);
     * we compute the factor in double. Measured worst 3.5e-6 relative. Allowed 2e-5.
     */
    private static final Allowance ADAM = (d, magnitudes) -> 2e-5 * Math.abs(d);

    @Test
    void sgdMatchesDl4jSgdBitForBit() {
        double worst = worstErrorOverAllowance(Baselines.create("sgd", LR), new Sgd(LR), EXACT);
        assertTrue(worst <= 1, "worst error / allowance = " + worst);
    }

    @Test
    void nagMatchesDl4jNesterovs() {
        double worst = worstErrorOverAllowance(Baselines.create("nag", LR), new Nesterovs(LR, 0.9), NAG);
        assertTrue(worst <= 1, "worst error / allowance = " + worst);
    }

    @Test
    void rmspropMatchesDl4jRmsProp() {
        double worst = worstErrorOverAllowance(
                Baselines.create("rmsprop", LR), new RmsProp(LR, 0.99, 1e-8), RMSPROP);
        assertTrue(worst <= 1, "worst error / allowance = " + worst);
    }

    @Test
    void rmspropWithOtherHyperParametersMatchesDl4j() {
        double worst = worstErrorOverAllowance(
                Baselines.rmsprop(0.003, 0.9, 1e-6), new RmsProp(0.003, 0.9, 1e-6), RMSPROP);
        assertTrue(worst <= 1, "worst error / allowance = " + worst);
    }

    @Test
    void adamMatchesDl4jAdam() {
        double worst = worstErrorOverAllowance(
                Baselines.create("adam", LR), new Adam(LR, 0.9, 0.999, 1e-8), ADAM);
        assertTrue(worst <= 1, "worst error / allowance = " + worst);
    }

    /**
     * The comparisons above can fail: a small change of one hyper-parameter on DL4J's side exceeds the
     * allowance (by factors of 10<sup>4</sup> to 10<sup>6</sup> when measured).
     */
    @Test
    void comparisonDetectsAHyperParameterMismatch() {
        assertTrue(worstErrorOverAllowance(Baselines.create("sgd", LR), new Sgd(LR * 1.001), EXACT) > 1);
        assertTrue(worstErrorOverAllowance(Baselines.create("nag", LR), new Nesterovs(LR, 0.89), NAG) > 1);
        assertTrue(worstErrorOverAllowance(
                Baselines.create("rmsprop", LR), new RmsProp(LR, 0.95, 1e-8), RMSPROP) > 1);
        assertTrue(worstErrorOverAllowance(
                Baselines.create("adam", LR), new Adam(LR, 0.9, 0.99, 1e-8), ADAM) > 1);
    }

    /** max over steps and coordinates of |ours − DL4J's| / allowance (0 where they are equal). */
    private static <S> double worstErrorOverAllowance(Optimizer<S> ours, IUpdater theirs, Allowance allowance) {
        Random random = new Random(SEED);
        double[] scale = new double[N];
        double[] mean = new double[N];
        for (int i = 0; i < N; i++) {
            scale[i] = i % 100 == 0 ? 0 : Math.pow(10, -9 + 10 * random.nextDouble());
            mean[i] = random.nextGaussian();
        }
        long stateSize = theirs.stateSize(N);
        INDArray view = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        GradientUpdater<?> dl4j = theirs.instantiate(view, true);
        S state = ours.init(N);
        float[] gradient = new float[N];
        float[] update = new float[N];
        double[] magnitudes = new double[N];
        double worst = 0;
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < N; i++) {
                gradient[i] = (float) (scale[i] * (mean[i] + random.nextGaussian()));
                magnitudes[i] = 0.9 * magnitudes[i] + Math.abs(gradient[i]);
            }
            ours.update(gradient, state, update);
            INDArray dl4jGradient = Nd4j.createFromArray(gradient.clone());
            dl4j.applyUpdater(dl4jGradient, t, 0);
            float[] dl4jUpdate = dl4jGradient.toFloatVector();
            for (int i = 0; i < N; i++) {
                double d = -dl4jUpdate[i];
                double error = Math.abs(update[i] - d);
                if (error > 0) {
                    worst = Math.max(worst, error / allowance.of(d, magnitudes[i]));
                }
            }
        }
        assertEquals(Math.abs(worst), worst, "comparison produced NaN");
        return worst;
    }
}
