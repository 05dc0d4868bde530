package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The float64 reference's hand-written backward against central finite differences. */
class ReferenceLstmTest {

    /**
     * Central differences with h = 1e-6 in float64 have truncation error ~h²·f''' ≈ 1e-12 and rounding
     * error ~1e-16/h ≈ 1e-10, so 1e-7 absolute plus 1e-6 relative is loose for a correct gradient and
     * far below the size of any wrong term (≥ 1e-3 here).
     */
    private static final double EPS = 1e-6;
    private static final double ABS_TOL = 1e-7;
    private static final double REL_TOL = 1e-6;

    /**
     * The sweep's LSTMs without base steps: a base step does not depend on φ, and its large values (the
     * test gradients reach 10<sup>6</sup>) would swamp central differences. UnrolledBpttTest checks the
     * meta-gradient of an LSTM with a base step.
     */
    static LstmConfig[] configs() {
        return Arrays.stream(TestData.configs()).filter(c -> !c.base().active()).toArray(LstmConfig[]::new);
    }

    /** S = Σ_i a_i·u_i + Σ b·h_out + Σ d·c_out over a few coordinates, for fixed random a, b, d. */
    private record Objective(LstmConfig config, float[] gradients, double[] a, ReferenceLstm.State[] dOut) {

        double value(double[] w, ReferenceLstm.State[] in) {
            ReferenceLstm lstm = new ReferenceLstm(config, w);
            double s = 0;
            for (int i = 0; i < gradients.length; i++) {
                ReferenceLstm.Step step = lstm.forward(gradients[i], in[i]);
                s += a[i] * step.update();
                for (int l = 0; l < config.layers(); l++) {
                    for (int j = 0; j < config.hidden(); j++) {
                        s += dOut[i].h()[l][j] * step.out().h()[l][j] + dOut[i].c()[l][j] * step.out().c()[l][j];
                    }
                }
            }
            return s;
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void backwardMatchesCentralDifferences(LstmConfig config) {
        int n = 5; // one coordinate per gradient class of TestData.gradients
        double[] w = ReferenceLstm.toDouble(TestData.weights(config, 11).values());
        float[] gradients = TestData.gradients(n, 12);
        LstmState inState = TestData.state(config, n, 13);
        LstmState outGrad = TestData.state(config, n, 14);
        ReferenceLstm.State[] in = new ReferenceLstm.State[n];
        ReferenceLstm.State[] dOut = new ReferenceLstm.State[n];
        double[] a = new double[n];
        SplittableRandom r = new SplittableRandom(15);
        for (int i = 0; i < n; i++) {
            in[i] = TestData.coordinate(inState, i);
            dOut[i] = TestData.coordinate(outGrad, i);
            a[i] = r.nextGaussian();
        }
        Objective objective = new Objective(config, gradients, a, dOut);

        ReferenceLstm lstm = new ReferenceLstm(config, w);
        double[] dW = new double[w.length];
        ReferenceLstm.State[] dIn = new ReferenceLstm.State[n];
        for (int i = 0; i < n; i++) {
            dIn[i] = lstm.backward(lstm.forward(gradients[i], in[i]), a[i], dOut[i], dW);
        }

        for (int k = 0; k < w.length; k++) {
            double saved = w[k];
            w[k] = saved + EPS;
            double plus = objective.value(w, in);
            w[k] = saved - EPS;
            double minus = objective.value(w, in);
            w[k] = saved;
            assertClose((plus - minus) / (2 * EPS), dW[k], "dL/dw[" + k + "]");
        }
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < config.layers(); l++) {
                for (int j = 0; j < config.hidden(); j++) {
                    double[][][] fields = {in[i].h(), in[i].c()};
                    double[][][] analytic = {dIn[i].h(), dIn[i].c()};
                    for (int f = 0; f < 2; f++) {
                        double saved = fields[f][l][j];
                        fields[f][l][j] = saved + EPS;
                        double plus = objective.value(w, in);
                        fields[f][l][j] = saved - EPS;
                        double minus = objective.value(w, in);
                        fields[f][l][j] = saved;
                        assertClose((plus - minus) / (2 * EPS), analytic[f][l][j],
                                (f == 0 ? "dL/dh" : "dL/dc") + " coordinate " + i + " layer " + l + " unit " + j);
                    }
                }
            }
        }
        assertTrue(norm(dW) > 1e-3, "the objective must depend on the weights, |dW| = " + norm(dW));
    }

    /**
     * The first-order meta-gradient over several steps, where the Adam-normalised inputs carry moments
     * from step to step: S(φ) = Σ_t Σ_i a_ti·u_ti from the zero state with the gradients frozen. BPTT that
     * passes only dL/dh and dL/dc back (the moments depend on the gradients, not on φ) must match central
     * differences of S (tolerances as above).
     */
    static LstmConfig[] statefulConfigs() {
        return Arrays.stream(configs()).filter(c -> c.preprocessing().stateFloats() > 0)
                .toArray(LstmConfig[]::new);
    }

