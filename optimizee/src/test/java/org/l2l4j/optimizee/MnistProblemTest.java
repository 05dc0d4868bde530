package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.TestMetrics;
import org.l2l4j.core.Trajectory;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MnistProblemTest {

    private static final MnistProblem DEFAULT = new MnistProblem(TrainTestData.embedded());

    /** Plain gradient descent, u = -lr·g. */
    private static Optimizer<Void> sgd(float lr) {
        return new Optimizer<>() {
            public String name() {
                return "sgd";
            }

            public Void init(int n) {
                return null;
            }

            public void update(float[] gradient, Void state, float[] update) {
                for (int i = 0; i < gradient.length; i++) {
                    update[i] = -lr * gradient[i];
                }
            }
        };
    }

    @Test
    void defaultNetworkIs784By20By10With15910Parameters() {
        assertEquals(15_910, DEFAULT.parameterCount());
        assertEquals(15_910, DEFAULT.sample(1).dimension());
        assertEquals(784 * 40 + 40 + 40 * 40 + 40 + 40 * 10 + 10,
                new MnistProblem(TrainTestData.embedded(), 40, 2, HiddenActivation.RELU, 128).sample(1).dimension());
    }

    @Test
    void allParametersStartAsSmallGaussians() {
        float[] theta0 = DEFAULT.sample(3).initialParameters();
        double sum = 0;
        double squares = 0;
        for (float v : theta0) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / theta0.length;
        double std = Math.sqrt(squares / theta0.length - mean * mean);
        // 15,910 draws of N(0, 0.01²): the sample std is within 0.01·(1 ± 0.02) with overwhelming
        // probability (its standard error is 0.01/√(2n) ≈ 6e-5), the mean within ±4e-4.
        assertEquals(0.01, std, 2e-4);
        assertEquals(0, mean, 4e-4);
        // Biases too: the last 10 parameters are the output biases, which DL4J would start at 0.
        for (int i = theta0.length - 10; i < theta0.length; i++) {
            assertNotEquals(0f, theta0[i], "output bias " + i);
        }
    }

    @Test
    void initialLossIsThatOfAUniformGuess() {
        // With weights ~0.01 the softmax is nearly uniform over 10 classes: loss ≈ ln 10.
        NetworkOptimizee optimizee = DEFAULT.sample(4);
        float[] theta = optimizee.initialParameters();
        double loss = optimizee.lossAndGradient(theta, new float[theta.length]);
        assertEquals(Math.log(10), loss, 0.01);
    }

    @Test
    void sameSeedGivesTheSameStartAndTheSameLossCurve() {
        Trajectory a = Trajectory.run(DEFAULT.sample(11), sgd(0.5f), 5);
        Trajectory b = Trajectory.run(DEFAULT.sample(11), sgd(0.5f), 5);
        assertArrayEquals(DEFAULT.sample(11).initialParameters(), DEFAULT.sample(11).initialParameters(), 0f);
        assertArrayEquals(a.losses(), b.losses(), 0.0);
    }

    @Test
    void differentSeedsGiveDifferentStartsAndMinibatches() {
        NetworkOptimizee a = DEFAULT.sample(21);
        NetworkOptimizee b = DEFAULT.sample(22);
        assertFalse(Arrays.equals(a.initialParameters(), b.initialParameters()));
        // Same θ, so any difference in the loss comes from the minibatch.
        float[] theta = a.initialParameters();
        float[] gradient = new float[theta.length];
        assertTrue(a.lossAndGradient(theta, gradient) != b.lossAndGradient(theta, gradient));
    }

    @Test
    void gradientStepsReduceTheLossOnTheWholeTrainingSplit() {
        NetworkOptimizee optimizee = DEFAULT.sample(31);
        DataSet train = TrainTestData.embedded().train().toDataSet();
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[theta.length];
        double before = optimizee.loss(theta, train);
        for (int step = 0; step < 50; step++) {
            optimizee.lossAndGradient(theta, gradient);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= 1.0f * gradient[i];
            }
        }
        double after = optimizee.loss(theta, train);
        // 50 steps of SGD (lr 1) on 784-20-10 sigmoid take the loss on all 8,000 images from ln 10 ≈
        // 2.30 to 1.38 (seed 31); a drop of 0.5 fails if the gradient points the wrong way or is far off in scale.
        System.out.printf("mnist full-train loss %.4f -> %.4f after 50 SGD steps%n", before, after);
        assertTrue(after < before - 0.5, before + " -> " + after);
    }

    @Test
    void trainingLossIsTheLossOnTheWholeSplitAndDrawsNoMinibatch() {
        DataSet train = TrainTestData.embedded().train().toDataSet();
        NetworkOptimizee measured = DEFAULT.sample(32);
        NetworkOptimizee unmeasured = DEFAULT.sample(32);
        float[] theta = measured.initialParameters();
        float[] gradient = new float[theta.length];
        for (int step = 0; step < 3; step++) {
            assertEquals(unmeasured.lossAndGradient(theta, gradient), measured.lossAndGradient(theta, gradient), 0.0);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= gradient[i];
            }
            assertEquals(measured.loss(theta, train), measured.trainingLoss(theta).getAsDouble(), 0.0);
        }
    }

    /** Test loss and accuracy are DL4J's own on the test split, at θ<sub>0</sub> and after training. */
    @Test
    void testMetricsAreLossAndAccuracyOnTheTestSplit() {
        DataSet test = TrainTestData.embedded().test().toDataSet();
        NetworkOptimizee optimizee = DEFAULT.sample(34);
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[theta.length];
        for (int step = 0; step <= 100; step++) {
            if (step % 100 == 0) {
                MultiLayerNetwork reference = new MultiLayerNetwork(DEFAULT.configuration());
                reference.init(Nd4j.create(theta.clone(), new long[] {1, theta.length}, DataType.FLOAT), true);
                TestMetrics metrics = optimizee.testMetrics(theta).orElseThrow();
                assertEquals(reference.score(test, false), metrics.loss(), 1e-6);
                Evaluation evaluation = new Evaluation(10);
                evaluation.eval(test.getLabels(), reference.output(test.getFeatures(), false));
                assertEquals(evaluation.accuracy(), metrics.accuracy().getAsDouble(), 1e-12);
            }
            optimizee.lossAndGradient(theta, gradient);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= gradient[i];
            }
        }
        double accuracy = optimizee.testMetrics(theta).orElseThrow().accuracy().getAsDouble();
        System.out.printf("mnist test accuracy after 100 SGD steps: %.3f%n", accuracy);
        assertTrue(accuracy > 0.5, "100 SGD steps leave chance level (0.1) behind: " + accuracy);
    }

    /**
     * An earlier minibatch evaluated again gives what its first evaluation gave at the same θ, bit for bit,
     * and does not move the minibatch sequence; one older than the sampler keeps is refused by number.
     */
    @Test
    void anEarlierMinibatchIsEvaluatedAgainWithoutDrawing() {
        NetworkOptimizee replayed = DEFAULT.sample(33);
        NetworkOptimizee plain = DEFAULT.sample(33);
        float[] theta = replayed.initialParameters();
        int n = theta.length;
        float[][] first = new float[3][n];
        double[] losses = new double[3];
        for (int j = 0; j < 3; j++) {
            losses[j] = replayed.lossAndGradient(theta, first[j]);
            assertEquals(plain.lossAndGradient(theta, new float[n]), losses[j], 0.0);
        }
        float[] again = new float[n];
        for (int j = 2; j >= 0; j--) {
            assertEquals(losses[j], replayed.lossAndGradientOnBatch(j, theta, again), 0.0, "minibatch " + j);
            assertArrayEquals(first[j], again, 0f, "minibatch " + j);
        }
        float[] next = new float[n];
        float[] expected = new float[n];
        assertEquals(plain.lossAndGradient(theta, expected), replayed.lossAndGradient(theta, next), 0.0, "the sequence goes on");
        assertArrayEquals(expected, next, 0f);
        assertFalse(Arrays.equals(first[0], first[1]), "different minibatches give different gradients");

        for (int j = 4; j < ReplacementSampler.HISTORY + 2; j++) {
            replayed.lossAndGradient(theta, next);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> replayed.lossAndGradientOnBatch(1, theta, again));
        assertEquals("minibatch 1 is not among the last 1024 drawn (1026 so far)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> replayed.lossAndGradientOnBatch(1026, theta, again));
    }

    @Test
    void everyActivationAndDepthTrains() {
        for (HiddenActivation activation : HiddenActivation.values()) {
            MnistProblem problem = new MnistProblem(TrainTestData.embedded(), 16, 2, activation, 32);
            Trajectory curve = Trajectory.run(problem.sample(41), sgd(0.1f), 30);
            assertFalse(curve.diverged(), activation.specName());
            assertTrue(mean(curve.losses(), 25, 31) < mean(curve.losses(), 0, 6), activation.specName());
        }
    }

    private static double mean(double[] values, int from, int to) {
        return Arrays.stream(values, from, to).average().orElseThrow();
    }
}
