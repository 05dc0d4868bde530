package org.l2l4j.lstm;

import java.util.Arrays;

/**
 * The LSTM optimizer step in float64, one coordinate at a time, written for obviousness rather than
 * speed: the yardstick the float32 kernels are tested against.
 */
public final class ReferenceLstm {

    /**
     * One coordinate's recurrent state: h[layer][unit], c[layer][unit]; for ADAM_NORMALISED preprocessing
     * also its moments m, v and its further momenta (empty without momentum inputs); the steps taken where the config counts them (else 0); with a base step its
     * momentum trace (Adam's m for an Adam-normalised one), and for that one its v (else 0). As a gradient,
     * only h and c are used, and the base step's trace and v by the backward through the gradient.
     */
    public record State(double[][] h, double[][] c, double mean, double meanSquare, double[] momenta, int steps,
                        double trace, double baseMeanSquare) {
        public static State zeros(LstmConfig config) {
            return new State(new double[config.layers()][config.hidden()], new double[config.layers()][config.hidden()],
                    0, 0, new double[config.preprocessing().momentumFeatures()], 0, 0, 0);
        }

        /** This state with the base step's trace and v replaced. */
        State withBase(double trace, double baseMeanSquare) {
            return new State(h, c, mean, meanSquare, momenta, steps, trace, baseMeanSquare);
        }
    }

    /** Everything one coordinate's forward step produced, and its gradient input. */
    public record Step(double update, State out, double[][] inputs, State in,
                double[][] i, double[][] f, double[][] g, double[][] o, double[][] tanhC, double gradient) {
    }

    /** What the backward through the gradient input gives: dL/d(incoming state), its trace included, and dL/dg. */
    public record Backward(State dIn, double dGradient) {
    }

    private final LstmConfig config;
    private final double[] w;
    private final LstmWeights layout;

    public ReferenceLstm(LstmConfig config, double[] weights) {
        this.config = config;
        this.w = weights;
        this.layout = LstmWeights.of(config, new float[config.parameterCount()]);
    }

