package org.l2l4j.optimizee;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * 1-D, depthwise and separable convolutions use the helper differently), and only layers with no helper yet.
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
        if (model instanceof MultiLayerNetwork network) {
            return install(network.getLayers());
        }
        if (model instanceof ComputationGraph graph) {
            return install(graph.getLayers());
        }
        throw new IllegalArgumentException("not a DL4J network: " + model.getClass().getName());
    }

    static int install(Layer[] layers) {
        if (!AVAILABLE || layers == null) {
            return 0;
        }
        int installed = 0;
        for (Layer layer : layers) {
            if (layer.getClass() == ConvolutionLayer.class && layer.getHelper() == null
                    && layer.params().dataType() == DataType.FLOAT) {
                set(layer, new MKLDNNConvHelper(DataType.FLOAT));
                installed++;
            }
        }
        return installed;
    }

    private static void set(Layer layer, MKLDNNConvHelper helper) {
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
