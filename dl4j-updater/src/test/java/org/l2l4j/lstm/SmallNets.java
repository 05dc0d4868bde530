package org.l2l4j.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Seeded small networks and data for the updater tests: 4 inputs, hidden layers of 5, 3 classes. */
final class SmallNets {

    static final int INPUTS = 4;
    static final int HIDDEN = 5;
    static final int CLASSES = 3;

    private SmallNets() {
    }

    /** An updater running LSTM weights drawn from {@code seed} (torch's initialisation: non-trivial updates). */
    static LearnedUpdater learned(long seed) {
        return LearnedUpdater.of(LstmWeights.initial(LstmConfig.defaults(), seed));
    }

    /** As {@link #learned(long)}, a 2 × 20 LSTM with output scale 0.1 and preprocessing {@code pre}. */
    static LearnedUpdater learned(long seed, Preprocessing pre) {
        return learned(seed, new LstmConfig(2, 20, pre, 0.1));
    }

    /** An updater running weights of architecture {@code config} drawn from {@code seed}. */
    static LearnedUpdater learned(long seed, LstmConfig config) {
        return LearnedUpdater.of(LstmWeights.initial(config, seed));
    }

    /** The builder every network here starts from: seeded, float32 unless said otherwise. */
    static NeuralNetConfiguration.Builder builder(IUpdater updater, DataType dataType) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(dataType).weightInit(WeightInit.XAVIER)
                .updater(updater);
    }

    /** 4 → 5 (tanh) → 5 (tanh) → 3 (softmax, cross-entropy). */
    static MultiLayerConfiguration mlp(NeuralNetConfiguration.Builder builder) {
        return builder.list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    static MultiLayerConfiguration mlp(IUpdater updater) {
        return mlp(builder(updater, DataType.FLOAT));
    }

    /** The same layers as {@link #mlp} as a graph, with a skip connection from the input to the output. */
    static ComputationGraphConfiguration graph(IUpdater updater) {
        return builder(updater, DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .addLayer("h1", new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH).build(), "in")
                .addLayer("h2", new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.TANH).build(), "h1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN + INPUTS)
                        .nOut(CLASSES).activation(Activation.SOFTMAX).build(), "h2", "in")
                .setOutputs("out")
                .build();
    }

    /** {@code count} minibatches of {@code size} examples: features U(−1, 1), a random class each. */
    static List<DataSet> batches(int count, int size, long seed, DataType dataType) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray features = Nd4j.create(dataType, size, INPUTS);
            INDArray labels = Nd4j.zeros(dataType, size, CLASSES);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < INPUTS; j++) {
                    features.putScalar(i, j, random.nextDouble(-1, 1));
                }
                labels.putScalar(i, random.nextInt(CLASSES), 1.0);
            }
            batches.add(new DataSet(features, labels));
        }
        return batches;
    }

    static List<DataSet> batches(int count, int size, long seed) {
        return batches(count, size, seed, DataType.FLOAT);
    }
}
