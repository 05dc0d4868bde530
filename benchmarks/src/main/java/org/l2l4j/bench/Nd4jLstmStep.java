package org.l2l4j.bench;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.Preprocessing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The same optimizer step, forward only, written with ND4J operations as a tuned ND4J user would: the
 * {@code nd4j-ops} baseline of {@code step_fwd}. Everything is float32 and unit-major ([rows × n],
 * c-order, like our kernel's state), every array is allocated once, and every operation works in place
 * or into a preallocated view.
 *
 * <p>Per layer l the input and the previous h are stacked in one matrix X<sub>l</sub> [(in<sub>l</sub> + H) × n],
 * so the gates are one gemm Z = [W<sub>x</sub> | W<sub>h</sub>] X<sub>l</sub> [4H × n], plus the bias;
 * sigmoid and tanh run in place on row blocks of Z. The new h is written straight into the rows of
 * next step's X<sub>l</sub> that hold the recurrent input (two X per layer alternate), and copied into the
 * input rows of X<sub>l+1</sub>. The output is a [1 × H] by [H × n] gemm.
 *
 * <p>Preprocessing with the identities (exact for float32 up to rounding)
 * log|g|/p if |g| ≥ e<sup>−p</sup>, else −1  =  log(max(|g|, e<sup>−p</sup>))/p, and
 * sign g if |g| ≥ e<sup>−p</sup>, else e<sup>p</sup>g  =  clip(e<sup>p</sup>g, −1, 1), so it needs no masks.
 */
final class Nd4jLstmStep implements BenchCase {

    private final Workload workload;
    private final int layers;
    private final INDArray gradient;
    private final INDArray[] gateWeights;
    private final INDArray[] biases;
    private final INDArray outputWeights;
    private final float outputBias;
    /** x[l][parity]: [in_l + H, n]; rows [0, in_l) the layer's input, rows [in_l, in_l + H) its previous h. */
    private final INDArray[][] x;
    private final INDArray[][] recurrentRows;
    private final INDArray[][] cells;
    /** inputRows[l][parity]: rows [0, in_l) of x[l][parity]. */
    private final INDArray[][] inputRows;
    /** featureRows[parity]: the two preprocessed input rows of x[0][parity]. */
    private final INDArray[][] featureRows;
    private final INDArray z;
    private final INDArray sigmoidIf;
    private final INDArray inputGate;
    private final INDArray forgetGate;
    private final INDArray cellGate;
    private final INDArray outputGate;
    private final INDArray scratch;
    private final INDArray update;
    private final float threshold;
    private final float inverseP;
    private final float expP;
    private int parity;

    Nd4jLstmStep(LstmWeights weights, float[] gradient, int n, String threads) {
        LstmConfig config = weights.config();
        Preprocessing pre = config.preprocessing();
        if (pre.kind() != Preprocessing.Kind.LOG_SIGN || pre.clamp() != 0) {
            throw new IllegalArgumentException("the nd4j-ops step implements log/sign preprocessing without clamp, got " + pre);
        }
        int hidden = config.hidden();
        this.layers = config.layers();
        this.workload = new Workload("step_fwd", "nd4j-ops", n, 1, n * LstmFlops.forward(config), threads);
        this.gradient = Nd4j.create(gradient, new long[] {1, n}, DataType.FLOAT);
        this.threshold = (float) Math.exp(-pre.p());
        this.inverseP = (float) (1 / pre.p());
        this.expP = (float) Math.exp(pre.p());

        float[] v = weights.values();
        gateWeights = new INDArray[layers];
        biases = new INDArray[layers];
        x = new INDArray[layers][2];
        recurrentRows = new INDArray[layers][2];
        cells = new INDArray[layers][2];
        inputRows = new INDArray[layers][2];
        for (int l = 0; l < layers; l++) {
            int inputs = config.inputs(l);
            float[] stacked = new float[4 * hidden * (inputs + hidden)];
            for (int r = 0; r < 4 * hidden; r++) {
                System.arraycopy(v, weights.inputWeightOffset(l) + r * inputs, stacked, r * (inputs + hidden), inputs);
                System.arraycopy(v, weights.recurrentWeightOffset(l) + r * hidden, stacked,
                        r * (inputs + hidden) + inputs, hidden);
            }
            gateWeights[l] = Nd4j.create(stacked, new long[] {4L * hidden, inputs + hidden}, 'c');
            float[] b = new float[4 * hidden];
            System.arraycopy(v, weights.biasOffset(l), b, 0, b.length);
            biases[l] = Nd4j.create(b, new long[] {4L * hidden, 1}, 'c');
            for (int p = 0; p < 2; p++) {
                x[l][p] = Nd4j.zeros(DataType.FLOAT, inputs + hidden, n);
                inputRows[l][p] = x[l][p].get(interval(0, inputs), all());
                recurrentRows[l][p] = x[l][p].get(interval(inputs, inputs + hidden), all());
                cells[l][p] = Nd4j.zeros(DataType.FLOAT, hidden, n);
            }
        }
        float scale = (float) config.outputScale();
        float[] wOut = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            wOut[j] = scale * v[weights.outputWeightOffset() + j];
        }
        outputWeights = Nd4j.create(wOut, new long[] {1, hidden}, 'c');
        outputBias = scale * v[weights.outputWeightOffset() + hidden];

        z = Nd4j.zeros(DataType.FLOAT, 4L * hidden, n);
        sigmoidIf = z.get(interval(0, 2 * hidden), all());
        inputGate = z.get(interval(0, hidden), all());
        forgetGate = z.get(interval(hidden, 2 * hidden), all());
        cellGate = z.get(interval(2 * hidden, 3 * hidden), all());
        outputGate = z.get(interval(3 * hidden, 4 * hidden), all());
        scratch = Nd4j.zeros(DataType.FLOAT, hidden, n);
        update = Nd4j.zeros(DataType.FLOAT, 1, n);
        featureRows = new INDArray[2][];
        for (int p = 0; p < 2; p++) {
            featureRows[p] = new INDArray[] {x[0][p].getRow(0, true), x[0][p].getRow(1, true)};
        }
    }

    @Override
    public Workload workload() {
        return workload;
    }

    /** Sets h and c of layer {@code layer} for the next step, unit-major [H × n] (for tests). */
    void setState(int layer, float[] h, float[] c) {
        recurrentRows[layer][parity].assign(Nd4j.create(h, recurrentRows[layer][parity].shape(), 'c'));
        cells[layer][parity].assign(Nd4j.create(c, cells[layer][parity].shape(), 'c'));
    }

    /** The update the last step wrote (for tests). */
    float[] update() {
        return update.toFloatVector();
    }

    /** h of layer {@code layer} after the last step (for tests). */
    float[] h(int layer) {
        return recurrentRows[layer][parity].dup('c').data().asFloat();
    }

    @Override
    public void run() {
        int cur = parity;
        int next = 1 - parity;
        INDArray g0 = featureRows[cur][0];
        INDArray g1 = featureRows[cur][1];
        Nd4j.exec(new Abs(gradient, g0));
        Transforms.max(g0, threshold, false);
        Transforms.log(g0, false);
        g0.muli(inverseP);
        gradient.mul(expP, g1);
        Transforms.max(g1, -1, false);
        Transforms.min(g1, 1, false);

        for (int l = 0; l < layers; l++) {
            Nd4j.gemm(gateWeights[l], x[l][cur], z, false, false, 1.0, 0.0);
            z.addiColumnVector(biases[l]);
            Transforms.sigmoid(sigmoidIf, false);
            Transforms.tanh(cellGate, false);
            Transforms.sigmoid(outputGate, false);
            INDArray cNext = cells[l][next];
            forgetGate.mul(cells[l][cur], cNext);
            inputGate.mul(cellGate, scratch);
            cNext.addi(scratch);
            Nd4j.exec(new Tanh(cNext, scratch));
            INDArray hNext = recurrentRows[l][next];
            outputGate.mul(scratch, hNext);
            if (l + 1 < layers) {
                inputRows[l + 1][cur].assign(hNext);
            }
        }
        Nd4j.gemm(outputWeights, recurrentRows[layers - 1][next], update, false, false, 1.0, 0.0);
        update.addi(outputBias);
        parity = next;
    }

    @Override
    public void close() {
        for (int l = 0; l < layers; l++) {
            gateWeights[l].close();
            biases[l].close();
        }
        outputWeights.close();
        for (INDArray[] pair : x) {
            for (INDArray a : pair) {
                a.close();
            }
        }
        for (INDArray[] pair : cells) {
            for (INDArray a : pair) {
                a.close();
            }
        }
        z.close();
        scratch.close();
        update.close();
        gradient.close();
    }
}
