package org.l2l4j.lstm;

/**
 * The LSTM optimizer step in float64, one coordinate at a time, written for obviousness rather than
 * speed: the yardstick the float32 kernels are tested against.
 */
public final class ReferenceLstm {

    /** One coordinate's recurrent state: h[layer][unit], c[layer][unit]. */
    public record State(double[][] h, double[][] c) {
        public static State zeros(LstmConfig config) {
            return new State(new double[config.layers()][config.hidden()], new double[config.layers()][config.hidden()]);
        }
    }

    /** Everything one coordinate's forward step produced. */
    public record Step(double update, State out, double[][] inputs, State in,
                double[][] i, double[][] f, double[][] g, double[][] o, double[][] tanhC) {
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

    /** The paper's preprocessing (appendix A), or the raw gradient, then the optional clamp. */
    double[] features(double g) {
        Preprocessing pre = config.preprocessing();
        double[] x;
        if (pre.kind() == Preprocessing.Kind.RAW) {
            x = new double[] {g};
        } else if (Math.abs(g) >= Math.exp(-pre.p())) {
            x = new double[] {Math.log(Math.abs(g)) / pre.p(), Math.signum(g)};
        } else {
            x = new double[] {-1, Math.exp(pre.p()) * g};
        }
        if (pre.clamp() > 0) {
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.max(-pre.clamp(), Math.min(pre.clamp(), x[k]));
            }
        }
        return x;
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
        State out = State.zeros(config);
        double[] x = features(gradient);
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
        int wo = layout.outputWeightOffset();
        double u = w[wo + hidden];
        for (int j = 0; j < hidden; j++) {
            u += w[wo + j] * x[j];
        }
        return new Step(config.outputScale() * u, out, inputs, in, gi, gf, gg, go, tanhC);
    }

    /**
     * Backpropagates dL/du and dL/d(outgoing state) through {@code step}: returns dL/d(incoming state)
     * and adds dL/dφ into {@code dW}.
     */
    public State backward(Step step, double dUpdate, State dOut, double[] dW) {
        int layers = config.layers();
        int hidden = config.hidden();
        int top = layers - 1;
        State dIn = State.zeros(config);
        int wo = layout.outputWeightOffset();
        double du = config.outputScale() * dUpdate;
        dW[wo + hidden] += du;
        double[] dh = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            dW[wo + j] += du * step.out().h()[top][j];
            dh[j] = dOut.h()[top][j] + du * w[wo + j];
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
            }
        }
        return dIn;
    }
}
