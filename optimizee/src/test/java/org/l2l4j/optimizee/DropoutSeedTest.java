package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A user's network with dropout draws its masks from the optimizee's seed, not from whatever ND4J's global
 * generator holds: the same seed gives the same losses whatever ran before, another seed other losses, and
 * a minibatch given again gets its mask again.
 */
class DropoutSeedTest {

    @TempDir
    Path dir;

    private Problem problem() throws IOException {
        Path csv = DataTestFiles.csv(dir.resolve("train.csv"), 40, 4, 3, true);
        Path conf = Files.writeString(dir.resolve("dropout.json"), new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.TANH).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).dropOut(0.5).build())
                .build().toJson());
        return Problems.parse("dl4j:conf=" + conf + ",data=" + csv + ",batch=8");
    }

    /** The losses of 5 steps at θ<sub>0</sub> (each on the next minibatch, each with its own mask), after other draws. */
    private static double[] losses(Optimizee task, int otherDraws) {
        Nd4j.rand(DataType.FLOAT, otherDraws + 1L); // moves ND4J's global generator
        float[] theta = task.initialParameters();
        float[] gradient = new float[task.dimension()];
        double[] losses = new double[5];
        for (int t = 0; t < losses.length; t++) {
            losses[t] = task.lossAndGradient(theta, gradient);
        }
        return losses;
    }

    @Test
    void theSameSeedGivesTheSameLossesWhateverRanBefore() throws IOException {
        Problem problem = problem();
        double[] first = losses(problem.sample(3), 10);
        double[] again = losses(problem.sample(3), 1000);
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(again));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(losses(problem.sample(4), 10)));
    }

    @Test
    void aMinibatchGivenAgainGetsItsMaskAgain() throws IOException {
        Optimizee task = problem().sample(3);
        double[] losses = losses(task, 10);
        float[] theta = task.initialParameters();
        float[] gradient = new float[task.dimension()];
        Nd4j.rand(DataType.FLOAT, 77);
        assertEquals(losses[2], task.lossAndGradientOnBatch(2, theta, gradient));
        assertEquals(losses[0], task.lossAndGradientOnBatch(0, theta, gradient));
    }
}
