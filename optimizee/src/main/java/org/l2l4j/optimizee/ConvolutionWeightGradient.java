package org.l2l4j.optimizee;

import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weight and bias gradients of a float32 2-D convolution, and nothing else: for input x [batch, in, h, w]
 * and dL/dz [batch, out, oh, ow] (NCHW),
 * <pre>
 *   dL/dW[o][c][u][v] = Σ<sub>n, y, x'</sub> dL/dz[n][o][y][x'] · x[n][c][y·sh + u·dh − ph][x'·sw + v·dw − pw]
 *   dL/db[o]          = Σ<sub>n, y, x'</sub> dL/dz[n][o][y][x']
 * </pre>
 * (x read as 0 outside the image), on the Java Vector API, with the output columns x' in the SIMD lanes.
 *
 * <p>Both arrays are copied into heap buffers first: dL/dz with its rows padded to whole vectors (the padding
 * stays 0), x with its rows shifted right by the left padding and split into {@code sw} phases (column
 * {@code x'·sw + v·dw} of the padded row is entry {@code x' + ⌊v·dw / sw⌋} of phase {@code v·dw mod sw}), so
 * that for every kernel column the x values under a vector of output columns are one contiguous load, for any
 * stride and dilation. Rows above and below the image are skipped. Per image, kernel row and column and
 * vector of output columns, four output channels share each x load and sum over the output rows in registers
 * into per-lane float sums, which are added into float64 sums every {@link #FLUSH_IMAGES} images.
 *
 * <p>Not thread-safe: one instance per layer; it keeps its buffers between calls.
 */
final class ConvolutionWeightGradient {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels that share one load of x. */
    private static final int BLOCK = 4;
    /** Images between flushes of the per-lane float sums into the float64 ones. */
    private static final int FLUSH_IMAGES = 8;

    /** The buffers' layout: batch, in, h, out, oh, output row length in the buffer, image row phases. */
    private record Layout(int batch, int in, int h, int w, int out, int oh, int ow, int kh, int kw, int sw, int pw,
            int dw) {

        int paddedOw() {
            return (ow + L - 1) / L * L;
        }

        /** Entries of one phase of an image row: every load of {@link #paddedOw()} columns fits. */
        int phaseLength() {
            return paddedOw() + (kw - 1) * dw / sw;
        }

        int imageRow() {
            return sw * phaseLength();
        }
    }

    private Layout layout;
    private float[] image = new float[0];
    private float[] delta = new float[0];
    private float[] row = new float[0];
    /** Per weight, then per bias: L per-lane float sums, and their float64 totals. */
    private float[] lanes = new float[0];
    private double[] sums = new double[0];
    /** Detached float32 arrays the results are written into, then assigned to the gradient views. */
    private INDArray weightStage;
    private INDArray biasStage;

    /**
     * Writes dL/dW into {@code weightGradient} [out, in, kh, kw] and, unless null, dL/db into
     * {@code biasGradient} [out] (or [1, out]).
     *
     * @param padding  top and left zero padding (DL4J's top-left padding in its 'Same' mode)
     */
    void compute(INDArray input, INDArray dz, int[] kernel, int[] strides, int[] padding, int[] dilation,
            INDArray weightGradient, INDArray biasGradient) {
        if (input.dataType() != DataType.FLOAT || dz.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("float32 only, got " + input.dataType() + " and " + dz.dataType());
        }
        Layout shape = new Layout((int) input.size(0), (int) input.size(1), (int) input.size(2),
                (int) input.size(3), (int) dz.size(1), (int) dz.size(2), (int) dz.size(3), kernel[0], kernel[1],
                strides[1], padding[1], dilation[1]);
        prepare(shape);
        readImage(input, shape);
        readDelta(dz, shape);
        Arrays.fill(sums, 0);
        for (int first = 0; first < shape.batch(); first += FLUSH_IMAGES) {
            Arrays.fill(lanes, 0);
            for (int n = first; n < Math.min(shape.batch(), first + FLUSH_IMAGES); n++) {
                accumulateBias(shape, n);
                accumulateWeights(shape, n, strides[0], padding[0], dilation[0]);
            }
            flush();
        }
        write(weightGradient, biasGradient, shape);
    }

    private void prepare(Layout shape) {
        if (shape.equals(layout)) {
            return; // same layout: the padding entries of the buffers are still 0
        }
        layout = shape;
        int ow = shape.paddedOw();
        image = new float[shape.batch() * shape.in() * shape.h() * shape.imageRow()];
        delta = new float[shape.batch() * shape.out() * shape.oh() * ow];
        row = new float[Math.max(shape.w(), shape.ow())];
        int weights = shape.out() * shape.in() * shape.kh() * shape.kw();
        lanes = new float[(weights + shape.out()) * L];
        sums = new double[weights + shape.out()];
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            weightStage = Nd4j.create(DataType.FLOAT, shape.out(), shape.in(), shape.kh(), shape.kw());
            biasStage = Nd4j.create(DataType.FLOAT, shape.out());
        }
    }

    /** x's rows into {@link #image}: shifted right by the left padding, split into the stride's phases. */
    private void readImage(INDArray input, Layout shape) {
        INDArray x = contiguous(input);
        FloatBuffer memory = x.data().asNioFloat();
        int w = shape.w();
        int sw = shape.sw();
        int phase = shape.phaseLength();
        int rows = shape.batch() * shape.in() * shape.h();
        for (int r = 0; r < rows; r++) {
            memory.get((int) x.offset() + r * w, row, 0, w);
            int at = r * shape.imageRow();
            for (int c = 0; c < w; c++) {
                int column = c + shape.pw();
                int entry = column / sw;
                if (entry < phase) { // columns further right are under no output column
                    image[at + column % sw * phase + entry] = row[c];
                }
            }
        }
    }

    /** dL/dz's rows into {@link #delta}, each padded to whole vectors. */
    private void readDelta(INDArray dz, Layout shape) {
        INDArray d = contiguous(dz);
        FloatBuffer memory = d.data().asNioFloat();
        int ow = shape.ow();
        int rows = shape.batch() * shape.out() * shape.oh();
        for (int r = 0; r < rows; r++) {
            memory.get((int) d.offset() + r * ow, delta, r * shape.paddedOw(), ow);
        }
    }

    private static INDArray contiguous(INDArray array) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array) ? array : array.dup('c');
    }

    private void accumulateBias(Layout shape, int n) {
        int ow = shape.paddedOw();
        int biasLanes = shape.out() * shape.in() * shape.kh() * shape.kw() * L;
        for (int o = 0; o < shape.out(); o++) {
            FloatVector sum = FloatVector.fromArray(S, lanes, biasLanes + o * L);
            int at = (n * shape.out() + o) * shape.oh() * ow;
            for (int i = 0; i < shape.oh() * ow; i += L) {
                sum = sum.add(FloatVector.fromArray(S, delta, at + i));
            }
            sum.intoArray(lanes, biasLanes + o * L);
        }
    }

    private void accumulateWeights(Layout shape, int n, int sh, int ph, int dh) {
        int ow = shape.paddedOw();
        int deltaChannel = shape.oh() * ow;
        int deltaImage = n * shape.out() * deltaChannel;
        for (int c = 0; c < shape.in(); c++) {
            int imageChannel = (n * shape.in() + c) * shape.h() * shape.imageRow();
            for (int u = 0; u < shape.kh(); u++) {
                // output rows y whose input row y·sh + u·dh − ph is inside the image
                int top = ph - u * dh;
                int yFrom = Math.max(0, -Math.floorDiv(-top, sh));
                int yTo = Math.min(shape.oh(), Math.floorDiv(shape.h() - 1 + top, sh) + 1);
                if (yFrom >= yTo) {
                    continue;
                }
                int firstRow = imageChannel + (yFrom * sh - top) * shape.imageRow();
                int rowStep = sh * shape.imageRow();
                for (int v = 0; v < shape.kw(); v++) {
                    int shift = v * shape.dw();
                    int imageAt = firstRow + shift % shape.sw() * shape.phaseLength() + shift / shape.sw();
                    int weight = (c * shape.kh() + u) * shape.kw() + v;
                    int weightStep = shape.in() * shape.kh() * shape.kw();
                    for (int j = 0; j < ow; j += L) {
                        int o = 0;
                        for (; o + BLOCK <= shape.out(); o += BLOCK) {
                            block(imageAt + j, rowStep, deltaImage + o * deltaChannel + yFrom * ow + j, deltaChannel,
                                    ow, yTo - yFrom, (o * weightStep + weight) * L, weightStep * L);
                        }
                        for (; o < shape.out(); o++) {
                            single(imageAt + j, rowStep, deltaImage + o * deltaChannel + yFrom * ow + j, ow,
                                    yTo - yFrom, (o * weightStep + weight) * L);
                        }
                    }
                }
            }
        }
    }

    /** Four output channels: lanes[at + k·laneStep] += Σ over rows of delta[d + k·channel] · image[x]. */
    private void block(int x, int rowStep, int d, int channel, int ow, int rows, int at, int laneStep) {
        FloatVector s0 = FloatVector.fromArray(S, lanes, at);
        FloatVector s1 = FloatVector.fromArray(S, lanes, at + laneStep);
        FloatVector s2 = FloatVector.fromArray(S, lanes, at + 2 * laneStep);
        FloatVector s3 = FloatVector.fromArray(S, lanes, at + 3 * laneStep);
        for (int y = 0; y < rows; y++, x += rowStep, d += ow) {
            FloatVector in = FloatVector.fromArray(S, image, x);
            s0 = FloatVector.fromArray(S, delta, d).fma(in, s0);
            s1 = FloatVector.fromArray(S, delta, d + channel).fma(in, s1);
            s2 = FloatVector.fromArray(S, delta, d + 2 * channel).fma(in, s2);
            s3 = FloatVector.fromArray(S, delta, d + 3 * channel).fma(in, s3);
        }
        s0.intoArray(lanes, at);
        s1.intoArray(lanes, at + laneStep);
        s2.intoArray(lanes, at + 2 * laneStep);
        s3.intoArray(lanes, at + 3 * laneStep);
    }

    private void single(int x, int rowStep, int d, int ow, int rows, int at) {
        FloatVector s = FloatVector.fromArray(S, lanes, at);
        for (int y = 0; y < rows; y++, x += rowStep, d += ow) {
            s = FloatVector.fromArray(S, delta, d).fma(FloatVector.fromArray(S, image, x), s);
        }
        s.intoArray(lanes, at);
    }

    private void flush() {
        for (int i = 0; i < sums.length; i++) {
            float sum = 0;
            for (int lane = 0; lane < L; lane++) {
                sum += lanes[i * L + lane];
            }
            sums[i] += sum;
        }
    }

    private void write(INDArray weightGradient, INDArray biasGradient, Layout shape) {
        int weights = shape.out() * shape.in() * shape.kh() * shape.kw();
        FloatBuffer w = weightStage.data().asNioFloat();
        for (int i = 0; i < weights; i++) {
            w.put(i, (float) sums[i]);
        }
        weightGradient.assign(weightStage);
        if (biasGradient != null) {
            FloatBuffer b = biasStage.data().asNioFloat();
            for (int o = 0; o < shape.out(); o++) {
                b.put(o, (float) sums[weights + o]);
            }
            biasGradient.assign(biasStage.reshape(biasGradient.shape()));
        }
    }
}
