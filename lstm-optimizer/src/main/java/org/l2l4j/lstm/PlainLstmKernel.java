package org.l2l4j.lstm;

/**
 * The LSTM step in plain Java, one coordinate at a time: the fallback when the Vector API module is not
 * enabled, the readable statement of what the Vector API kernel computes, and that kernel's remainder
 * loop for the last few coordinates that do not fill a SIMD register block.
 */
class PlainLstmKernel extends PartitionedKernel {

    /** Per-thread scratch vectors of one coordinate. */
    private static final class Scratch {
        final float[] x;
        final float[] hPrev;
        final float[] z;
        final float[] dh;
        final float[] dz;
        /** ADAM_NORMALISED: the new moments of the forward range. */
        final InputFeatures.Moments moments;

        Scratch(LstmConfig c) {
            moments = new InputFeatures.Moments(FORWARD_CHUNK, c.preprocessing().momentumFeatures());
            int width = Math.max(c.hidden(), c.preprocessing().inputs());
            x = new float[width];
            hPrev = new float[c.hidden()];
            z = new float[4 * c.hidden()];
            dh = new float[c.hidden()];
            dz = new float[4 * c.hidden()];
        }
    }

    private Scratch[] scratch = new Scratch[0];
    /** The preprocessing of the prepared config, shared with the Vector API kernel. */
    InputFeatures features;

    PlainLstmKernel(int threads) {
        this(threads, "lstm-plain");
    }

    PlainLstmKernel(int threads, String name) {
        super(threads, name);
    }

    @Override
    public String description() {
        return "plain Java, " + threads() + " thread(s)";
    }

    @Override
    void prepare(LstmConfig config, int parts) {
        features = new InputFeatures(config.preprocessing());
        scratch = new Scratch[parts];
        for (int p = 0; p < parts; p++) {
            scratch[p] = new Scratch(config);
        }
    }

    @Override
    void beginForward() {
        if (features.dependsOnStep()) {
            features.startStep(out.steps());
        }
    }

    @Override
    void forwardRange(int part, int from, int to) {
        LstmConfig c = w.config();
        int hidden = c.hidden();
        int n = in.n();
        float[] v = w.live();
        Scratch s = scratch[part];
        int inputs0 = c.preprocessing().inputs();
        InputFeatures.Moments moments = s.moments;
        if (features.kind == Preprocessing.Kind.ADAM_NORMALISED) {
            features.updateMoments(gradient, in, out, from, to, moments);
        }
        for (int i = from; i < to; i++) {
            features.compute(gradient[i], moments, i - from, s.x);
            if (acts != null) {
                for (int k = 0; k < inputs0; k++) {
                    acts.input[k * n + i] = s.x[k];
                }
            }
            for (int l = 0; l < c.layers(); l++) {
                int inputs = c.inputs(l);
                int wx = w.inputWeightOffset(l);
                int wh = w.recurrentWeightOffset(l);
                int b = w.biasOffset(l);
                FloatStore hIn = in.hStore(l);
                FloatStore cIn = in.cStore(l);
                for (int j = 0; j < hidden; j++) {
                    s.hPrev[j] = hIn.get(j * n + i);
                }
                for (int r = 0; r < 4 * hidden; r++) {
                    float sum = v[b + r];
                    for (int k = 0; k < inputs; k++) {
                        sum += v[wx + r * inputs + k] * s.x[k];
                    }
                    for (int k = 0; k < hidden; k++) {
                        sum += v[wh + r * hidden + k] * s.hPrev[k];
                    }
                    s.z[r] = sum;
                }
                for (int j = 0; j < hidden; j++) {
                    float ig = sigmoid(s.z[j]);
                    float fg = sigmoid(s.z[hidden + j]);
                    float gg = tanh(s.z[2 * hidden + j]);
                    float og = sigmoid(s.z[3 * hidden + j]);
                    int at = j * n + i;
                    float cPrev = cIn.get(at);
                    float cNew = fg * cPrev + ig * gg;
                    float tanhC = tanh(cNew);
                    float hNew = og * tanhC;
                    out.cStore(l).set(at, cNew);
                    out.hStore(l).set(at, hNew);
                    s.x[j] = hNew; // the next layer's input
                    if (acts != null) {
                        acts.hPrev[l][at] = s.hPrev[j];
                        acts.cPrev[l][at] = cPrev;
                        acts.gates[l][at] = ig;
                        acts.gates[l][(hidden + j) * n + i] = fg;
                        acts.gates[l][(2 * hidden + j) * n + i] = gg;
                        acts.gates[l][(3 * hidden + j) * n + i] = og;
                        acts.tanhC[l][at] = tanhC;
                    }
                }
            }
            update[i] = (float) c.outputScale() * head(v, w.outputWeightOffset(), s.x, hidden);
            if (c.hasMagnitude()) {
                update[i] *= magnitude(c, v, w.magnitudeWeightOffset(), s.x);
            }
        }
    }

    /** w · h + b of one coordinate's top-layer h, for the output head whose H weights start at {@code at}. */
    private static float head(float[] v, int at, float[] h, int hidden) {
        float sum = v[at + hidden];
        for (int j = 0; j < hidden; j++) {
            sum += v[at + j] * h[j];
        }
        return sum;
    }

    /** e<sup>λm</sup>, m the magnitude head's {@link #head} at {@code wm}. */
    private static float magnitude(LstmConfig c, float[] v, int wm, float[] h) {
        return exp((float) c.magnitudeScale() * head(v, wm, h, c.hidden()));
    }

