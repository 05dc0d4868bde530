package org.l2l4j.optimizee;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The helper of a float32 convolution layer whose gradient with respect to its input nobody reads: a
 * network's first layer, trained through {@code computeGradientAndScore()} or {@code fit()}, which drop that
 * gradient. The forward is oneDNN's ({@link MKLDNNConvHelper}); the backward computes only the weight and
 * bias gradients ({@link ConvolutionWeightGradient}) and skips the input gradient, which with oneDNN costs
 * more than the rest of the layer's backward (docs/performance.md).
 *
 * <p>The input gradient it returns is an array of the input's shape filled with NaN, so that a caller who does
 * read it ({@code MultiLayerNetwork.calculateGradients}, {@code backpropGradient}, and their graph
 * counterparts) sees that it was not computed: install it only where none of those run
 * ({@link OneDnnConvolutions#installWithoutInputGradient}).
 */
final class NoInputGradientConvHelper implements ConvolutionHelper {

    private final MKLDNNConvHelper oneDnn = new MKLDNNConvHelper(DataType.FLOAT);
    private final ConvolutionWeightGradient weightGradient = new ConvolutionWeightGradient();

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
            int[] pad, AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
            CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        return oneDnn.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                format, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return oneDnn.activate(z, afn, training);
    }

    /**
     * {@code input} and {@code delta} (dL/dz) are NCHW ({@link OneDnnConvolutions} installs it on such layers
     * only); in 'Same' mode the top-left padding follows from their sizes, as in oneDNN's helper. Float64 goes
     * to oneDNN's helper, which declines it, so DL4J's own backward runs.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
            int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn,
            AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
            int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (input.dataType() != DataType.FLOAT || delta.dataType() != DataType.FLOAT) {
            return oneDnn.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                    workspaceMgr);
        }
        if (format != CNN2DFormat.NCHW) {
            throw new IllegalStateException("installed on an NCHW layer only, got " + format);
        }
        int[] padding = convolutionMode == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) delta.size(2), (int) delta.size(3)},
                        new int[] {(int) input.size(2), (int) input.size(3)}, kernel, strides, dilation)
                : pad;
        weightGradient.compute(input, delta, kernel, strides, padding, dilation, weightGradView, biasGradView);
        Gradient gradient = new DefaultGradient();
        if (biasGradView != null) {
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        INDArray notComputed = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape());
        notComputed.assign(Double.NaN);
        return new Pair<>(gradient, notComputed);
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }
}
