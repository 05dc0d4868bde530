package org.l2l4j.optimizee;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.Problem;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small conv net on image data: {@code layers} times a {@code kernel} × {@code kernel} convolution of
 * {@code channels} output channels (stride 1, padded to keep the size) with {@code activation}, then
 * 2 × 2 max pooling (stride 2); then a dense softmax layer over the data's classes, cross-entropy on
 * minibatches of {@code batch} examples drawn uniformly with replacement from the training split.
 *
 * <p>θ<sub>0</sub> comes from DL4J's own initialisers (Xavier weights, zero biases) with the task seed as
 * the configuration's seed; the minibatches from a {@link Random} seeded with it. The network is float32
 * and takes the images flat, as [batch, channels · height · width].
 *
 * <p>Spec: {@code cnn[:channels=8,kernel=5,layers=2,activation=relu,batch=128,data=PATH,test=PATH]}, keys
 * left out when they have their default; MNIST (the embedded mnist-10k) by default.
 */
public record CnnProblem(TrainTestData data, int channels, int kernel, int layers, HiddenActivation activation,
        int batch) implements Problem {

    public static final int DEFAULT_CHANNELS = 8;
    public static final int DEFAULT_KERNEL = 5;
    public static final int DEFAULT_LAYERS = 2;
    public static final HiddenActivation DEFAULT_ACTIVATION = HiddenActivation.RELU;
    public static final int DEFAULT_BATCH = 128;

    public CnnProblem {
        if (data == null || activation == null) {
            throw new IllegalArgumentException("cnn needs data and an activation");
        }
        if (data.train().imageShape().isEmpty()) {
            throw new IllegalArgumentException("cnn needs images (an IDX directory or class folders), but "
                    + data.source() + " holds rows of " + data.train().featuresPerExample() + " features");
        }
        for (int value : new int[] {channels, kernel, layers, batch}) {
            if (value < 1) {
                throw new IllegalArgumentException("cnn channels, kernel, layers and batch must be >= 1, got "
                        + channels + ", " + kernel + ", " + layers + ", " + batch);
            }
        }
    }

    /** The default net, on {@code data}. */
    public CnnProblem(TrainTestData data) {
        this(data, DEFAULT_CHANNELS, DEFAULT_KERNEL, DEFAULT_LAYERS, DEFAULT_ACTIVATION, DEFAULT_BATCH);
    }

    @Override
    public String spec() {
        Map<String, Object> options = new LinkedHashMap<>();
        putIfChanged(options, Problems.CHANNELS, channels, DEFAULT_CHANNELS);
        putIfChanged(options, Problems.KERNEL, kernel, DEFAULT_KERNEL);
        putIfChanged(options, Problems.LAYERS, layers, DEFAULT_LAYERS);
        if (activation != DEFAULT_ACTIVATION) {
            options.put(Problems.ACTIVATION, activation.specName());
        }
        putIfChanged(options, Problems.BATCH, batch, DEFAULT_BATCH);
        data.putSpecOptions(options);
        return Spec.format(Problems.CNN, options);
    }

    private static void putIfChanged(Map<String, Object> options, String key, int value, int fallback) {
        if (value != fallback) {
            options.put(key, value);
        }
    }

    @Override
    public NetworkOptimizee sample(long seed) {
        return sample(seed, DataType.FLOAT);
    }

    /**
     * The instance for {@code seed} with a network of {@code dataType}: float64 is for gradient checks. θ<sub>0</sub>
     * and the minibatches are those of {@link #sample(long)}, θ<sub>0</sub> widened from float32.
     */
    public NetworkOptimizee sample(long seed, DataType dataType) {
        MultiLayerNetwork initial = new MultiLayerNetwork(configuration(seed, DataType.FLOAT));
        initial.init();
        float[] theta0 = initial.params().toFloatVector();
        MultiLayerNetwork network = initial;
        if (dataType != DataType.FLOAT) {
            network = new MultiLayerNetwork(configuration(seed, dataType));
            network.init(initial.params().castTo(dataType), true);
        }
        return new NetworkOptimizee(new Dl4jNetwork.Sequential(network), true,
                new ReplacementSampler(data.train(), batch, new Random(seed)), data.train().sharedDataSet(),
                data.test().sharedDataSet(), theta0);
    }

    /** The network of {@code seed} (its initialisers' seed): no regularization, updater NoOp. */
    public MultiLayerConfiguration configuration(long seed, DataType dataType) {
        return configuration(seed, dataType, new NoOp()); // never used: the optimizer under test makes the updates
    }

    /** The network of {@code seed} trained by DL4J's {@code fit} with {@code updater}: no regularization. */
    public MultiLayerConfiguration configuration(long seed, DataType dataType, IUpdater updater) {
        ImageShape shape = data.train().imageShape().orElseThrow();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        for (int layer = 0; layer < layers; layer++) {
            list.layer(new ConvolutionLayer.Builder(kernel, kernel).nOut(channels).activation(activation.dl4j()).build());
            list.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(data.classes()).activation(Activation.SOFTMAX).build());
        list.setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels()));
        return list.build();
    }
}
