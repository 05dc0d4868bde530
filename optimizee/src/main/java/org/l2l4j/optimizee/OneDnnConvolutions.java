package org.l2l4j.optimizee;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.VectorApi;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs DL4J's 2-D convolution layers on oneDNN, through the helper DL4J ships for it, when the loaded ND4J
 * native library was built with oneDNN (the {@code linux-x86_64-onednn} build this project runs on).
 *
 * <p>DL4J 1.0.0-M2.1 never enables that helper by itself: layer helpers are off unless the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false}, and even then its availability check
 * looks the native environment up under a class name that M2.1 no longer has, so it always answers no. The
 * layer's own path (im2col, a permuted copy and a gemm with as few columns as the layer has channels, driven
 * from Java) is several times slower (docs/performance.md). The helper calls libnd4j's {@code conv2d} and
 * {@code conv2d_bp} ops, the same convolution; only the order of the floating-point sums differs.
 *
 * <p>Only float32 plain convolution layers get it (oneDNN has no float64 convolution; the subclasses for
 * 1-D, depthwise and separable convolutions use the helper differently), and only layers with no helper yet,
 * in NCHW format and without dilation: with NHWC the gradient the helper passes back to the layers before it
 * is wrong, and oneDNN rejects the dilated convolutions M2.1 hands it (DL4J then falls back to its own path
 * with a warning).
 *
 * <p>{@link #installWithoutInputGradient} gives the layers that read the network's inputs a helper whose
 * backward skips the gradient with respect to those inputs ({@link NoInputGradientConvHelper}), for
 * networks that are only trained, never asked for that gradient.
 */
public final class OneDnnConvolutions {

    private static final boolean AVAILABLE = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo()
            .contains("HAVE_ONEDNN");
    private static final Field HELPER = helperField();

    private OneDnnConvolutions() {}

    /** Whether the loaded ND4J native library has oneDNN, so that {@link #install} does anything. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Gives every eligible convolution layer of {@code model} (initialised) the oneDNN helper; the count. */
    public static int install(Model model) {
        return install(layers(model), Set.of());
    }

    /**
     * As {@link #install}, except that the eligible layers fed directly by the network's inputs (a
     * {@code MultiLayerNetwork}'s layer 0, a {@code ComputationGraph}'s layers whose inputs are all network
     * inputs) get {@link NoInputGradientConvHelper}, which does not compute the gradient with respect to those
     * inputs (when the Vector API is enabled; else they get the oneDNN one too). Only for a network that
     * nothing asks for that gradient: {@code computeGradientAndScore()} and {@code fit()} drop it, but
     * {@code calculateGradients} and {@code backpropGradient} would return NaN for it.
     */
    public static int installWithoutInputGradient(Model model) {
        return install(layers(model), VectorApi.present() ? inputLayers(model) : Set.of());
    }

    private static int install(Layer[] layers, Set<Layer> inputLayers) {
        if (!AVAILABLE || layers == null) {
            return 0;
        }
        int installed = 0;
        for (Layer layer : layers) {
            if (eligible(layer)) {
                set(layer, inputLayers.contains(layer) ? new NoInputGradientConvHelper()
                        : new MKLDNNConvHelper(DataType.FLOAT));
                installed++;
            }
        }
        return installed;
    }

    private static boolean eligible(Layer layer) {
        if (layer.getClass() != ConvolutionLayer.class || layer.getHelper() != null
                || layer.params().dataType() != DataType.FLOAT) {
            return false;
        }
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer config =
                (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        return config.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && Arrays.stream(config.getDilation()).allMatch(d -> d == 1);
    }

    private static Layer[] layers(Model model) {
        if (model instanceof MultiLayerNetwork network) {
            return network.getLayers();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getLayers();
        }
        throw new IllegalArgumentException("not a DL4J network: " + model.getClass().getName());
    }

    /** The layers whose inputs are all the network's inputs (by identity). */
    private static Set<Layer> inputLayers(Model model) {
        Set<Layer> inputLayers = Collections.newSetFromMap(new IdentityHashMap<>());
        if (model instanceof MultiLayerNetwork network && network.getnLayers() > 0) {
            inputLayers.add(network.getLayer(0));
        } else if (model instanceof ComputationGraph graph) {
            GraphVertex[] vertices = graph.getVertices();
            for (GraphVertex vertex : vertices) {
                VertexIndices[] inputs = vertex.getInputVertices();
                if (vertex.hasLayer() && inputs != null && inputs.length > 0
                        && Arrays.stream(inputs).allMatch(input -> vertices[input.getVertexIndex()].isInputVertex())) {
                    inputLayers.add(vertex.getLayer());
                }
            }
        }
        return inputLayers;
    }

    private static void set(Layer layer, ConvolutionHelper helper) {
        try {
            HELPER.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set DL4J's convolution helper", e);
        }
    }

    private static Field helperField() {
        try {
            Field field = ConvolutionLayer.class.getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's ConvolutionLayer has no helper field: another DL4J version?", e);
        }
    }
}
