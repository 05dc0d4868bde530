package org.l2l4j.optimizee;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * N-way K-shot classification episodes drawn from a class-labelled data set (the few-shot protocol of
 * Vinyals et al. 2016 and Finn et al. 2017): a task picks {@code ways} classes and, of each, {@code shots}
 * support and {@code query} query examples; the network adapts on the support set and is scored on the
 * query set. Meta-training and evaluation use disjoint class sets:
 * <ul>
 *   <li>meta-training seeds ({@link SeedRange#isMetaTraining}): {@code train-classes}, training split;</li>
 *   <li>validation seeds ({@link SeedRange#isValidation}): {@code train-classes}, test split, so that
 *       choosing the best meta-step never looks at a test class;</li>
 *   <li>every other seed (evaluation, tuning): {@code test-classes}, both splits.</li>
 * </ul>
 * A task's draws come from one {@link SplittableRandom} seeded with its seed: the classes (a partial
 * shuffle; the i-th class drawn gets label i, so the relabelling to 0..N−1 is a seeded random order), then
 * per class K + Q distinct examples, the first K for support; θ<sub>0</sub> from DL4J's initialisers seeded
 * with the seed. The same seed gives the same task.
 *
 * <p>The network, its output over the N ways, cross-entropy: on images by default 2 × (3 × 3 convolution of
 * 8 channels, stride 2, tanh) and a dense softmax layer, the MAML paper's Omniglot net (strided convolutions,
 * no pooling) cut to two layers of 8 channels so that DL4J on a CPU adapts it in milliseconds; on rows of
 * features (CSV) by default an MLP F-40-40-N with tanh, the size of the MAML paper's sinusoid regressor,
 * since a convolution has no meaning across CSV columns; or {@code conf=FILE}, a DL4J configuration whose
 * output has N columns. The default networks are smooth (tanh, no ReLU, no max pooling) because the full
 * meta-gradient takes Hessian-vector products as central differences of gradients, and a step across a
 * ReLU's kink turns such a difference into a spike of size |∇|/ε.
 *
 * <p>{@code augment=rotations} ({@link ClassAugmentation}) adds each meta-training class rotated by 90, 180
 * and 270 degrees as classes of their own, for meta-training and validation tasks (and so for the joint
 * pre-training, which draws meta-training tasks); evaluation tasks keep their classes as they are. Off by
 * default.
 *
 * <p>Spec: {@code fewshot[:ways=5,shots=1,query=15,data=PATH,train-classes=A-B,test-classes=C-D,conf=FILE,
 * augment=none|rotations]}, keys left out when they have their default; the class ranges default to the first
 * and second half of the classes (digits 0-4 and 5-9 of the embedded MNIST, the default data).
 */
public final class FewShotClassification implements Problem {

    public static final int DEFAULT_WAYS = 5;
    public static final int DEFAULT_SHOTS = 1;
    public static final int DEFAULT_QUERY = 15;
    static final int CHANNELS = 8;
    static final int KERNEL = 3;
    static final int BLOCKS = 2;
    static final int HIDDEN = 40;

    private final TrainTestData data;
    private final int ways;
    private final int shots;
    private final int query;
    private final ClassRange trainClasses;
    private final ClassRange testClasses;
    private final String conf; // the configuration file as given, or null for the default network
    private final Dl4jConfiguration configuration; // null for the default network
    private final ClassAugmentation augmentation; // of the meta-training classes
    private final long[] exampleShape; // one example's features as the network takes them
    private final int[][] trainPools; // per class, its examples' indices in the training split
    private final int[][] testPools; // per class, its examples' indices in the test split

    /**
     * Checks everything before any task is drawn.
     *
     * @param conf          the configuration file's name as the spec gives it, or null for the default network
     * @param configuration its network, or null
     * @param augmentation  the new classes made of the meta-training classes
     * @throws IllegalArgumentException starting with the key at fault ({@code ways=}, {@code shots=}, {@code query=},
     *                                  {@code train-classes=}, {@code test-classes=}, {@code data=}, {@code conf=},
     *                                  {@code augment=})
     */
    FewShotClassification(TrainTestData data, int ways, int shots, int query, ClassRange trainClasses,
                          ClassRange testClasses, String conf, Dl4jConfiguration configuration,
                          ClassAugmentation augmentation) {
        this.data = Objects.requireNonNull(data);
        this.ways = ways;
        this.shots = shots;
        this.query = query;
        this.trainClasses = trainClasses;
        this.testClasses = testClasses;
        this.conf = conf;
        this.configuration = configuration;
        this.augmentation = Objects.requireNonNull(augmentation);
        if (ways < 2 || shots < 1 || query < 1) {
            throw new IllegalArgumentException("fewshot needs ways >= 2, shots >= 1 and query >= 1, got " + ways + ", "
                    + shots + ", " + query);
        }
        if (data.classes() < 2) {
            throw new IllegalArgumentException(Problems.DATA + "=" + data.source() + ": " + data.classes()
                    + " class only; few-shot episodes need classes to tell apart");
        }
        requireInside(Problems.TRAIN_CLASSES, trainClasses);
        requireInside(Problems.TEST_CLASSES, testClasses);
        if (trainClasses.overlaps(testClasses)) {
            throw new IllegalArgumentException(Problems.TEST_CLASSES + "=" + testClasses + ": overlaps "
                    + Problems.TRAIN_CLASSES + "=" + trainClasses + "; meta-training and evaluation classes must be disjoint");
        }
        if (augmentation != ClassAugmentation.NONE) {
            ImageShape image = data.train().imageShape().orElse(null);
            if (image == null || image.height() != image.width()) {
                throw new IllegalArgumentException(Problems.AUGMENT + "=" + augmentation.specName() + ": rotations need"
                        + " square images; " + data.source() + " has " + (image == null ? "rows of features" : image));
            }
        }
        for (ClassRange range : new ClassRange[] {trainClasses, testClasses}) {
            int classes = range == trainClasses ? range.size() * augmentation.copies() : range.size();
            if (ways > classes) {
                throw new IllegalArgumentException(Problems.WAYS + "=" + ways + ": more than the " + classes
                        + " classes of " + (range == trainClasses ? Problems.TRAIN_CLASSES : Problems.TEST_CLASSES) + "="
                        + range);
            }
        }
        this.trainPools = pools(data.train());
        this.testPools = pools(data.test());
        for (int c = trainClasses.first(); c <= trainClasses.last(); c++) {
            requireExamples(c, trainPools[c].length, "training split");
            requireExamples(c, testPools[c].length, "test split (validation tasks)");
        }
        for (int c = testClasses.first(); c <= testClasses.last(); c++) {
            requireExamples(c, trainPools[c].length + testPools[c].length, "two splits");
        }
        if (configuration == null) {
            this.exampleShape = new long[] {data.train().featuresPerExample()};
        } else {
            Dl4jProblem.InputProbe probe = Dl4jProblem.probe(conf, configuration, data);
            if (probe.outputs() != ways) {
                throw new IllegalArgumentException(Problems.CONF + "=" + conf + ": the network has " + probe.outputs()
                        + " outputs, not " + Problems.WAYS + "=" + ways);
            }
            this.exampleShape = probe.exampleShape();
        }
    }

    private void requireInside(String key, ClassRange range) {
        if (range.last() >= data.classes()) {
            throw new IllegalArgumentException(key + "=" + range + ": " + data.source() + " has classes 0-"
                    + (data.classes() - 1));
        }
    }

    private void requireExamples(int c, int available, String where) {
        if (shots + query > available) {
            String key = shots > available ? Problems.SHOTS + "=" + shots : Problems.QUERY + "=" + query;
            throw new IllegalArgumentException(key + ": class " + c + " has " + available + " examples in its " + where
                    + ", fewer than shots + query = " + (shots + query));
        }
    }

    private int[][] pools(LabelledData split) {
        int[] counts = new int[data.classes()];
        for (int i = 0; i < split.size(); i++) {
            counts[split.label(i)]++;
        }
        int[][] pools = new int[data.classes()][];
        for (int c = 0; c < pools.length; c++) {
            pools[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < split.size(); i++) {
            int c = split.label(i);
            pools[c][counts[c]++] = i;
        }
        return pools;
    }

    /** The first half of {@code data}'s classes: the default {@code train-classes}. */
    static ClassRange firstHalf(TrainTestData data) {
        return new ClassRange(0, Math.max(0, data.classes() / 2 - 1));
    }

    /** The second half of {@code data}'s classes: the default {@code test-classes}. */
    static ClassRange secondHalf(TrainTestData data) {
        return new ClassRange(data.classes() / 2, Math.max(data.classes() / 2, data.classes() - 1));
    }

    @Override
    public String spec() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (ways != DEFAULT_WAYS) {
            options.put(Problems.WAYS, ways);
        }
        if (shots != DEFAULT_SHOTS) {
            options.put(Problems.SHOTS, shots);
        }
        if (query != DEFAULT_QUERY) {
            options.put(Problems.QUERY, query);
        }
        data.putSpecOptions(options);
        if (!trainClasses.equals(firstHalf(data))) {
            options.put(Problems.TRAIN_CLASSES, trainClasses);
        }
        if (!testClasses.equals(secondHalf(data))) {
            options.put(Problems.TEST_CLASSES, testClasses);
        }
        if (conf != null) {
            options.put(Problems.CONF, conf);
        }
        if (augmentation != ClassAugmentation.NONE) {
            options.put(Problems.AUGMENT, augmentation.specName());
        }
        return Spec.format(Problems.FEWSHOT, options);
    }

    @Override
    public ClassificationEpisode sample(long seed) {
        return sample(seed, DataType.FLOAT);
    }

    /**
     * The task of {@code seed} on a network of {@code dataType} (DOUBLE for float64 gradient checks; the
     * default networks only: a {@code conf} network has the data type its configuration gives).
     */
    public ClassificationEpisode sample(long seed, DataType dataType) {
        if (configuration != null && dataType != DataType.FLOAT) {
            throw new IllegalArgumentException("a conf= network has its configuration's data type; only the default"
                    + " networks are built in " + dataType);
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean training = SeedRange.isMetaTraining(seed);
        boolean validation = SeedRange.isValidation(seed);
        ClassRange classes = training || validation ? trainClasses : testClasses;
        ClassAugmentation copies = training || validation ? augmentation : ClassAugmentation.NONE;
        int[] chosen = firstOfShuffle(classes.size() * copies.copies(), ways, random); // copy r of class c: r·size + c
        LabelledData train = data.train();
        LabelledData test = data.test();
        int features = train.featuresPerExample();
        ImageShape image = train.imageShape().orElse(null);
        float[] supportFeatures = new float[ways * shots * features];
        float[] queryFeatures = new float[ways * query * features];
        for (int label = 0; label < ways; label++) {
            int c = classes.first() + chosen[label] % classes.size();
            int copy = chosen[label] / classes.size();
            int[] fromTrain = validation ? new int[0] : trainPools[c];
            int[] fromTest = training ? new int[0] : testPools[c];
            int[] picked = firstOfShuffle(fromTrain.length + fromTest.length, shots + query, random);
            for (int k = 0; k < picked.length; k++) {
                int p = picked[k];
                float[] source = p < fromTrain.length ? train.sharedFeatures() : test.sharedFeatures();
                int example = p < fromTrain.length ? fromTrain[p] : fromTest[p - fromTrain.length];
                boolean isSupport = k < shots;
                int row = isSupport ? label * shots + k : label * query + k - shots;
                copies.write(source, example, image, copy, features, isSupport ? supportFeatures : queryFeatures,
                        row * features);
            }
        }
        Dl4jNetwork network = network(seed, dataType);
        return new ClassificationEpisode(network, dataSet(supportFeatures, shots), dataSet(queryFeatures, query));
    }

    /** The first {@code count} of a shuffle of 0..n−1 (a partial Fisher–Yates shuffle). */
    private static int[] firstOfShuffle(int n, int count, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] first = new int[count];
        System.arraycopy(order, 0, first, 0, count);
        return first;
    }

    /** {@code perClass} examples of each label in turn, shaped as the network takes them, one-hot over the ways. */
    private DataSet dataSet(float[] features, int perClass) {
        int rows = ways * perClass;
        float[] oneHot = new float[rows * ways];
        for (int row = 0; row < rows; row++) {
            oneHot[row * ways + row / perClass] = 1f;
        }
        long[] shape = Dl4jProblem.prepend(exampleShape);
        shape[0] = rows;
        return new DataSet(Nd4j.create(features, shape, DataType.FLOAT),
                Nd4j.create(oneHot, new long[] {rows, ways}, DataType.FLOAT));
    }

    private Dl4jNetwork network(long seed, DataType dataType) {
        if (configuration != null) {
            return configuration.network(seed);
        }
        MultiLayerNetwork network = new MultiLayerNetwork(defaultConfiguration(seed, dataType));
        network.init();
        return new Dl4jNetwork.Sequential(network);
    }

    /** The default network of {@code seed}: the conv net on images, the MLP on rows of features. */
    MultiLayerConfiguration defaultConfiguration(long seed, DataType dataType) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(new NoOp()) // never used: the optimizer under test makes the updates
                .convolutionMode(ConvolutionMode.Same)
                .list();
        ImageShape image = data.train().imageShape().orElse(null);
        if (image != null) {
            for (int block = 0; block < BLOCKS; block++) {
                list.layer(new ConvolutionLayer.Builder(KERNEL, KERNEL).stride(2, 2).nOut(CHANNELS)
                        .activation(Activation.TANH).build());
            }
        } else {
            for (int layer = 0; layer < 2; layer++) {
                list.layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build());
            }
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(ways).activation(Activation.SOFTMAX)
                .build());
        list.setInputType(image != null ? InputType.convolutionalFlat(image.height(), image.width(), image.channels())
                : InputType.feedForward(data.train().featuresPerExample()));
        return list.build();
    }

    public int ways() {
        return ways;
    }

    public int shots() {
        return shots;
    }

    public int query() {
        return query;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FewShotClassification that && data.equals(that.data) && ways == that.ways
                && shots == that.shots && query == that.query && trainClasses.equals(that.trainClasses)
                && testClasses.equals(that.testClasses) && Objects.equals(conf, that.conf)
                && Objects.equals(configuration, that.configuration) && augmentation == that.augmentation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, ways, shots, query, trainClasses, testClasses, conf, configuration, augmentation);
    }

    @Override
    public String toString() {
        return "FewShotClassification[" + spec() + "]";
    }
}
