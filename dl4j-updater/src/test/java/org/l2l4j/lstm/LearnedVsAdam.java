package org.l2l4j.lstm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * An example program: the paper's MNIST MLP (784-20-10, sigmoid, batch 128) trained
 * twice on the same minibatches, once with a learned optimizer and once with Adam (learning rate 0.03, the
 * best of a grid on this problem in the PyTorch peer), printing both losses.
 *
 * <p>Fed the embedded MNIST ({@code TrainTestData.embedded().train().toDataSet()} of module l2l4j-optimizee,
 * which this module does not depend on) it trains the paper's problem; {@link #main} here feeds it random
 * data of MNIST's shape, so that the example compiles and runs with this module alone. The README's example,
 * a conv net trained by {@code fit} on the embedded MNIST, is what {@code l2l fit-demo} runs.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH org.l2l4j.lstm.LearnedVsAdam [optimizer.l2l]
 * </pre>
 */
public final class LearnedVsAdam {

    private LearnedVsAdam() {
    }

    public static void main(String[] args) throws IOException {
        LearnedUpdater learned = args.length > 0 ? LearnedUpdater.load(Path.of(args[0])) : LearnedUpdater.bundled();
        train(randomMnistShaped(2048, 1), learned, 200);
    }

    /** Trains the MLP with {@code learned} and with Adam on the same minibatches of {@code data}. */
    public static void train(DataSet data, IUpdater learned, int steps) {
        data.shuffle(42);
        List<DataSet> batches = data.batchBy(128);
        MultiLayerNetwork withLearned = mlp(learned);
        MultiLayerNetwork withAdam = mlp(new Adam(0.03));
        for (int step = 1; step <= steps; step++) {
            DataSet batch = batches.get((step - 1) % batches.size());
            withLearned.fit(batch);
            withAdam.fit(batch);
            if (step % 20 == 0) { // score(): the minibatch loss before this step's update
                System.out.printf(Locale.ROOT, "step %4d   learned %.4f   adam %.4f%n", step, withLearned.score(),
                        withAdam.score());
            }
        }
    }

    private static MultiLayerNetwork mlp(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .weightInit(new NormalDistribution(0, 0.01))
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(20).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(20).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** {@code count} images of 784 pixels U(0, 1) with random labels 0..9: the shape of MNIST, not its content. */
    private static DataSet randomMnistShaped(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] pixels = new float[count][784];
        float[][] labels = new float[count][10];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < 784; j++) {
                pixels[i][j] = (float) random.nextDouble();
            }
            labels[i][random.nextInt(10)] = 1;
        }
        return new DataSet(Nd4j.create(pixels), Nd4j.create(labels));
    }
}