    /**
     * e<sup>x</sup> in float, x clamped to ±{@value #EXP_LIMIT} as the Vector API kernel's exponential is:
     * beyond it a step overflows float anyway.
     */
    static float exp(float x) {
        return (float) Math.exp(Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, x)));
    }

    /** Where both kernels' exponentials stop: 2<sup>k</sup> with |k| ≤ 126 keeps e<sup>x</sup> a normal float. */
    static final float EXP_LIMIT = 87f;

    @Override
    void gradientThroughFeatures(float[] gradient, float[] dFeatures, float[] dGradient) {
        int n = gradient.length;
        for (int i = 0; i < n; i++) {
            dGradient[i] = features.gradientThroughFeatures(gradient[i], dFeatures, i, n);
        }
    }

    @Override
    void backwardRange(int part, int from, int to, double[] dW) {
        LstmConfig c = w.config();
        int hidden = c.hidden();
        int top = c.layers() - 1;
        int n = acts.n;
        float[] v = w.live();
        Scratch s = scratch[part];
        int wo = w.outputWeightOffset();
        int wm = c.hasMagnitude() ? w.magnitudeWeightOffset() : -1;
        float scale = (float) c.outputScale();
        for (int i = from; i < to; i++) {
            for (int j = 0; j < hidden; j++) {
                s.x[j] = hidden(top, j, i); // the top layer's h
            }
            // dL/dd of the output's direction d; with a magnitude head, update = scale·d·e^{λm}, so
            // dL/dd = scale·e^{λm}·dL/du and dL/dm = λ·d·dL/dd
            float dd = scale * dUpdate[i];
            float dm = 0;
            if (wm >= 0) {
                dd *= magnitude(c, v, wm, s.x);
                dm = (float) c.magnitudeScale() * head(v, wo, s.x, hidden) * dd;
                dW[wm + hidden] += dm;
            }
            dW[wo + hidden] += dd;
            for (int j = 0; j < hidden; j++) {
                dW[wo + j] += (double) dd * s.x[j];
                float dh = dOut.h(top)[j * n + i] + dd * v[wo + j];
                if (wm >= 0) {
                    dW[wm + j] += (double) dm * s.x[j];
                    dh += dm * v[wm + j];
                }
                s.dh[j] = dh;
            }
            for (int l = top; l >= 0; l--) {
                int inputs = c.inputs(l);
                float[] gates = acts.gates[l];
                for (int j = 0; j < hidden; j++) {
                    int at = j * n + i;
                    float ig = gates[at];
                    float fg = gates[(hidden + j) * n + i];
                    float gg = gates[(2 * hidden + j) * n + i];
                    float og = gates[(3 * hidden + j) * n + i];
                    float tanhC = acts.tanhC[l][at];
                    float dc = dOut.c(l)[at] + s.dh[j] * og * (1 - tanhC * tanhC);
                    dIn.c(l)[at] = dc * fg;
                    s.dz[j] = dc * gg * ig * (1 - ig);
                    s.dz[hidden + j] = dc * acts.cPrev[l][at] * fg * (1 - fg);
                    s.dz[2 * hidden + j] = dc * ig * (1 - gg * gg);
                    s.dz[3 * hidden + j] = s.dh[j] * tanhC * og * (1 - og);
                }
                int wx = w.inputWeightOffset(l);
                int wh = w.recurrentWeightOffset(l);
                int b = w.biasOffset(l);
                for (int k = 0; k < inputs; k++) {
                    s.x[k] = l == 0 ? acts.input[k * n + i] : hidden(l - 1, k, i);
                }
                for (int k = 0; k < hidden; k++) {
                    s.hPrev[k] = acts.hPrev[l][k * n + i];
                }
                for (int r = 0; r < 4 * hidden; r++) {
                    float dz = s.dz[r];
                    dW[b + r] += dz;
                    for (int k = 0; k < inputs; k++) {
                        dW[wx + r * inputs + k] += (double) dz * s.x[k];
                    }
                    for (int k = 0; k < hidden; k++) {
                        dW[wh + r * hidden + k] += (double) dz * s.hPrev[k];
                    }
                }
                for (int k = 0; k < hidden; k++) {
                    float sum = 0;
                    for (int r = 0; r < 4 * hidden; r++) {
                        sum += v[wh + r * hidden + k] * s.dz[r];
                    }
                    dIn.h(l)[k * n + i] = sum;
                }
                if (l == 0 && dFeatures != null) {
                    for (int k = 0; k < inputs; k++) {
                        float sum = 0;
                        for (int r = 0; r < 4 * hidden; r++) {
                            sum += v[wx + r * inputs + k] * s.dz[r];
                        }
                        dFeatures[k * n + i] = sum;
                    }
                }
                if (l > 0) { // dL/dx of this layer is dL/dh of the layer below, on top of dOut
                    for (int k = 0; k < hidden; k++) {
                        float sum = dOut.h(l - 1)[k * n + i];
                        for (int r = 0; r < 4 * hidden; r++) {
                            sum += v[wx + r * hidden + k] * s.dz[r];
                        }
                        s.dh[k] = sum;
                    }
                }
            }
        }
    }

    /** The new h of unit j of layer l at coordinate i, σ(o)·tanh(c), from the recorded activations. */
    private float hidden(int l, int j, int i) {
        int n = acts.n;
        return acts.gates[l][(3 * w.config().hidden() + j) * n + i] * acts.tanhC[l][j * n + i];
    }

    private static float sigmoid(float z) {
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /** tanh through the intrinsic Math.exp: several times faster than Math.tanh, exact to float precision. */
    private static float tanh(float z) {
        return (float) (2 / (1 + Math.exp(-2.0 * z)) - 1);
    }
}
