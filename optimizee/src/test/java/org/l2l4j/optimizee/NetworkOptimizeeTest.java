package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class NetworkOptimizeeTest {

    private static final int INPUTS = 5;
    private static final int CLASSES = 3;
    private static final int EXAMPLES = 7; // > 1, so a gradient summed over the batch is 7x off

    private static MultiLayerNetwork sequential(double l2) {
        return sequential(l2, true);
    }

    /**
     * 5-4-3, tanh then softmax + cross-entropy, float64; Adam configured to show it plays no part.
     * {@code miniBatch}: whether DL4J's score is the mean over the minibatch (else the sum).
     */
    private static MultiLayerNetwork sequential(double l2, boolean miniBatch) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(new Adam(0.1)).l2(l2).miniBatch(miniBatch)
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** One input, two branches (tanh, sigmoid) merged, one softmax output; float64. */
    private static ComputationGraph branchedGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new Adam(0.1))
                .graphBuilder()
                .addInputs("in")
                .addLayer("tanh", new DenseLayer.Builder().nIn(INPUTS).nOut(3).activation(Activation.TANH).build(), "in")
                .addLayer("sigmoid", new DenseLayer.Builder().nIn(INPUTS).nOut(2).activation(Activation.SIGMOID).build(),
                        "in")
                .addVertex("merge", new MergeVertex(), "tanh", "sigmoid")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** Two inputs, two outputs: softmax + cross-entropy and identity + squared error; float64. */
    private static ComputationGraph twoHeadedGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.DOUBLE)
                .graphBuilder()
                .addInputs("a", "b")
                .addVertex("ab", new MergeVertex(), "a", "b")
                .addLayer("hidden", new DenseLayer.Builder().nIn(INPUTS + 2).nOut(4).activation(Activation.TANH).build(),
                        "ab")
                .addLayer("class", new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .addLayer("value", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("class", "value")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static INDArray gaussian(Random random, int rows, int cols) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
    }

    private static INDArray oneHot(Random random, int rows) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, CLASSES);
        for (int r = 0; r < rows; r++) {
            labels.putScalar(r, random.nextInt(CLASSES), 1.0);
        }
        return labels;
    }

    private static DataSet batch(long seed, int examples) {
        Random random = new Random(seed);
        return new DataSet(gaussian(random, examples, INPUTS), oneHot(random, examples));
    }

    private static void setParams(org.deeplearning4j.nn.api.Model model, double[] theta) {
        model.setParams(Nd4j.create(theta, new long[] {1, theta.length}, DataType.DOUBLE));
    }

    /**
     * Asserts that the optimizee's gradient at θ<sub>0</sub> is the central difference of
     * {@code score}, the network's mean loss on the fixed batch, computed in float64.
     */
    private static void assertGradientIsCentralDifference(NetworkOptimizee optimizee, ToDoubleFunction<double[]> score) {
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[theta.length];
        optimizee.lossAndGradient(theta, gradient);
        double loss = optimizee.lossAndGradient(theta, gradient); // twice: no accumulation across calls

        double[] at = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            at[i] = theta[i];
        }
        assertEquals(score.applyAsDouble(at), loss, 1e-12, "returned loss is the score of the batch");
        double h = 1e-6;
        double largest = 0;
        for (int i = 0; i < theta.length; i++) {
            double saved = at[i];
            at[i] = saved + h;
            double plus = score.applyAsDouble(at);
            at[i] = saved - h;
            double minus = score.applyAsDouble(at);
            at[i] = saved;
            double expected = (plus - minus) / (2 * h);
            largest = Math.max(largest, Math.abs(expected));
            // float64 central difference: truncation ~h² and rounding ~1e-16/h, both < 1e-9; the
            // gradient handed out is float32, ~6e-8 relative. A batch-size scaling error is 7x.
            assertEquals(expected, gradient[i], 1e-7 + 1e-5 * Math.abs(expected), "coordinate " + i);
        }
        assertTrue(largest > 1e-2, "the check needs a non-trivial gradient, largest was " + largest);
    }

    @Test
    void multiLayerNetworkGradientIsThatOfTheMeanLossScoreReports() {
        MultiLayerNetwork network = sequential(0);
        DataSet fixed = batch(1, EXAMPLES);
        NetworkOptimizee optimizee = NetworkOptimizee.of(network, new SingletonDataSetIterator(fixed));
        assertEquals(5 * 4 + 4 + 4 * 3 + 3, optimizee.dimension());
        assertGradientIsCentralDifference(optimizee, theta -> {
            setParams(network, theta);
            return network.score(fixed, false);
        });
    }

    @Test
    void withoutMiniBatchAveragingScoreAndGradientAreBothSums() {
        MultiLayerNetwork network = sequential(0, false);
        DataSet fixed = batch(1, EXAMPLES);
        NetworkOptimizee optimizee = NetworkOptimizee.of(network, new SingletonDataSetIterator(fixed));
        assertGradientIsCentralDifference(optimizee, theta -> {
            setParams(network, theta);
            return network.score(fixed, false);
        });
        MultiLayerNetwork averaging = sequential(0, true);
        averaging.setParams(network.params());
        assertEquals(EXAMPLES * averaging.score(fixed, false), network.score(fixed, false), 1e-12);
    }

    @Test
    void computationGraphGradientIsThatOfTheMeanLossScoreReports() {
        ComputationGraph graph = branchedGraph();
        DataSet fixed = batch(2, EXAMPLES);
        NetworkOptimizee optimizee = NetworkOptimizee.of(graph, new SingletonDataSetIterator(fixed));
        assertGradientIsCentralDifference(optimizee, theta -> {
            setParams(graph, theta);
            return graph.score(fixed, false);
        });
    }

    @Test
    void graphWithTwoInputsAndTwoLossesGetsTheGradientOfTheirSum() {
        ComputationGraph graph = twoHeadedGraph();
        Random random = new Random(3);
        MultiDataSet fixed = new MultiDataSet(
                new INDArray[] {gaussian(random, EXAMPLES, INPUTS), gaussian(random, EXAMPLES, 2)},
                new INDArray[] {oneHot(random, EXAMPLES), gaussian(random, EXAMPLES, 2)});
        NetworkOptimizee optimizee = NetworkOptimizee.of(graph, new SingletonMultiDataSetIterator(fixed));
        assertGradientIsCentralDifference(optimizee, theta -> {
            setParams(graph, theta);
            return graph.score(fixed, false);
        });
    }

    @Test
    void computeGradientAndScoreLeavesTheParametersAlone() {
        // With Adam(0.1) configured, an updater step inside computeGradientAndScore would move them.
        MultiLayerNetwork network = sequential(0);
        DataSet fixed = batch(4, EXAMPLES);
        float[] before = network.params().toFloatVector();
        network.setInput(fixed.getFeatures());
        network.setLabels(fixed.getLabels());
        network.computeGradientAndScore();
        assertArrayEquals(before, network.params().toFloatVector(), 0f);
        assertTrue(network.getGradientsViewArray().norm2Number().doubleValue() > 0);
    }

    @Test
    void regularizationIsLeftToTheUpdaterSoARegularizedNetworkIsRejected() {
        MultiLayerNetwork plain = sequential(0);
        MultiLayerNetwork regularized = sequential(0.5);
        regularized.setParams(plain.params().dup());
        DataSet fixed = batch(5, EXAMPLES);
        for (MultiLayerNetwork network : new MultiLayerNetwork[] {plain, regularized}) {
            network.setInput(fixed.getFeatures());
            network.setLabels(fixed.getLabels());
            network.computeGradientAndScore();
        }
        // Same gradient, but the score of the regularized one includes the L2 penalty.
        assertEquals(plain.getGradientsViewArray(), regularized.getGradientsViewArray());
        assertTrue(regularized.score() > plain.score() + 1e-3, regularized.score() + " vs " + plain.score());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkOptimizee.of(regularized, new SingletonDataSetIterator(fixed)));
        assertMessage(e, "layer 0", "regularizes parameter W", "without regularization");
    }

    @Test
    void exhaustedIteratorStartsOver() {
        MultiLayerNetwork network = sequential(0);
        DataSet twoBatches = batch(6, 2 * EXAMPLES);
        NetworkOptimizee optimizee = NetworkOptimizee.of(network, new ViewIterator(twoBatches, EXAMPLES));
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[theta.length];
        double first = optimizee.lossAndGradient(theta, gradient);
        double second = optimizee.lossAndGradient(theta, gradient);
        double third = optimizee.lossAndGradient(theta, gradient);
        assertNotEquals(first, second);
        assertEquals(first, third, 0.0);
    }

    @Test
    void lossOfAWholeDataSetIsItsMeanLoss() {
        MultiLayerNetwork network = sequential(0);
        DataSet all = batch(8, 2 * EXAMPLES);
        NetworkOptimizee optimizee = NetworkOptimizee.of(network, new ViewIterator(all, EXAMPLES));
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[theta.length];
        // The mean over 14 examples is the mean of the two 7-example minibatch means.
        double mean = (optimizee.lossAndGradient(theta, gradient) + optimizee.lossAndGradient(theta, gradient)) / 2;
        assertEquals(mean, optimizee.loss(theta, all), 1e-12);
        assertTrue(optimizee.trainingLoss(theta).isEmpty(), "an iterator's optimizee has no whole data set to measure");
    }

    @Test
    void wrongLengthsAreRejected() {
        NetworkOptimizee optimizee = NetworkOptimizee.of(sequential(0), new SingletonDataSetIterator(batch(9, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> optimizee.lossAndGradient(new float[3], new float[optimizee.dimension()]));
        assertMessage(e, "length " + optimizee.dimension(), "got 3");
        e = assertThrows(IllegalArgumentException.class,
                () -> optimizee.lossAndGradientOnBatch(0, new float[3], new float[optimizee.dimension()]));
        assertMessage(e, "length " + optimizee.dimension(), "got 3");
    }

    /** An iterator's minibatches are gone once drawn: evaluating one again is refused, saying what to do instead. */
    @Test
    void anIteratorCannotGiveAnEarlierMinibatchAgain() {
        NetworkOptimizee optimizee = NetworkOptimizee.of(sequential(0), new SingletonDataSetIterator(batch(9, 3)));
        float[] theta = optimizee.initialParameters();
        optimizee.lossAndGradient(theta, new float[theta.length]);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> optimizee.lossAndGradientOnBatch(0, theta, new float[theta.length]));
        assertMessage(e, "fed by a data iterator cannot evaluate an earlier minibatch again", "first-order");
    }

    /**
     * The second evaluator (a copy of the network reading the kept minibatches into arrays of its own) gives
     * the optimizee's own numbers to the bit on earlier minibatches, also while the optimizee computes in
     * another thread, and leaves the minibatch sequence as it was.
     */
    @Test
    void concurrentEvaluatorGivesTheSameGradientsOnEarlierMinibatchesAndDrawsNothing() throws Exception {
        MnistProblem mnist = new MnistProblem(TrainTestData.embedded(), 6, 1, HiddenActivation.SIGMOID, 16);
        NetworkOptimizee optimizee = mnist.sample(3);
        NetworkOptimizee untouched = mnist.sample(3);
        int n = optimizee.dimension();
        float[] theta = optimizee.initialParameters();
        for (int t = 0; t < 3; t++) {
            optimizee.lossAndGradient(theta, new float[n]);
            untouched.lossAndGradient(theta, new float[n]);
        }
        org.l2l4j.core.BatchGradient second = optimizee.concurrentBatchGradient().orElseThrow();
        assertTrue(second == optimizee.concurrentBatchGradient().orElseThrow(), "the same evaluator on every call");
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int batch = 0; batch < 3; batch++) {
                float[] own = new float[n];
                float[] other = new float[n];
                float[] shifted = theta.clone();
                shifted[batch] += 0.5f;
                double ownLoss = optimizee.lossAndGradientOnBatch(batch, theta, own);
                int b = batch;
                java.util.concurrent.Future<Double> otherLoss = thread.submit(
                        () -> second.lossAndGradientOnBatch(b, theta, other));
                optimizee.lossAndGradientOnBatch(2 - batch, shifted, new float[n]); // meanwhile, here
                assertEquals(ownLoss, otherLoss.get(), 0.0, "minibatch " + batch);
                assertArrayEquals(own, other, 0f, "minibatch " + batch);
            }
        } finally {
            thread.shutdown();
        }
        float[] next = new float[n];
        float[] expected = new float[n];
        assertEquals(untouched.lossAndGradient(theta, expected), optimizee.lossAndGradient(theta, next), 0.0);
        assertArrayEquals(expected, next, 0f, "the fourth minibatch is the same as without the evaluator");
        assertThrows(UnsupportedOperationException.class,
                () -> NetworkOptimizee.of(sequential(0), new SingletonDataSetIterator(batch(9, 3)))
                        .concurrentBatchGradient().orElseThrow(UnsupportedOperationException::new),
                "an iterator's minibatches cannot be read again, so there is no second evaluator");
    }
}
