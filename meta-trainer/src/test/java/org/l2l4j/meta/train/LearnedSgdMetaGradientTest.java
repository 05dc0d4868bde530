package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.lstm.LearnedSgd;

/**
 * The estimator on a learned optimizer that is not the LSTM (Meta-SGD's per-parameter learning rates),
 * and ∂L/∂θ<sub>s</sub>, the gradient with respect to the unroll's start that a learned initialisation
 * needs: both against central differences in float64 of the unroll's meta-loss.
 */
class LearnedSgdMetaGradientTest {

    private static final int UNROLL = 5;
    private static final SmallQuadratic F = new SmallQuadratic(2, 3, 7);

    /** Learning rates around 0.1, different per coordinate. */
    private static double[] alphas() {
        double[] alpha = new double[F.n()];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = 0.05 + 0.01 * i;
        }
        return alpha;
    }

    /**
     * Σ<sub>t=1..K</sub> f(θ<sub>t</sub>), θ<sub>t+1</sub> = θ<sub>t</sub> − α ⊙ g<sub>t</sub>, in float64. FULL:
     * g<sub>t</sub> = ∇f(θ<sub>t</sub>); FIRST_ORDER: g<sub>t</sub> frozen at its value on the unperturbed
     * trajectory (from {@link #alphas()} and θ<sub>0</sub>), the first-order meta-gradient's L.
     */
    private static double metaLoss(MetaGradient kind, double[] alpha, double[] theta0) {
        double[][] frozen = kind == MetaGradient.FIRST_ORDER ? gradients(alphas(), F.theta0) : null;
        double[] theta = theta0.clone();
        double[] g = new double[F.n()];
        F.lossAndGradient(theta, g);
        double loss = 0;
        for (int t = 0; t < UNROLL; t++) {
            double[] input = frozen != null ? frozen[t] : g;
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= alpha[i] * input[i];
            }
            loss += F.lossAndGradient(theta, g);
        }
        return loss;
    }

    /** ∇f(θ<sub>t</sub>) for t = 0..K-1 along the trajectory from θ<sub>0</sub>. */
    private static double[][] gradients(double[] alpha, double[] theta0) {
        double[][] g = new double[UNROLL][F.n()];
        double[] theta = theta0.clone();
        for (int t = 0; t < UNROLL; t++) {
            F.lossAndGradient(theta, g[t]);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= alpha[i] * g[t][i];
            }
        }
        return g;
    }

    /**
     * dL/dα and dL/dθ<sub>s</sub> of the float32 estimator against float64 central differences of the L
     * each meta-gradient differentiates; on a quadratic the Hessian products are exact but for rounding.
     */
    @ParameterizedTest
    @EnumSource(MetaGradient.class)
    void metaGradientAndStartGradientMatchCentralDifferences(MetaGradient kind) {
        double[] alpha = alphas();
        double[] theta0 = F.theta0.clone();
        double[] dAlpha = CentralDifferences.of(alpha, a -> metaLoss(kind, a, theta0));
        double[] dTheta0 = CentralDifferences.of(theta0, t -> metaLoss(kind, alpha, t));

        LearnedSgd rule = LearnedSgd.perParameter();
        float[] phi = new float[alpha.length];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = (float) alpha[i];
        }
        for (BackpropMemory memory : new BackpropMemory[] {BackpropMemory.storeAll(), BackpropMemory.checkpointed(2)}) {
            float[] metaGradient = new float[rule.parameterCount(F.n())];
            float[] startGradient = new float[F.n()];
            UnrollResult result = new UnrolledBptt<>(rule, memory, MetaObjective.MEAN_LOSS, kind)
                    .unroll(phi, new TruncatedStep<>(F.asOptimizee(), rule, UNROLL), UNROLL, metaGradient, startGradient);
            assertEquals(metaLoss(kind, alpha, F.theta0), result.metaLoss(), 1e-5 * result.metaLoss());
            double errAlpha = CentralDifferences.relativeError(dAlpha, metaGradient);
            double errStart = CentralDifferences.relativeError(dTheta0, startGradient);
            assertTrue(errAlpha < 1e-4, kind + ", " + memory.describe() + ": relative error of dL/dα " + errAlpha);
            assertTrue(errStart < 1e-4, kind + ", " + memory.describe() + ": relative error of dL/dθ_s " + errStart);
        }
    }
}
