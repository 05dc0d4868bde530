package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.core.Episode;
import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.lstm.LearnedSgd;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmLearnedOptimizer;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.ReferenceLstm;

/**
 * The few-shot meta-gradients: the query loss L = f<sub>Q</sub>(θ<sub>K</sub>) after K inner steps on the
 * support loss f<sub>S</sub>, differentiated with respect to θ<sub>0</sub> (a learned initialisation) and
 * the rule's φ, against float64 central differences of that unrolled query loss. The tasks are quadratics,
 * so the estimator's Hessian-vector products are exact but for float32 rounding; 1e-4 relative is tested,
 * as for the LSTM's own meta-gradient (UnrolledBpttTest).
 */
class QueryLossMetaGradientTest {

    private static final int STEPS = 3;
    private static final SmallQuadratic SUPPORT = new SmallQuadratic(2, 3, 7);
    private static final SmallQuadratic QUERY = new SmallQuadratic(2, 3, 8);
    private static final double ALPHA = 0.05;

    private static Episode episode() {
        return QuadraticEpisodes.episode(SUPPORT, QUERY);
    }

    /** f<sub>Q</sub>(θ<sub>K</sub>), θ<sub>t+1</sub> = θ<sub>t</sub> − α ⊙ ∇f<sub>S</sub>(θ<sub>t</sub>), in float64; also writes θ<sub>K</sub>. */
    private static double sgdQueryLoss(double[] alpha, double[] theta0, double[] thetaK) {
        double[] theta = theta0.clone();
        double[] g = new double[theta.length];
        for (int t = 0; t < STEPS; t++) {
            SUPPORT.lossAndGradient(theta, g);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= alpha[i] * g[i];
            }
        }
        if (thetaK != null) {
            System.arraycopy(theta, 0, thetaK, 0, theta.length);
        }
        return QUERY.lossAndGradient(theta, null);
    }

    private static double[] filled(double value) {
        double[] v = new double[SUPPORT.n()];
        java.util.Arrays.fill(v, value);
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Runs the estimator under the query objective; returns {dL/dφ, dL/dθ_0} and checks the reported loss. */
    private static <S, A> float[][] estimate(LearnedOptimizer<S, A> rule, float[] phi, MetaGradient kind, double expectedLoss) {
        float[] dPhi = new float[rule.parameterCount(SUPPORT.n())];
        float[] dStart = new float[SUPPORT.n()];
        UnrollResult result = new UnrolledBptt<>(rule, BackpropMemory.storeAll(), MetaObjective.QUERY_LOSS, kind)
                .unroll(phi, new TruncatedStep<>(episode(), rule, STEPS), STEPS, dPhi, dStart);
        assertEquals(expectedLoss, result.metaLoss(), 1e-5 * expectedLoss, "the meta-loss is the query loss at θ_K");
        return new float[][] {dPhi, dStart};
    }

    @Test
    void mamlInitGradientMatchesCentralDifferencesThroughTheInnerSteps() {
        double[] alpha = filled(ALPHA);
        double[] numeric = CentralDifferences.of(SUPPORT.theta0.clone(), t -> sgdQueryLoss(alpha, t, null));
        float[][] full = estimate(LearnedSgd.fixed(ALPHA), new float[0], MetaGradient.FULL,
                sgdQueryLoss(alpha, SUPPORT.theta0, null));
        double err = CentralDifferences.relativeError(numeric, full[1]);
        assertTrue(err < 1e-4, "MAML dL/dθ0: relative error " + err);
    }

    /** First-order MAML's gradient is, by definition, the query gradient at the adapted θ<sub>K</sub>. */
    @Test
    void firstOrderMamlInitGradientIsTheQueryGradientAtTheAdaptedParameters() {
        double[] alpha = filled(ALPHA);
        double[] thetaK = new double[SUPPORT.n()];
        double loss = sgdQueryLoss(alpha, SUPPORT.theta0, thetaK);
        double[] queryGradient = new double[SUPPORT.n()];
        QUERY.lossAndGradient(thetaK, queryGradient);
        float[][] firstOrder = estimate(LearnedSgd.fixed(ALPHA), new float[0], MetaGradient.FIRST_ORDER, loss);
        double err = CentralDifferences.relativeError(queryGradient, firstOrder[1]);
        assertTrue(err < 1e-5, "FOMAML dL/dθ0: relative error " + err);
        double[] numeric = CentralDifferences.of(SUPPORT.theta0.clone(), t -> sgdQueryLoss(alpha, t, null));
        assertTrue(CentralDifferences.relativeError(numeric, firstOrder[1]) > 10 * err,
                "the Hessian term matters on this task, so first-order differs from the true gradient");
    }

    @Test
    void metaSgdRateAndInitGradientsMatchCentralDifferences() {
        double[] alpha = new double[SUPPORT.n()];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = 0.03 + 0.01 * i;
        }
        double[] dAlpha = CentralDifferences.of(alpha.clone(), a -> sgdQueryLoss(a, SUPPORT.theta0, null));
        double[] dTheta0 = CentralDifferences.of(SUPPORT.theta0.clone(), t -> sgdQueryLoss(alpha, t, null));
        float[][] estimated = estimate(LearnedSgd.perParameter(), toFloat(alpha), MetaGradient.FULL,
                sgdQueryLoss(alpha, SUPPORT.theta0, null));
        double errAlpha = CentralDifferences.relativeError(dAlpha, estimated[0]);
        double errStart = CentralDifferences.relativeError(dTheta0, estimated[1]);
        assertTrue(errAlpha < 1e-4, "Meta-SGD dL/dα: relative error " + errAlpha);
        assertTrue(errStart < 1e-4, "Meta-SGD dL/dθ0: relative error " + errStart);
    }

    /** f<sub>Q</sub>(θ<sub>K</sub>) after K steps of the float64 reference LSTM at {@code weights} from θ<sub>0</sub>. */
    private static double lstmQueryLoss(LstmConfig config, double[] weights, double[] theta0) {
        ReferenceLstm lstm = new ReferenceLstm(config, weights);
        double[] theta = theta0.clone();
        double[] g = new double[theta.length];
        ReferenceLstm.State[] state = new ReferenceLstm.State[theta.length];
        for (int i = 0; i < state.length; i++) {
            state[i] = ReferenceLstm.State.zeros(config);
        }
        for (int t = 0; t < STEPS; t++) {
            SUPPORT.lossAndGradient(theta, g);
            for (int i = 0; i < theta.length; i++) {
                ReferenceLstm.Step step = lstm.forward(g[i], state[i]);
                theta[i] += step.update();
                state[i] = step.out();
            }
        }
        return QUERY.lossAndGradient(theta, null);
    }

    @Test
    void lstmWeightAndInitGradientsMatchCentralDifferences() {
        LstmConfig small = new LstmConfig(2, 8, LstmConfig.defaults().preprocessing(), LstmConfig.defaults().outputScale());
        LstmWeights weights = LstmWeights.initial(small, 11).withOutputScaleFactor(10);
        double[] w = new double[weights.values().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.values()[i];
        }
        BiFunction<double[], double[], Double> loss = (phi, theta0) -> lstmQueryLoss(weights.config(), phi, theta0);
        double[] dPhi = CentralDifferences.of(w.clone(), phi -> loss.apply(phi, SUPPORT.theta0));
        double[] dTheta0 = CentralDifferences.of(SUPPORT.theta0.clone(), t -> loss.apply(w, t));
        float[][] estimated = estimate(new LstmLearnedOptimizer(weights.config(), LstmKernel.create(1)), weights.values(),
                MetaGradient.FULL, loss.apply(w, SUPPORT.theta0));
        double errPhi = CentralDifferences.relativeError(dPhi, estimated[0]);
        double errStart = CentralDifferences.relativeError(dTheta0, estimated[1]);
        assertTrue(errPhi < 1e-4, "LSTM dL/dφ: relative error " + errPhi);
        assertTrue(errStart < 1e-4, "LSTM dL/dθ0: relative error " + errStart);
    }

    @Test
    void theQueryObjectiveRefusesATaskWithoutAQuerySet() {
        LearnedSgd rule = LearnedSgd.fixed(ALPHA);
        UnrolledBptt<float[], float[]> estimator = new UnrolledBptt<>(rule, BackpropMemory.storeAll(),
                MetaObjective.QUERY_LOSS, MetaGradient.FULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.unroll(new float[0],
                new TruncatedStep<>(SUPPORT.asOptimizee(), rule, STEPS), STEPS, new float[0], new float[SUPPORT.n()]));
        assertTrue(e.getMessage().contains("query-loss objective needs a few-shot task"), e.getMessage());
    }
}
