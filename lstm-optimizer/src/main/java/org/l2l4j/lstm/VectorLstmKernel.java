package org.l2l4j.lstm;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM step fused on the Java Vector API: coordinates in the SIMD lanes (the state is unit-major),
 * weights broadcast as scalars, so every matrix product is a run of lane-wise fused multiply-adds with
 * no shuffles.
 *
 * <p>Each thread walks its coordinates in tiles of {@link #TILE}. Per tile and layer, the layer's inputs
 * and incoming h are gathered into a tile buffer of K = inputs + H rows, its incoming c into another;
 * {@link #product} computes the 4H gate pre-activations into a tile buffer (register blocks of 4 rows × 2
 * vectors over weights packed per call); one pass computes the gate activations, one the new c and h,
 * recording what the backward needs; h goes into the other tile buffer as the next layer's input, and the
 * new h and c rows are copied into the outgoing state. The state is touched only by these row copies
 * ({@link FloatStore}), so it may be on the heap or in an off-heap buffer, and may be advanced in place.
 * The coordinates after the last whole register block ({@link #GROUP}) go through the plain kernel's
 * scalar loop.
 *
 * <p>Backward, per tile and layer: dL/dz of the tile; dL/dφ as dz·src<sup>T</sup> over the tile in register
 * blocks of 2 rows × 4 columns into per-lane float sums that are flushed into the thread's float64 sums
 * every {@link #FLUSH_TILES} tiles; dL/d(input, h<sub>prev</sub>) = W<sup>T</sup>dz by the same
 * {@link #product} over the transposed packed weights (layer 0: dL/dh<sub>prev</sub>, and dL/dx only
 * when the backward goes through the gradient input).
 *
 * <p>sigmoid and tanh come from one exp: e<sup>−z</sup> = 2<sup>k</sup>·p(r) with k = round(−z·log₂e),
 * r = −z − k·ln 2 and p the degree-5 minimax polynomial of e<sup>r</sup> on |r| ≤ ln2/2 (7.5e-8
 * relative), then sigmoid z = 1/(1 + e<sup>−z</sup>) and tanh z = 2·sigmoid(2z) − 1, within 3e-7 absolute
 * of float64 (tested). The g rows' weights are packed doubled, so their pre-activation arrives as 2z.
 */
final class VectorLstmKernel extends PlainLstmKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Coordinates per register block: two vectors. */
    static final int GROUP = 2 * V;
    /** Coordinates per tile (a multiple of GROUP for every vector width up to 512 bits). */
    static final int TILE = 128;
    /** Tiles between flushes of the float per-lane weight-gradient sums into float64. */
    static final int FLUSH_TILES = 16;

    /** Per-thread buffers for one tile, rows of TILE coordinates unless said otherwise. */
    private static final class Workspace {
        /**
         * A layer's K = inputs + H input rows (its input x, then its incoming h), and the next layer's;
         * in the backward {@code next} holds the top layer's h.
         */
        final float[] src;
        final float[] next;
        /** Gate pre-activations, then activations (forward), or dL/dz (backward) of one layer [4H × TILE]. */
        final float[] z;
        /** Forward: a layer's incoming c, then its new c [H × TILE]. */
        final float[] cell;
        /** Forward, ADAM_NORMALISED: the tile's new moments. */
        final InputFeatures.Moments moments;
        /** dL/dh of the layer being back-propagated, then W<sup>T</sup>dz of it [K × TILE]; swapped per layer. */
        float[] dh;
        float[] dx;
        /** dL/dφ: per weight, V per-lane float partial sums, in the order of {@link #laneWeight}; zero between ranges. */
        final float[] laneSums;
        /** Backward: dL/d of the output's direction d and, with a magnitude head, of its magnitude m [TILE]. */
        final float[] dDirection = new float[TILE];
        final float[] dMagnitude = new float[TILE];

        Workspace(LstmConfig c, int maxRows) {
            src = new float[maxRows * TILE];
            next = new float[maxRows * TILE];
            z = new float[4 * c.hidden() * TILE];
            cell = new float[c.hidden() * TILE];
            moments = new InputFeatures.Moments(TILE, c.preprocessing().momentumFeatures());
            dh = new float[maxRows * TILE];
            dx = new float[maxRows * TILE];
            laneSums = new float[c.parameterCount() * V];
        }
    }

    private Workspace[] workspaces = new Workspace[0];
    /** Per layer: weights packed for the forward product, for the backward one, and the gate biases. */
    private float[] packed = new float[0];
    private int[] forwardAt = new int[0];
    private int[] backwardAt = new int[0];
    private int[] biasAt = new int[0];
    /** Per layer: where its [4H × K] weights and then its 4H biases start in the lane sums. */
    private int[] laneAt = new int[0];
    /** Index in {@link LstmWeights#values()} of each lane-sum slot. */
    private int[] laneWeight = new int[0];
    /** The lane-sum slot of w<sub>out</sub>; the output heads' H + 1 weights each follow from it. */
    private int outputLane;

    VectorLstmKernel(int threads) {
        super(threads, "lstm-vector");
    }

    static String speciesDescription() {
        return S.vectorBitSize() + "-bit, " + V + " float lanes";
    }

    @Override
    public String description() {
        return "Java Vector API (" + speciesDescription() + "), " + threads() + " thread(s)";
    }

    /** Rows of layer l's gathered input: its inputs, then its incoming h. */
    private static int terms(LstmConfig c, int l) {
        return c.inputs(l) + c.hidden();
    }

    private static int roundUp4(int k) {
        return (k + 3) & ~3;
    }

    /**
     * First of layer l's gathered input rows whose gradient the backward computes: layer 0's inputs
     * are preprocessed gradients, treated as constants, so only its h<sub>prev</sub> rows.
     */
    private static int firstGradientRow(LstmConfig c, int l) {
        return l == 0 ? c.inputs(0) : 0;
    }

    @Override
    void prepare(LstmConfig config, int parts) {
        super.prepare(config, parts);
        int layers = config.layers();
        int hidden = config.hidden();
        int rows = 4 * hidden;
        forwardAt = new int[layers];
        backwardAt = new int[layers];
        biasAt = new int[layers];
        laneAt = new int[layers];
        laneWeight = new int[config.parameterCount()];
        LstmWeights layout = LstmWeights.of(config, new float[config.parameterCount()]);
        int size = 0;
        int lane = 0;
        int maxRows = 0;
        for (int l = 0; l < layers; l++) {
            int k = terms(config, l);
            maxRows = Math.max(maxRows, roundUp4(k));
            forwardAt[l] = size;
            size += rows * k;
            backwardAt[l] = size;
            size += roundUp4(k - firstGradientRow(config, l)) * rows;
            biasAt[l] = size;
            size += rows;
            laneAt[l] = lane;
            int inputs = config.inputs(l);
            for (int r = 0; r < rows; r++) {
                for (int m = 0; m < k; m++) {
                    laneWeight[lane++] = m < inputs
                            ? layout.inputWeightOffset(l) + r * inputs + m
                            : layout.recurrentWeightOffset(l) + r * hidden + m - inputs;
                }
            }
            for (int r = 0; r < rows; r++) {
                laneWeight[lane++] = layout.biasOffset(l) + r;
            }
        }
        outputLane = lane;
        for (int j = 0; j < config.outputHeads() * (hidden + 1); j++) {
            laneWeight[lane++] = layout.outputWeightOffset() + j;
        }
        packed = new float[size];
        workspaces = new Workspace[parts];
        for (int p = 0; p < parts; p++) {
            workspaces[p] = new Workspace(config, maxRows);
        }
    }

    /**
     * Packs the weights of this call for {@link #product}: forward, rows in fours with their K weights
     * interleaved, g rows doubled; backward, the transpose the same way, zero-padded to whole fours; and
     * the gate biases, g doubled.
     */
    @Override
    void beginCall() {
        LstmConfig c = w.config();
        float[] v = w.live();
        int hidden = c.hidden();
        int rows = 4 * hidden;
        for (int l = 0; l < c.layers(); l++) {
            int inputs = c.inputs(l);
            int k = terms(c, l);
            int first = firstGradientRow(c, l);
            int wx = w.inputWeightOffset(l);
            int wh = w.recurrentWeightOffset(l);
            int b = w.biasOffset(l);
            Arrays.fill(packed, backwardAt[l], biasAt[l], 0f);
            for (int r = 0; r < rows; r++) {
                float scale = r / hidden == 2 ? 2f : 1f;
                packed[biasAt[l] + r] = scale * v[b + r];
                for (int m = 0; m < k; m++) {
                    float weight = m < inputs ? v[wx + r * inputs + m] : v[wh + r * hidden + m - inputs];
                    packed[forwardAt[l] + ((r >> 2) * k + m) * 4 + (r & 3)] = scale * weight;
                    int o = m - first;
                    if (o >= 0) {
                        packed[backwardAt[l] + ((o >> 2) * rows + r) * 4 + (o & 3)] = weight;
                    }
                }
            }
        }
    }

    /**
     * out[oAt + o·oStride + i] += Σ_m W(o, m)·src[sAt + m·sStride + i] for o &lt; 4·quads, m &lt; terms and
     * i &lt; width (a multiple of GROUP), with W(4q + e, m) = {@code w[wAt + (q·terms + m)·4 + e]}. Weights
     * are broadcast, coordinates fill the lanes; register block: 4 outputs × 2 vectors (8 accumulators).
     *
     * <p>The source stride is a parameter on purpose: with a constant one C2 eliminates the index checks,
     * unrolls the inner loop fourfold and schedules the loads of all four iterations first, which spills
     * the accumulators to the stack (measured twice as slow on JDK 17).
     */
    private static void product(float[] w, int wAt, int terms, int quads, float[] src, int sAt, int sStride,
                                float[] out, int oAt, int oStride, int width) {
        for (int i = 0; i < width; i += GROUP) {
            for (int q = 0; q < quads; q++) {
                int wq = wAt + q * 4 * terms;
                int o0 = oAt + 4 * q * oStride + i;
                int o1 = o0 + oStride;
                int o2 = o1 + oStride;
                int o3 = o2 + oStride;
                FloatVector a0 = FloatVector.fromArray(S, out, o0);
                FloatVector a1 = FloatVector.fromArray(S, out, o0 + V);
                FloatVector b0 = FloatVector.fromArray(S, out, o1);
                FloatVector b1 = FloatVector.fromArray(S, out, o1 + V);
                FloatVector c0 = FloatVector.fromArray(S, out, o2);
                FloatVector c1 = FloatVector.fromArray(S, out, o2 + V);
                FloatVector d0 = FloatVector.fromArray(S, out, o3);
                FloatVector d1 = FloatVector.fromArray(S, out, o3 + V);
                for (int m = 0, s = sAt + i; m < terms; m++, s += sStride) {
                    int wm = wq + 4 * m;
                    FloatVector x0 = FloatVector.fromArray(S, src, s);
                    FloatVector x1 = FloatVector.fromArray(S, src, s + V);
                    FloatVector c = FloatVector.broadcast(S, w[wm]);
                    a0 = x0.fma(c, a0);
                    a1 = x1.fma(c, a1);
                    c = FloatVector.broadcast(S, w[wm + 1]);
                    b0 = x0.fma(c, b0);
                    b1 = x1.fma(c, b1);
                    c = FloatVector.broadcast(S, w[wm + 2]);
                    c0 = x0.fma(c, c0);
                    c1 = x1.fma(c, c1);
                    c = FloatVector.broadcast(S, w[wm + 3]);
                    d0 = x0.fma(c, d0);
                    d1 = x1.fma(c, d1);
                }
                a0.intoArray(out, o0);
                a1.intoArray(out, o0 + V);
                b0.intoArray(out, o1);
                b1.intoArray(out, o1 + V);
                c0.intoArray(out, o2);
                c1.intoArray(out, o2 + V);
                d0.intoArray(out, o3);
                d1.intoArray(out, o3 + V);
            }
        }
    }

    /** Copies rows [0, rows) of coordinates [t0, t0 + width) of a unit-major [rows × n] array into a tile buffer. */
    private static void gather(float[] from, int n, int t0, int rows, float[] tile, int firstRow, int width) {
        for (int j = 0; j < rows; j++) {
            System.arraycopy(from, j * n + t0, tile, (firstRow + j) * TILE, width);
        }
    }

    /** {@link #gather} from a state's region. */
    private static void gather(FloatStore from, int n, int t0, int rows, float[] tile, int firstRow, int width) {
        for (int j = 0; j < rows; j++) {
            from.read(j * n + t0, tile, (firstRow + j) * TILE, width);
        }
    }

    /** The inverse of {@link #gather}: tile rows [0, rows) into coordinates [t0, t0 + width) of a state's region. */
    private static void scatter(float[] tile, int rows, FloatStore to, int n, int t0, int width) {
        for (int j = 0; j < rows; j++) {
            to.write(j * n + t0, tile, j * TILE, width);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Forward
    // ---------------------------------------------------------------------------------------------

    @Override
    void forwardRange(int part, int from, int to) {
        int end = from + (to - from) / GROUP * GROUP;
        Workspace ws = workspaces[part];
        for (int t0 = from; t0 < end; t0 += TILE) {
            forwardTile(ws, t0, Math.min(TILE, end - t0));
        }
        super.forwardRange(part, end, to);
    }

    private void forwardTile(Workspace ws, int t0, int width) {
        LstmConfig c = w.config();
        int n = in.n();
        int hidden = c.hidden();
        float[] x = ws.src;
        float[] next = ws.next;
        float[] z = ws.z;
        inputFeatures(ws, x, t0, width, n);
        for (int l = 0; l < c.layers(); l++) {
            int inputs = c.inputs(l);
            gather(in.hStore(l), n, t0, hidden, x, inputs, width);
            gather(in.cStore(l), n, t0, hidden, ws.cell, 0, width);
            if (acts != null) {
                for (int j = 0; j < hidden; j++) {
                    System.arraycopy(x, (inputs + j) * TILE, acts.hPrev[l], j * n + t0, width);
                }
            }
            for (int r = 0; r < 4 * hidden; r++) {
                Arrays.fill(z, r * TILE, r * TILE + width, packed[biasAt[l] + r]);
            }
            product(packed, forwardAt[l], inputs + hidden, hidden, x, 0, TILE, z, 0, TILE, width);
            activations(z, l, t0, width, n);
            cells(z, ws.cell, l, t0, width, next, n);
            scatter(ws.cell, hidden, out.cStore(l), n, t0, width);
            scatter(next, hidden, out.hStore(l), n, t0, width);
            float[] swap = x;
            x = next;
            next = swap;
        }
        output(x, t0, width);
    }

    /**
     * Preprocessed gradients of [t0, t0 + width) into the first rows of {@code x}, and into the activations;
     * for ADAM_NORMALISED first the outgoing moments, by the shared stage.
     */
    private void inputFeatures(Workspace ws, float[] x, int t0, int width, int n) {
        InputFeatures f = features;
        if (f.kind == Preprocessing.Kind.ADAM_NORMALISED) {
            f.updateMoments(gradient, in, out, t0, t0 + width, ws.moments);
        }
        FloatVector clampHi = FloatVector.broadcast(S, f.clamp);
        FloatVector clampLo = clampHi.neg();
        for (int i = 0; i < width; i += V) {
            FloatVector g = FloatVector.fromArray(S, gradient, t0 + i);
            switch (f.kind) {
                case RAW -> g.max(clampLo).min(clampHi).intoArray(x, i);
                case LOG_SIGN -> {
                    FloatVector a = g.abs();
                    VectorMask<Float> linear = a.compare(VectorOperators.GE, f.threshold).not();
                    FloatVector logPart = log(a).mul(f.inverseP).blend(-1f, linear);
                    FloatVector sign = FloatVector.zero(S).blend(1f, g.compare(VectorOperators.GT, 0f))
                            .blend(-1f, g.compare(VectorOperators.LT, 0f));
                    FloatVector signPart = sign.blend(g.mul(f.expP), linear);
                    logPart.max(clampLo).min(clampHi).intoArray(x, i);
                    signPart.max(clampLo).min(clampHi).intoArray(x, TILE + i);
                }
                case ADAM_NORMALISED -> {
                    // as InputFeatures.compute, operation for operation (no fma): the same bits; sqrt is exact
                    FloatVector m = FloatVector.fromArray(S, ws.moments.mean, i);
                    FloatVector v = FloatVector.fromArray(S, ws.moments.meanSquare, i);
                    FloatVector denominator = v.mul(f.squareCorrection).sqrt().add(f.epsilon);
                    m.mul(f.meanCorrection).div(denominator).max(clampLo).min(clampHi).intoArray(x, i);
                    g.div(denominator).max(clampLo).min(clampHi).intoArray(x, TILE + i);
                    for (int j = 0; j < f.momentumDecays.length; j++) {
                        FloatVector.fromArray(S, ws.moments.momenta, j * TILE + i).mul(f.momentumCorrections[j])
                                .div(denominator).max(clampLo).min(clampHi)
                                .intoArray(x, (f.firstMomentumInput + j) * TILE + i);
                    }
                    if (f.logScale) {
                        // one log per coordinate and step, beside the LSTM's hundreds of exps: kept scalar
                        // (Math.log) so that both kernels give the same bits; the row holds √v̂ + ε until then
                        denominator.intoArray(x, 2 * TILE + i);
                        for (int k = 2 * TILE + i; k < 2 * TILE + i + V; k++) {
                            x[k] = f.logScale(x[k]);
                        }
                    }
                }
            }
        }
        for (int j = 0; j < f.stepFeatures.length; j++) {
            Arrays.fill(x, (f.gradientInputs + j) * TILE, (f.gradientInputs + j) * TILE + width, f.stepFeatures[j]);
        }
        if (acts != null) {
            int inputs = w.config().preprocessing().inputs();
            for (int k = 0; k < inputs; k++) {
                System.arraycopy(x, k * TILE, acts.input, k * n + t0, width);
            }
        }
    }

    /**
     * In place in {@code z}: layer l's gate pre-activations → activations, σ for the i, f, o rows and
     * tanh z = 2σ(2z) − 1 for the g rows (packed doubled); also into the recorded activations. Apart
     * from {@link #cells} because C2 stops inlining once a method's graph passes NodeCountInliningCutoff,
     * and every Vector API call inlines a deep chain: with five sigmoids in one loop body the last ones
     * became real calls on boxed vectors.
     */
    private void activations(float[] z, int l, int t0, int width, int n) {
        int hidden = w.config().hidden();
        float[] gates = acts == null ? null : acts.gates[l];
        for (int r = 0; r < 4 * hidden; r++) {
            boolean g = r / hidden == 2;
            for (int i = 0; i < width; i += V) {
                int zt = r * TILE + i;
                FloatVector a = sigmoid(FloatVector.fromArray(S, z, zt));
                if (g) {
                    a = a.fma(TWO, MINUS_ONE);
                }
                a.intoArray(z, zt);
                if (gates != null) {
                    a.intoArray(gates, r * n + t0 + i);
                }
            }
        }
    }

    /**
     * From layer l's gate activations in {@code z} and its incoming c in the tile buffer {@code cell}: the
     * new c (into {@code cell}) and h (into the first H rows of the tile buffer {@code next}, the next
     * layer's input), and what the backward needs.
     */
    private void cells(float[] z, float[] cell, int l, int t0, int width, float[] next, int n) {
        int hidden = w.config().hidden();
        int zGate = hidden * TILE;
        StepActivations a = acts;
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < width; i += V) {
                int zt = j * TILE + i;
                int at = j * n + t0 + i;
                FloatVector ig = FloatVector.fromArray(S, z, zt);
                FloatVector fg = FloatVector.fromArray(S, z, zt + zGate);
                FloatVector gg = FloatVector.fromArray(S, z, zt + 2 * zGate);
                FloatVector og = FloatVector.fromArray(S, z, zt + 3 * zGate);
                FloatVector cPrev = FloatVector.fromArray(S, cell, zt);
                FloatVector c = fg.fma(cPrev, ig.mul(gg));
                FloatVector tanhC = tanh(c);
                FloatVector h = og.mul(tanhC);
                c.intoArray(cell, zt);
                h.intoArray(next, zt);
                if (a != null) {
                    cPrev.intoArray(a.cPrev[l], at);
                    tanhC.intoArray(a.tanhC[l], at);
                }
            }
        }
    }

    /**
     * update = scale · d, d = w_out · h_top + b_out, times e<sup>λm</sup>, m = w_mag · h_top + b_mag, with a
     * magnitude head; h_top in the first H rows of {@code top}.
     */
    private void output(float[] top, int t0, int width) {
        LstmConfig c = w.config();
        float[] v = w.live();
        int wo = w.outputWeightOffset();
        float scale = (float) c.outputScale();
        for (int i = 0; i < width; i += V) {
            FloatVector u = head(v, wo, top, i).mul(scale);
            if (c.hasMagnitude()) {
                u = u.mul(magnitude(c, v, top, i));
            }
            u.intoArray(update, t0 + i);
        }
    }

    /**
     * w · h_top + b, for V coordinates from i, of the linear head whose H weights start at {@code at}, its
     * bias after them.
     */
    private FloatVector head(float[] v, int at, float[] top, int i) {
        int hidden = w.config().hidden();
        FloatVector sum = FloatVector.broadcast(S, v[at + hidden]);
        for (int j = 0; j < hidden; j++) {
            sum = FloatVector.fromArray(S, top, j * TILE + i).fma(FloatVector.broadcast(S, v[at + j]), sum);
        }
        return sum;
    }

    /** e<sup>λm</sup> of the magnitude head for V coordinates from i. */
    private FloatVector magnitude(LstmConfig c, float[] v, float[] top, int i) {
        return exp(head(v, w.magnitudeWeightOffset(), top, i).mul((float) c.magnitudeScale()));
    }

    // ---------------------------------------------------------------------------------------------
    // Backward
    // ---------------------------------------------------------------------------------------------

    @Override
    void backwardRange(int part, int from, int to, double[] dW) {
        int end = from + (to - from) / GROUP * GROUP;
        Workspace ws = workspaces[part];
        try {
            int tiles = 0;
            for (int t0 = from; t0 < end; t0 += TILE) {
                backwardTile(ws, t0, Math.min(TILE, end - t0));
                if (++tiles % FLUSH_TILES == 0) {
                    flush(ws.laneSums, dW);
                }
            }
        } finally {
            flush(ws.laneSums, dW); // also when failing: every range starts from zero lane sums
        }
        super.backwardRange(part, end, to, dW);
    }

    private void backwardTile(Workspace ws, int t0, int width) {
        LstmConfig c = w.config();
        int n = acts.n;
        int hidden = c.hidden();
        int rows = 4 * hidden;
        hiddenOutput(c.layers() - 1, t0, width, n, ws.next);
        outputBackward(ws, ws.next, t0, width, n);
        for (int l = c.layers() - 1; l >= 0; l--) {
            int inputs = c.inputs(l);
            int k = inputs + hidden;
            int first = firstGradientRow(c, l);
            int outs = roundUp4(k - first);
            if (l == 0) {
                gather(acts.input, n, t0, inputs, ws.src, 0, width);
            } else {
                hiddenOutput(l - 1, t0, width, n, ws.src);
            }
            gather(acts.hPrev[l], n, t0, hidden, ws.src, inputs, width);
            gateGradients(ws, l, t0, width, n);
            if (l == 0 && dFeatures != null) {
                featureGradients(ws.z, t0, width, n);
            }
            weightGradients(ws.z, ws.src, ws.laneSums, laneAt[l], rows, k, width, V);
            biasGradients(ws.z, ws.laneSums, laneAt[l] + rows * k, rows, width);
            // W^T dz for input rows [first, k): above layer 0, rows [0, inputs) add to dL/dh of the layer
            // below; rows [inputs, k) are dL/dh_prev
            float[] dx = ws.dx;
            if (l > 0) {
                gather(dOut.h(l - 1), n, t0, inputs, dx, 0, width);
            }
            Arrays.fill(dx, (inputs - first) * TILE, outs * TILE, 0f);
            product(packed, backwardAt[l], rows, outs / 4, ws.z, 0, TILE, dx, 0, TILE, width);
            float[] dhIn = dIn.h(l);
            for (int j = 0; j < hidden; j++) {
                System.arraycopy(dx, (inputs - first + j) * TILE, dhIn, j * n + t0, width);
            }
            ws.dx = ws.dh;
            ws.dh = dx;
        }
    }

    /** dL/dx = W<sub>x</sub><sup>T</sup>dz of layer 0's input features over the tile, from its dz in {@code dz}. */
    private void featureGradients(float[] dz, int t0, int width, int n) {
        LstmConfig c = w.config();
        int inputs = c.inputs(0);
        int rows = 4 * c.hidden();
        int wx = w.inputWeightOffset(0);
        float[] v = w.live();
        for (int k = 0; k < inputs; k++) {
            for (int i = 0; i < width; i += V) {
                FloatVector sum = FloatVector.zero(S);
                for (int r = 0; r < rows; r++) {
                    sum = FloatVector.fromArray(S, dz, r * TILE + i).fma(FloatVector.broadcast(S, v[wx + r * inputs + k]), sum);
                }
                sum.intoArray(dFeatures, k * n + t0 + i);
            }
        }
    }

    /** The new h of layer l, σ(o)·tanh(c) from the recorded activations, into the first H rows of {@code tile}. */
    private void hiddenOutput(int l, int t0, int width, int n, float[] tile) {
        int hidden = w.config().hidden();
        float[] gates = acts.gates[l];
        float[] tanhC = acts.tanhC[l];
        int o = 3 * hidden * n;
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < width; i += V) {
                int at = j * n + t0 + i;
                FloatVector.fromArray(S, gates, o + at).mul(FloatVector.fromArray(S, tanhC, at))
                        .intoArray(tile, j * TILE + i);
            }
        }
    }

    /**
     * dL/dh of the top layer into {@code ws.dh}; dL/dw_out and dL/db_out into the lane sums. The top
     * layer's h is in the first H rows of {@code top}.
     */
    private void outputBackward(Workspace ws, float[] top, int t0, int width, int n) {
        LstmConfig c = w.config();
        int hidden = c.hidden();
        int wo = w.outputWeightOffset();
        float[] v = w.live();
        float[] dhTop = dOut.h(c.layers() - 1);
        float scale = (float) c.outputScale();
        float[] dd = ws.dDirection;
        float[] dm = ws.dMagnitude;
        FloatVector biasSum = FloatVector.zero(S);
        FloatVector magnitudeBiasSum = FloatVector.zero(S);
        for (int i = 0; i < width; i += V) {
            FloatVector du = FloatVector.fromArray(S, dUpdate, t0 + i).mul(scale);
            if (c.hasMagnitude()) {
                // update = scale·d·e^{λm}: dL/dd = scale·e^{λm}·dL/du, dL/dm = λ·d·dL/dd
                du = du.mul(magnitude(c, v, top, i));
                FloatVector dmi = head(v, wo, top, i).mul(du).mul((float) c.magnitudeScale());
                dmi.intoArray(dm, i);
                magnitudeBiasSum = magnitudeBiasSum.add(dmi);
            }
            du.intoArray(dd, i);
            biasSum = du.add(biasSum);
        }
        addToLaneSums(ws.laneSums, outputLane + hidden, biasSum);
        if (c.hasMagnitude()) {
            addToLaneSums(ws.laneSums, outputLane + 2 * hidden + 1, magnitudeBiasSum);
        }
        int wm = c.hasMagnitude() ? w.magnitudeWeightOffset() : -1;
        for (int j = 0; j < hidden; j++) {
            FloatVector wj = FloatVector.broadcast(S, v[wo + j]);
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < width; i += V) {
                int at = j * n + t0 + i;
                FloatVector du = FloatVector.fromArray(S, dd, i);
                sum = du.fma(FloatVector.fromArray(S, top, j * TILE + i), sum);
                du.fma(wj, FloatVector.fromArray(S, dhTop, at)).intoArray(ws.dh, j * TILE + i);
            }
            addToLaneSums(ws.laneSums, outputLane + j, sum);
            if (wm >= 0) {
                FloatVector wmj = FloatVector.broadcast(S, v[wm + j]);
                FloatVector magnitudeSum = FloatVector.zero(S);
                for (int i = 0; i < width; i += V) {
                    int zt = j * TILE + i;
                    FloatVector dmi = FloatVector.fromArray(S, dm, i);
                    magnitudeSum = dmi.fma(FloatVector.fromArray(S, top, zt), magnitudeSum);
                    dmi.fma(wmj, FloatVector.fromArray(S, ws.dh, zt)).intoArray(ws.dh, zt);
                }
                addToLaneSums(ws.laneSums, outputLane + hidden + 1 + j, magnitudeSum);
            }
        }
    }

    /** dL/dz of layer l into {@code ws.z} from dL/dh in {@code ws.dh}; writes dL/dc<sub>prev</sub>. */
    private void gateGradients(Workspace ws, int l, int t0, int width, int n) {
        int hidden = w.config().hidden();
        float[] gates = acts.gates[l];
        float[] tanhCs = acts.tanhC[l];
        float[] cPrevs = acts.cPrev[l];
        float[] dcOut = dOut.c(l);
        float[] dcIn = dIn.c(l);
        float[] z = ws.z;
        float[] dhs = ws.dh;
        int gate = hidden * n;
        int zGate = hidden * TILE;
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < width; i += V) {
                int at = j * n + t0 + i;
                int zt = j * TILE + i;
                FloatVector ig = FloatVector.fromArray(S, gates, at);
                FloatVector fg = FloatVector.fromArray(S, gates, at + gate);
                FloatVector gg = FloatVector.fromArray(S, gates, at + 2 * gate);
                FloatVector og = FloatVector.fromArray(S, gates, at + 3 * gate);
                FloatVector tanhC = FloatVector.fromArray(S, tanhCs, at);
                FloatVector dh = FloatVector.fromArray(S, dhs, zt);
                FloatVector dc = dh.mul(og).mul(ONE.sub(tanhC.mul(tanhC))).add(FloatVector.fromArray(S, dcOut, at));
                dc.mul(fg).intoArray(dcIn, at);
                dc.mul(gg).mul(ig.mul(ONE.sub(ig))).intoArray(z, zt);
                dc.mul(FloatVector.fromArray(S, cPrevs, at)).mul(fg.mul(ONE.sub(fg))).intoArray(z, zt + zGate);
                dc.mul(ig).mul(ONE.sub(gg.mul(gg))).intoArray(z, zt + 2 * zGate);
                dh.mul(tanhC).mul(og.mul(ONE.sub(og))).intoArray(z, zt + 3 * zGate);
            }
        }
    }

    /** dL/db[r] += Σ_i dz[r][i] over the tile, into the lane sums from slot {@code at}. */
    private static void biasGradients(float[] dz, float[] lanes, int at, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < width; i += V) {
                sum = sum.add(FloatVector.fromArray(S, dz, r * TILE + i));
            }
            addToLaneSums(lanes, at + r, sum);
        }
    }

    /**
     * dL/dW[r][m] += Σ_i dz[r][i]·src[m][i] over the tile for r &lt; rows, m &lt; cols, into the lane sums
     * from slot {@code at} (row-major [rows × cols]). Register block: 2 rows × 4 columns.
     *
     * <p>{@code step} is always V, but as a parameter it keeps the coordinate loops from being counted
     * loops: C2 would otherwise unroll them fourfold, hoist the loads of all copies and spill the eight
     * accumulators (measured on JDK 17; see {@link #product}).
     */
    private static void weightGradients(float[] dz, float[] src, float[] lanes, int at, int rows, int cols,
                                        int width, int step) {
        for (int r = 0; r < rows; r += 2) {
            int da = r * TILE;
            int db = da + TILE;
            int m = 0;
            for (; m + 4 <= cols; m += 4) {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                FloatVector b0 = a0;
                FloatVector b1 = a0;
                FloatVector b2 = a0;
                FloatVector b3 = a0;
                int s = m * TILE;
                for (int i = 0; i < width; i += step) {
                    FloatVector d0 = FloatVector.fromArray(S, dz, da + i);
                    FloatVector d1 = FloatVector.fromArray(S, dz, db + i);
                    FloatVector x0 = FloatVector.fromArray(S, src, s + i);
                    a0 = d0.fma(x0, a0);
                    b0 = d1.fma(x0, b0);
                    FloatVector x1 = FloatVector.fromArray(S, src, s + TILE + i);
                    a1 = d0.fma(x1, a1);
                    b1 = d1.fma(x1, b1);
                    FloatVector x2 = FloatVector.fromArray(S, src, s + 2 * TILE + i);
                    a2 = d0.fma(x2, a2);
                    b2 = d1.fma(x2, b2);
                    FloatVector x3 = FloatVector.fromArray(S, src, s + 3 * TILE + i);
                    a3 = d0.fma(x3, a3);
                    b3 = d1.fma(x3, b3);
                }
                int p = at + r * cols + m;
                addToLaneSums(lanes, p, a0);
                addToLaneSums(lanes, p + 1, a1);
                addToLaneSums(lanes, p + 2, a2);
                addToLaneSums(lanes, p + 3, a3);
                addToLaneSums(lanes, p + cols, b0);
                addToLaneSums(lanes, p + cols + 1, b1);
                addToLaneSums(lanes, p + cols + 2, b2);
                addToLaneSums(lanes, p + cols + 3, b3);
            }
            for (; m < cols; m++) {
                FloatVector a = FloatVector.zero(S);
                FloatVector b = a;
                int s = m * TILE;
                for (int i = 0; i < width; i += step) {
                    FloatVector x = FloatVector.fromArray(S, src, s + i);
                    a = FloatVector.fromArray(S, dz, da + i).fma(x, a);
                    b = FloatVector.fromArray(S, dz, db + i).fma(x, b);
                }
                addToLaneSums(lanes, at + r * cols + m, a);
                addToLaneSums(lanes, at + (r + 1) * cols + m, b);
            }
        }
    }

    private static void addToLaneSums(float[] lanes, int slot, FloatVector partial) {
        int at = slot * V;
        FloatVector.fromArray(S, lanes, at).add(partial).intoArray(lanes, at);
    }

    /** Adds the lane sums into the float64 gradient (lanes in order) and zeroes them. */
    private void flush(float[] lanes, double[] dW) {
        int[] weight = laneWeight;
        for (int p = 0; p < weight.length; p++) {
            double sum = 0;
            for (int lane = p * V; lane < (p + 1) * V; lane++) {
                sum += lanes[lane];
                lanes[lane] = 0f;
            }
            dW[weight[p]] += sum;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Activations
    // ---------------------------------------------------------------------------------------------

    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final float SQRT2 = 1.41421356f;
    private static final float LN2_FLOAT = 0.693147181f;

    /**
     * Natural log of positive normal floats, to ~2 ulp. Not {@code lanewise(LOG)}: once C2 compiles that
     * it calls the JDK's vector math library, whose last bits differ from the interpreter's, so results
     * would depend on JIT state and the same seed would not give the same numbers. Here only exact IEEE
     * operations: x = m·2<sup>e</sup> with m in [√½, √2), log m = 2·atanh(s), s = (m − 1)/(m + 1),
     * |s| ≤ 0.172, by its series to s<sup>9</sup> (next term 4e-10).
     */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        FloatVector m = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
        FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(127).convert(VectorOperators.I2F, 0));
        VectorMask<Float> high = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), high);
        e = e.blend(e.add(1f), high);
        FloatVector s = m.sub(1f).div(m.add(1f));
        FloatVector s2 = s.mul(s);
        FloatVector series = s2.fma(1f / 9, 1f / 7);
        series = series.fma(s2, s2.broadcast(1f / 5));
        series = series.fma(s2, s2.broadcast(1f / 3));
        series = series.fma(s2, s2.broadcast(1f));
        return e.fma(e.broadcast(LN2_FLOAT), s.mul(series).mul(2f));
    }

    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(S, -1f);
    /** Beyond ±87, sigmoid is flat to float precision, and 2^k with |k| ≤ 126 keeps e^−z a float. */
    private static final float LIMIT = PlainLstmKernel.EXP_LIMIT;
    private static final FloatVector MINUS_LOG2E = FloatVector.broadcast(S, -1.44269504088896341f);
    /**
     * ln 2 rounded to float: its error (2e-9) times |k| shifts e^−z by up to 2.4e-7 relative where
     * |k| is large, but there sigmoid's slope e^−|z| is below 2^−|k|, so sigmoid moves by under 1e-9.
     */
    private static final FloatVector LN2 = FloatVector.broadcast(S, 0.693147180559945309f);
    /** 1.5·2^23: adding it rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits. */
    private static final FloatVector ROUND = FloatVector.broadcast(S, 12582912f);
    // Degree-5 minimax polynomial of e^r, |r| ≤ ln2/2, in powers of s = −r (odd coefficients negated).
    // C2 treats static final vectors as constants, array elements not.
    private static final FloatVector P0 = FloatVector.broadcast(S, 1.0000000716550449f);
    private static final FloatVector P1 = FloatVector.broadcast(S, -0.99999969199052767f);
    private static final FloatVector P2 = FloatVector.broadcast(S, 0.49998894847298482f);
    private static final FloatVector P3 = FloatVector.broadcast(S, -0.16667574730205804f);
    private static final FloatVector P4 = FloatVector.broadcast(S, 0.041915382449407329f);
    private static final FloatVector P5 = FloatVector.broadcast(S, -0.0082976551303447914f);

    /**
     * 1/(1 + e<sup>−z</sup>). The clamp is a compare and blend (not {@code min}/{@code max}, whose NaN and −0
     * rules cost C2 five instructions each); NaN stays NaN.
     */
    static FloatVector sigmoid(FloatVector z) {
        return ONE.div(expNegative(z).add(ONE));
    }

    /** e<sup>x</sup>, x clamped to ±{@value PlainLstmKernel#EXP_LIMIT} as the plain kernel's is. */
    static FloatVector exp(FloatVector x) {
        return expNegative(x.neg());
    }

    /** e<sup>−z</sup>, z clamped to ±{@value PlainLstmKernel#EXP_LIMIT}. */
    private static FloatVector expNegative(FloatVector z) {
        z = z.blend(LIMIT, z.compare(VectorOperators.GT, LIMIT)).blend(-LIMIT, z.compare(VectorOperators.LT, -LIMIT));
        FloatVector t = z.fma(MINUS_LOG2E, ROUND); // ROUND + k, k = round(−z·log2 e)
        FloatVector k = t.sub(ROUND);
        FloatVector s = k.fma(LN2, z); // s = z + k·ln 2 = −r
        FloatVector p = s.fma(P5, P4).fma(s, P3).fma(s, P2).fma(s, P1).fma(s, P0);
        // 2^k·p by adding k to p's exponent: t's bits are those of ROUND plus k, and ROUND's bits shifted
        // left by 23 vanish, so shifting t's bits left by 23 leaves k in the exponent field.
        Vector<Integer> scaled = p.viewAsIntegralLanes().add(t.viewAsIntegralLanes().lanewise(VectorOperators.LSHL, 23));
        return (FloatVector) scaled.viewAsFloatingLanes();
    }

    /** tanh z = 2·sigmoid(2z) − 1. */
    static FloatVector tanh(FloatVector z) {
        return sigmoid(z.add(z)).fma(TWO, MINUS_ONE);
    }
}
