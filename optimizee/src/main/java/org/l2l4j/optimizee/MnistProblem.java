package org.l2l4j.optimizee;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.HeapBudget;
import org.l2l4j.core.Problem;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The paper's MNIST experiment (Andrychowicz et al. 2016, §3.2): an MLP with {@code layers} hidden
 * layers of {@code hidden} units (784-20-10, sigmoid, by default; the input and output sizes are the
 * data's features and classes, so any {@link TrainTestData} works), softmax output and cross-entropy
 * averaged over a minibatch of {@code batch} images drawn uniformly with replacement from the
 * training split at every call. All parameters, weights and biases, start N(0, 0.01²); θ<sub>0</sub>
 * and the minibatch sequence come from the instance's seed. No regularization, no dropout.
 *
 * <p>The network is a float32 DL4J {@link MultiLayerNetwork} built once per instance and driven
 * through {@link NetworkOptimizee}, so θ is in DL4J's {@code params()} order: per layer W
 * (nIn × nOut, column-major) then b. The PyTorch peer stores W row-major; for an i.i.d. θ<sub>0</sub>
 * and a coordinate-wise optimizer the order makes no difference.
 *
 * <p>Spec: {@code mnist[:hidden=H,layers=L,activation=sigmoid|relu|tanh,batch=B,data=PATH,test=PATH]},
 * keys left out when they have their default; {@code data} is left out for the embedded mnist-10k.
 */
public record MnistProblem(TrainTestData data, int hidden, int layers, HiddenActivation activation, int batch)
        implements Problem {

    public static final int DEFAULT_HIDDEN = 20;
    public static final int DEFAULT_LAYERS = 1;
    public static final HiddenActivation DEFAULT_ACTIVATION = HiddenActivation.SIGMOID;
    public static final int DEFAULT_BATCH = 128;
    static final double INIT_STD = 0.01;
    /** θ₀, DL4J's parameters and gradient, a run's θ, gradient and update, and an optimizer's state: float32 each. */
    static final int BYTES_PER_PARAMETER = 8 * Float.BYTES;
    /**
     * What DL4J keeps per layer besides its parameters: configuration, layer object and views, an estimate.
     * The minibatch's activations, pre-activations and their gradients (16 bytes per unit and image) come on top.
     */
    static final int BYTES_PER_LAYER = 16 * 1024;

    public MnistProblem {
        if (data == null || activation == null) {
            throw new IllegalArgumentException("mnist needs data and an activation");
        }
        requireAtLeastOne("hidden", hidden);
        requireAtLeastOne("layers", layers);
        requireAtLeastOne("batch", batch);
        double n = parameterCount(data.train().featuresPerExample(), hidden, layers, data.classes());
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("mnist hidden=" + hidden + ", layers=" + layers + " has "
                    + String.format(Locale.ROOT, "%.3g", n) + " parameters, more than one Java array can hold");
        }
        double bytes = (double) n * BYTES_PER_PARAMETER + (double) layers * (BYTES_PER_LAYER + 16.0 * batch * hidden);
        if (!HeapBudget.fits(bytes)) {
            throw new IllegalArgumentException(HeapBudget.tooLarge(bytes, "mnist hidden=" + hidden + ", layers=" + layers
                    + ", batch=" + batch + " (" + (long) n + " parameters)"));
        }
    }

    /** The paper's setting, 784-20-10 sigmoid with minibatches of 128, on {@code data}. */
    public MnistProblem(TrainTestData data) {
        this(data, DEFAULT_HIDDEN, DEFAULT_LAYERS, DEFAULT_ACTIVATION, DEFAULT_BATCH);
    }

    private static void requireAtLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("mnist " + key + " must be >= 1, got " + value);
        }
    }

    /** Number of parameters n: 15,910 for 784-20-10. */
    public int parameterCount() {
        return (int) parameterCount(data.train().featuresPerExample(), hidden, layers, data.classes());
    }

    /**
     * Weights and biases of inputs → hidden → ... → hidden → classes, in closed form and as a double, so that
     * absurd sizes neither overflow nor loop for long.
     */
    private static double parameterCount(int inputs, int hidden, int layers, int classes) {
        double h = hidden;
        return inputs * h + h + (layers - 1.0) * (h * h + h) + h * classes + classes;
    }

    @Override
    public String spec() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (hidden != DEFAULT_HIDDEN) {
            options.put(Problems.HIDDEN, hidden);
        }
        if (layers != DEFAULT_LAYERS) {
            options.put(Problems.LAYERS, layers);
        }
        if (activation != DEFAULT_ACTIVATION) {
            options.put(Problems.ACTIVATION, activation.specName());
        }
        if (batch != DEFAULT_BATCH) {
            options.put(Problems.BATCH, batch);
        }
        data.putSpecOptions(options);
        return Spec.format(Problems.MNIST, options);
    }

    /**
     * Draws θ<sub>0</sub> from a {@link Random} seeded with {@code seed}; the same {@code Random} then
     * draws every minibatch.
     */
    @Override
    public NetworkOptimizee sample(long seed) {
        Random random = new Random(seed);
        float[] theta0 = new float[parameterCount()];
        for (int i = 0; i < theta0.length; i++) {
            theta0[i] = (float) (INIT_STD * random.nextGaussian());
        }
        MultiLayerNetwork network = new MultiLayerNetwork(configuration());
        // Initialised with θ0 itself: DL4J's own weight initialisation is skipped.
        network.init(Nd4j.create(theta0, new long[] {1, theta0.length}, DataType.FLOAT), false);
        return new NetworkOptimizee(new Dl4jNetwork.Sequential(network), true,
                new ReplacementSampler(data.train(), batch, random), data.train().sharedDataSet(),
                data.test().sharedDataSet(), theta0);
    }

    /** The network: float32, dense hidden layers, softmax + cross-entropy; no regularization, updater NoOp. */
    public MultiLayerConfiguration configuration() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp()) // never used: the optimizer under test makes the updates
                .list();
        int in = data.train().featuresPerExample();
        for (int layer = 0; layer < layers; layer++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(activation.dl4j()).build());
            in = hidden;
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(data.classes()).activation(Activation.SOFTMAX).build());
        return list.build();
    }
}