    static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = values[k];
        }
        return d;
    }

    /**
     * The paper's preprocessing (appendix A), the raw gradient, or RNNprop's Adam-normalised gradient from
     * the outgoing moments {@code out} (of step t = out.steps()), then the optional clamp.
     */
    double[] features(double g, State out) {
        double[] x = unclamped(g, out);
        double clamp = config.preprocessing().clamp();
        if (clamp > 0) {
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.max(-clamp, Math.min(clamp, x[k]));
            }
        }
        return x;
    }

    /**
     * The features before the clamp: the gradient's, then the training-progress inputs of step
     * out.steps(); the gradient's read {@code out} for ADAM_NORMALISED only.
     */
    private double[] unclamped(double g, State out) {
        double[] gradientFeatures = gradientFeatures(g, out);
        double[] x = Arrays.copyOf(gradientFeatures, config.preprocessing().inputs());
        for (int j = 0; j < config.preprocessing().stepFeatures(); j++) {
            x[gradientFeatures.length + j] = Math.tanh(out.steps() / timescale(j) - 1);
        }
        return x;
    }

    private double[] gradientFeatures(double g, State out) {
        Preprocessing pre = config.preprocessing();
        if (pre.kind() == Preprocessing.Kind.RAW) {
            return new double[] {g};
        }
        if (pre.kind() == Preprocessing.Kind.ADAM_NORMALISED) {
            double meanHat = out.mean() / (1 - Math.pow(pre.beta1(), out.steps()));
            double meanSquareHat = out.meanSquare() / (1 - Math.pow(pre.beta2(), out.steps()));
            double denominator = Math.sqrt(meanSquareHat) + pre.epsilon();
            double[] x = new double[pre.gradientInputs()];
            x[0] = meanHat / denominator;
            x[1] = g / denominator;
            if (pre.logScaleInput()) {
                x[2] = Math.log(denominator) / pre.p();
            }
            for (int j = 0; j < pre.momentumFeatures(); j++) {
                double beta = 1 - 1 / timescale(j);
                x[x.length - pre.momentumFeatures() + j] = out.momenta()[j] / (1 - Math.pow(beta, out.steps()))
                        / denominator;
            }
            return x;
        }
        if (Math.abs(g) >= Math.exp(-pre.p())) {
            return new double[] {Math.log(Math.abs(g)) / pre.p(), Math.signum(g)};
        }
        return new double[] {-1, Math.exp(pre.p()) * g};
    }

    /**
     * Timescale j of the step and momentum inputs, 10<sup>1 + j/2</sup> steps: stated here apart from
     * {@link Preprocessing#timescale} so that a wrong rule there fails the kernels' tests.
     */
    private static double timescale(int j) {
        return Math.pow(10, 1 + j / 2.0);
    }

    /** Wx[r][k] of layer l. */
    private double wx(int l, int r, int k) {
        return w[layout.inputWeightOffset(l) + r * config.inputs(l) + k];
    }

    private double wh(int l, int r, int k) {
        return w[layout.recurrentWeightOffset(l) + r * config.hidden() + k];
    }

    private double b(int l, int r) {
        return w[layout.biasOffset(l) + r];
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    public Step forward(double gradient, State in) {
        int layers = config.layers();
        int hidden = config.hidden();
        double[][] inputs = new double[layers][];
        double[][] gi = new double[layers][hidden];
        double[][] gf = new double[layers][hidden];
        double[][] gg = new double[layers][hidden];
        double[][] go = new double[layers][hidden];
        double[][] tanhC = new double[layers][hidden];
        State out = next(gradient, in);
        double[] x = features(gradient, out);
        for (int l = 0; l < layers; l++) {
            inputs[l] = x;
            double[] z = new double[4 * hidden];
            for (int r = 0; r < 4 * hidden; r++) {
                z[r] = b(l, r);
                for (int k = 0; k < x.length; k++) {
                    z[r] += wx(l, r, k) * x[k];
                }
                for (int k = 0; k < hidden; k++) {
                    z[r] += wh(l, r, k) * in.h()[l][k];
                }
            }
            for (int j = 0; j < hidden; j++) {
                gi[l][j] = sigmoid(z[j]);
                gf[l][j] = sigmoid(z[hidden + j]);
                gg[l][j] = Math.tanh(z[2 * hidden + j]);
                go[l][j] = sigmoid(z[3 * hidden + j]);
                out.c()[l][j] = gf[l][j] * in.c()[l][j] + gi[l][j] * gg[l][j];
                tanhC[l][j] = Math.tanh(out.c()[l][j]);
                out.h()[l][j] = go[l][j] * tanhC[l][j];
            }
            x = out.h()[l];
        }
        double u = config.outputScale() * head(layout.outputWeightOffset(), x);
        if (config.hasMagnitude()) {
            u *= Math.exp(config.magnitudeScale() * head(layout.magnitudeWeightOffset(), x));
        }
        return new Step(u + baseStep(gradient, out), out, inputs, in, gi, gf, gg, go, tanhC, gradient);
    }

    /** w · h + b of the output head whose H weights start at {@code at}, its bias after them. */
    private double head(int at, double[] h) {
        double sum = w[at + config.hidden()];
        for (int j = 0; j < config.hidden(); j++) {
            sum += w[at + j] * h[j];
        }
        return sum;
    }

    /**
     * u<sub>base</sub> from the gradient and the outgoing state: −lr·(g + μ·b) for Nesterov's,
     * −lr·c<sub>t</sub>·m/(√v + ε) with c<sub>t</sub> = √(1 − β₂<sup>t</sup>)/(1 − β₁<sup>t</sup>) for Adam's; 0
     * without a base step.
     */
    private double baseStep(double g, State out) {
        BaseStep base = config.base();
        if (!base.normalised()) {
            return -base.learningRate() * (g + base.momentum() * out.trace());
        }
        return -base.learningRate() * adamCorrection(out.steps()) * out.trace()
                / (Math.sqrt(out.baseMeanSquare()) + BaseStep.ADAM_EPSILON);
    }

    private double adamCorrection(int t) {
        return Math.sqrt(1 - Math.pow(baseSquareDecay(), t)) / (1 - Math.pow(baseMeanDecay(), t));
    }

    /** The Adam base step's decays as its float32 step uses them: rounded to float once. */
    private double baseMeanDecay() {
        return (float) config.base().momentum();
    }

    private double baseSquareDecay() {
        return (float) config.base().squareDecay();
    }

    /** A zero state except for the moments, step count and base step's state one step after {@code in}. */
    private State next(double g, State in) {
        double[][] h = new double[config.layers()][config.hidden()];
        double[][] c = new double[config.layers()][config.hidden()];
        BaseStep base = config.base();
        double trace = 0;
        double baseMeanSquare = 0;
        if (base.normalised()) {
            trace = baseMeanDecay() * in.trace() + (1 - baseMeanDecay()) * g;
            baseMeanSquare = baseSquareDecay() * in.baseMeanSquare() + (1 - baseSquareDecay()) * g * g;
        } else if (base.active()) {
            trace = base.momentum() * in.trace() + g;
        }
        int steps = config.countsSteps() ? Math.min(in.steps() + 1, LstmState.STEP_LIMIT) : 0;
        Preprocessing pre = config.preprocessing();
        if (pre.kind() != Preprocessing.Kind.ADAM_NORMALISED) {
            return new State(h, c, 0, 0, new double[0], steps, trace, baseMeanSquare);
        }
        double[] momenta = new double[pre.momentumFeatures()];
        for (int j = 0; j < momenta.length; j++) {
            double beta = 1 - 1 / timescale(j);
            momenta[j] = beta * in.momenta()[j] + (1 - beta) * g;
        }
        return new State(h, c, pre.beta1() * in.mean() + (1 - pre.beta1()) * g,
                pre.beta2() * in.meanSquare() + (1 - pre.beta2()) * g * g, momenta, steps, trace, baseMeanSquare);
    }

    /**
     * Backpropagates dL/du and dL/d(outgoing state) through {@code step}: returns dL/d(incoming state)
     * and adds dL/dφ into {@code dW}.
     */
    public State backward(Step step, double dUpdate, State dOut, double[] dW) {
        return backward(step, dUpdate, dOut, dW, null);
    }

    /**
     * {@link #backward}, and also through the gradient input (LOG_SIGN and RAW): dL/dg through the
     * features (∂x/∂g from {@link #featureDerivatives}) and the base step, and dL/d(incoming trace) in the
     * returned state's trace, from {@code dOut}'s.
     */
    public Backward backwardThroughGradient(Step step, double dUpdate, State dOut, double[] dW) {
        double[] dFeatures = new double[config.preprocessing().inputs()];
        State dIn = backward(step, dUpdate, dOut, dW, dFeatures);
        double[] dxdg = featureDerivatives(step.gradient());
        double dGradient = 0;
        for (int k = 0; k < dFeatures.length; k++) {
            dGradient += dFeatures[k] * dxdg[k];
        }
        BaseStep base = config.base();
        double lr = base.learningRate();
        double mu = base.momentum();
        double dTraceIn = 0;
        double dMeanSquareIn = 0;
        if (base.normalised()) {
            // u = … − lr·c·m′/(√v′ + ε), m′ = β₁·m + (1 − β₁)·g, v′ = β₂·v + (1 − β₂)·g²
            double beta1 = baseMeanDecay();
            double beta2 = baseSquareDecay();
            State out = step.out();
            double root = Math.sqrt(out.baseMeanSquare());
            double denominator = root + BaseStep.ADAM_EPSILON;
            double factor = -lr * adamCorrection(out.steps());
            double dMean = dOut.trace() + dUpdate * factor / denominator;
            double dMeanSquare = dOut.baseMeanSquare()
                    + (root > 0 ? -dUpdate * factor * out.trace() / (denominator * denominator * 2 * root) : 0);
            dGradient += (1 - beta1) * dMean + 2 * (1 - beta2) * step.gradient() * dMeanSquare;
            dTraceIn = beta1 * dMean;
            dMeanSquareIn = beta2 * dMeanSquare;
        } else if (base.active()) { // u = … − lr·((1 + μ)·g + μ²·b_in), b_out = μ·b_in + g
            dGradient += dOut.trace() - lr * (1 + mu) * dUpdate;
            dTraceIn = mu * dOut.trace() - lr * mu * mu * dUpdate;
        }
        return new Backward(new State(dIn.h(), dIn.c(), 0, 0, new double[0], 0, dTraceIn, dMeanSquareIn), dGradient);
    }

    /**
     * ∂x<sub>k</sub>/∂g of the features, where they are smooth; 0 for sign g, for a clamped feature and for
     * the training-progress inputs.
     */
    double[] featureDerivatives(double g) {
        Preprocessing pre = config.preprocessing();
        double[] d;
        if (pre.kind() == Preprocessing.Kind.RAW) {
            d = new double[] {1};
        } else if (pre.kind() == Preprocessing.Kind.LOG_SIGN) {
            d = Math.abs(g) >= Math.exp(-pre.p()) ? new double[] {1 / (pre.p() * g), 0} : new double[] {0, Math.exp(pre.p())};
        } else {
            throw new UnsupportedOperationException("no derivative of ADAM_NORMALISED features with respect to g");
        }
        for (int k = 0; k < d.length; k++) {
            if (pre.clamp() > 0 && Math.abs(gradientFeatures(g, null)[k]) > pre.clamp()) {
                d[k] = 0;
            }
        }
        return Arrays.copyOf(d, pre.inputs());
    }

    private State backward(Step step, double dUpdate, State dOut, double[] dW, double[] dFeaturesOrNull) {
        int layers = config.layers();
        int hidden = config.hidden();
        int top = layers - 1;
        State dIn = State.zeros(config);
        int wo = layout.outputWeightOffset();
        double[] hTop = step.out().h()[top];
        double du = config.outputScale() * dUpdate;
        double[] dh = new double[hidden];
        if (config.hasMagnitude()) {
            int wm = layout.magnitudeWeightOffset();
            du *= Math.exp(config.magnitudeScale() * head(wm, hTop));
            double dm = config.magnitudeScale() * head(wo, hTop) * du;
            dW[wm + hidden] += dm;
            for (int j = 0; j < hidden; j++) {
                dW[wm + j] += dm * hTop[j];
                dh[j] = dm * w[wm + j];
            }
        }
        dW[wo + hidden] += du;
        for (int j = 0; j < hidden; j++) {
            dW[wo + j] += du * hTop[j];
            dh[j] += dOut.h()[top][j] + du * w[wo + j];
        }
        for (int l = top; l >= 0; l--) {
            double[] dz = new double[4 * hidden];
            for (int j = 0; j < hidden; j++) {
                double i = step.i()[l][j];
                double f = step.f()[l][j];
                double g = step.g()[l][j];
                double o = step.o()[l][j];
                double tc = step.tanhC()[l][j];
                double dc = dOut.c()[l][j] + dh[j] * o * (1 - tc * tc);
                dIn.c()[l][j] = dc * f;
                dz[j] = dc * g * i * (1 - i);
                dz[hidden + j] = dc * step.in().c()[l][j] * f * (1 - f);
                dz[2 * hidden + j] = dc * i * (1 - g * g);
                dz[3 * hidden + j] = dh[j] * tc * o * (1 - o);
            }
            double[] x = step.inputs()[l];
            double[] dx = new double[x.length];
            for (int r = 0; r < 4 * hidden; r++) {
                dW[layout.biasOffset(l) + r] += dz[r];
                for (int k = 0; k < x.length; k++) {
                    dW[layout.inputWeightOffset(l) + r * x.length + k] += dz[r] * x[k];
                    dx[k] += wx(l, r, k) * dz[r];
                }
                for (int k = 0; k < hidden; k++) {
                    dW[layout.recurrentWeightOffset(l) + r * hidden + k] += dz[r] * step.in().h()[l][k];
                    dIn.h()[l][k] += wh(l, r, k) * dz[r];
                }
            }
            if (l > 0) {
                for (int k = 0; k < hidden; k++) {
                    dh[k] = dOut.h()[l - 1][k] + dx[k];
                }
            } else if (dFeaturesOrNull != null) {
                System.arraycopy(dx, 0, dFeaturesOrNull, 0, dx.length);
            }
        }
        return dIn;
    }
}
