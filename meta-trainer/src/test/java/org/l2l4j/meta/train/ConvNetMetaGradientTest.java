package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmLearnedOptimizer;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.optimizee.CnnProblem;
import org.l2l4j.optimizee.NetworkOptimizee;
import org.l2l4j.optimizee.Problems;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The FULL meta-gradient through a tiny conv net (one 3x3 convolution of 2 channels, tanh, max pooling,
 * softmax over 3 classes, on 6x6 images written here as IDX files), against float64 central differences
 * of its unrolled loss: the same minibatches replayed by index on a float64 copy of the network. Each
 * probe of the loss runs the network 5 times, so the differences are taken along 12 random directions
 * of φ, not along each of its coordinates.
 */
class ConvNetMetaGradientTest {

    private static final int UNROLL = 4;
    private static final long SEED = 5;
    private static final int DIRECTIONS = 12;

    @TempDir
    Path dir;

    /** 12 training and 4 test images of 6x6 random pixels, labels 0..2. */
    private Path idxData() throws IOException {
        Random random = new Random(1);
        for (String split : new String[] {"train", "t10k"}) {
            int count = split.equals("train") ? 12 : 4;
            byte[] pixels = new byte[count * 36];
            random.nextBytes(pixels);
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 3);
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"),
                    ByteBuffer.allocate(16 + pixels.length).putInt(2051).putInt(count).putInt(6).putInt(6).put(pixels).array());
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"),
                    ByteBuffer.allocate(8 + count).putInt(2049).putInt(count).put(labels).array());
        }
        return dir;
    }

    /**
     * A smooth net (tanh; max pooling's choice does not flip under the probes' tiny steps) so central
     * differences see the derivative. The float32 network and its float32 Hessian-vector differences
     * leave 3e-6 relative (observed); tested at 1e-4. The first-order meta-gradient misses this L by 3e-3,
     * so the test tells the two apart.
     */
    @Test
    void fullMetaGradientOfATinyConvNetMatchesCentralDifferencesOfItsUnrolledLoss() throws IOException {
        CnnProblem cnn = (CnnProblem) Problems.parse("cnn:channels=2,kernel=3,layers=1,activation=tanh,batch=4,data="
                + idxData());
        LstmConfig config = new LstmConfig(2, 8, LstmConfig.defaults().preprocessing(), LstmConfig.defaults().outputScale());
        LstmWeights weights = LstmWeights.initial(config, 11).withOutputScaleFactor(10);
        double[] w = CentralDifferences.widened(weights.values());

        NetworkOptimizee float64 = cnn.sample(SEED, DataType.DOUBLE);
        float[] scratch = float64.initialParameters();
        for (int t = 0; t <= UNROLL; t++) { // draw the unroll's minibatches, so they can be replayed by index
            float64.lossAndGradient(float64.initialParameters(), scratch);
        }
        double[] theta0 = CentralDifferences.widened(float64.initialParameters());
        double[][] directions = CentralDifferences.randomDirections(DIRECTIONS, w.length, 3);
        double[] numeric = CentralDifferences.along(w, directions, phi -> LiveUnroll.metaLoss(weights.config(), phi,
                float64::lossAndGradientOnBatch, theta0, UNROLL, MetaObjective.MEAN_LOSS));

        double[] errors = new double[MetaGradient.values().length];
        for (MetaGradient kind : MetaGradient.values()) {
            float[] metaGradient = new float[config.parameterCount()];
            LstmLearnedOptimizer rule = new LstmLearnedOptimizer(weights.config(), LstmKernel.create(1));
            new UnrolledBptt<>(rule, BackpropMemory.checkpointed(2), MetaObjective.MEAN_LOSS, kind)
                    .unroll(weights.values(), new TruncatedStep<>(cnn.sample(SEED), rule, UNROLL), UNROLL, metaGradient);
            errors[kind.ordinal()] = CentralDifferences.relativeError(numeric,
                    CentralDifferences.projected(metaGradient, directions));
        }
        double full = errors[MetaGradient.FULL.ordinal()];
        double firstOrder = errors[MetaGradient.FIRST_ORDER.ordinal()];
        System.out.printf("tiny conv net: relative error FULL %.2e, first-order %.2e%n", full, firstOrder);
        assertTrue(full < 1e-4, "FULL: relative error " + full);
        assertTrue(firstOrder > 100 * full, "first-order should miss by far more than FULL's " + full + ": " + firstOrder);
    }
}