    @ParameterizedTest
    @MethodSource("statefulConfigs")
    void unrolledBackwardMatchesCentralDifferencesWithStateCarriedAcrossSteps(LstmConfig config) {
        int n = 5;
        int steps = 4;
        double[] w = ReferenceLstm.toDouble(TestData.weights(config, 16).values());
        float[][] gradients = new float[steps][];
        double[][] a = new double[steps][n];
        SplittableRandom r = new SplittableRandom(17);
        for (int t = 0; t < steps; t++) {
            gradients[t] = TestData.gradients(n, 18 + t);
            for (int i = 0; i < n; i++) {
                a[t][i] = r.nextGaussian();
            }
        }
        ReferenceLstm lstm = new ReferenceLstm(config, w);
        double[] dW = new double[w.length];
        for (int i = 0; i < n; i++) {
            ReferenceLstm.Step[] trace = new ReferenceLstm.Step[steps];
            ReferenceLstm.State state = ReferenceLstm.State.zeros(config);
            for (int t = 0; t < steps; t++) {
                trace[t] = lstm.forward(gradients[t][i], state);
                state = trace[t].out();
            }
            ReferenceLstm.State dState = ReferenceLstm.State.zeros(config);
            for (int t = steps - 1; t >= 0; t--) {
                dState = lstm.backward(trace[t], a[t][i], dState, dW);
            }
        }
        for (int k = 0; k < w.length; k++) {
            double saved = w[k];
            w[k] = saved + EPS;
            double plus = unrolledObjective(config, w, gradients, a);
            w[k] = saved - EPS;
            double minus = unrolledObjective(config, w, gradients, a);
            w[k] = saved;
            assertClose((plus - minus) / (2 * EPS), dW[k], "dS/dw[" + k + "]");
        }
        assertTrue(norm(dW) > 1e-3, "the objective must depend on the weights, |dW| = " + norm(dW));
    }

    private static double unrolledObjective(LstmConfig config, double[] w, float[][] gradients, double[][] a) {
        ReferenceLstm lstm = new ReferenceLstm(config, w);
        double s = 0;
        for (int i = 0; i < gradients[0].length; i++) {
            ReferenceLstm.State state = ReferenceLstm.State.zeros(config);
            for (int t = 0; t < gradients.length; t++) {
                ReferenceLstm.Step step = lstm.forward(gradients[t][i], state);
                s += a[t][i] * step.update();
                state = step.out();
            }
        }
        return s;
    }

    /** The sweep's LSTMs whose features can be differentiated with respect to g: LOG_SIGN and RAW, base steps included. */
    static LstmConfig[] gradientConfigs() {
        return Arrays.stream(TestData.configs())
                .filter(c -> c.preprocessing().kind() != Preprocessing.Kind.ADAM_NORMALISED).toArray(LstmConfig[]::new);
    }

    /**
     * dL/dg and dL/d(incoming trace) of S = a·u + Σ b·h_out + Σ d·c_out + e·trace_out, one coordinate at a
     * time, against central differences. The gradients stay moderate (the FD rounding error grows with S)
     * but cover every branch: log|g| on both sides of 1, the linear branch below e<sup>−p</sup>, exactly 0,
     * and values a clamp holds. Steps are 1e-6·max(|g|, 1e-3), inside every branch.
     */
    @ParameterizedTest
    @MethodSource("gradientConfigs")
    void backwardThroughTheGradientMatchesCentralDifferences(LstmConfig config) {
        double[] gradients = {0.7, -0.02, 3e-6, 0, -1.3, 5e-3, 3, -60};
        double[] w = ReferenceLstm.toDouble(TestData.weights(config, 31).values());
        ReferenceLstm lstm = new ReferenceLstm(config, w);
        int n = gradients.length;
        LstmState inState = TestData.state(config, n, 32);
        LstmState outGrad = TestData.state(config, n, 33);
        SplittableRandom r = new SplittableRandom(34);
        double through = 0;
        for (int i = 0; i < n; i++) {
            ReferenceLstm.State in = TestData.coordinate(inState, i);
            ReferenceLstm.State dOut = TestData.coordinate(outGrad, i);
            double a = r.nextGaussian();
            ReferenceLstm.Backward back = lstm.backwardThroughGradient(lstm.forward(gradients[i], in), a, dOut,
                    new double[w.length]);
            java.util.function.BiFunction<Double, ReferenceLstm.State, Double> s = (g, from) -> {
                ReferenceLstm.Step step = lstm.forward(g, from);
                double value = a * step.update() + dOut.trace() * step.out().trace()
                        + dOut.baseMeanSquare() * step.out().baseMeanSquare();
                for (int l = 0; l < config.layers(); l++) {
                    for (int j = 0; j < config.hidden(); j++) {
                        value += dOut.h()[l][j] * step.out().h()[l][j] + dOut.c()[l][j] * step.out().c()[l][j];
                    }
                }
                return value;
            };
            double g = gradients[i];
            double h = 1e-6 * Math.max(Math.abs(g), 1e-3);
            double fd = (s.apply(g + h, in) - s.apply(g - h, in)) / (2 * h);
            assertEquals(fd, back.dGradient(), 1e-7 + 1e-5 * Math.abs(fd), "dL/dg at g = " + g);
            through += Math.abs(back.dGradient());
            ReferenceLstm.State up = in.withBase(in.trace() + EPS, in.baseMeanSquare());
            ReferenceLstm.State down = in.withBase(in.trace() - EPS, in.baseMeanSquare());
            assertClose((s.apply(g, up) - s.apply(g, down)) / (2 * EPS), back.dIn().trace(), "dL/d trace at g = " + g);
            if (config.base().normalised()) { // v > 0 by 1e-9 at least: a relative step stays inside its domain
                double hv = 1e-4 * in.baseMeanSquare();
                double fdV = (s.apply(g, in.withBase(in.trace(), in.baseMeanSquare() + hv))
                        - s.apply(g, in.withBase(in.trace(), in.baseMeanSquare() - hv))) / (2 * hv);
                assertEquals(fdV, back.dIn().baseMeanSquare(), 1e-7 + 1e-5 * Math.abs(fdV), "dL/dv at g = " + g);
            }
        }
        assertTrue(through > 1e-3, "S must depend on the gradients, Σ|dL/dg| = " + through);
    }

    private static void assertClose(double fd, double analytic, String what) {
        assertEquals(fd, analytic, ABS_TOL + REL_TOL * Math.abs(fd), what + ": finite difference vs backward");
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
