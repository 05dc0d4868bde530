package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.SeedRange;
import org.l2l4j.lstm.LearnedSgd;
import org.l2l4j.optimizee.ClassificationEpisode;
import org.l2l4j.optimizee.FewShotClassification;
import org.l2l4j.optimizee.Problems;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * MAML's and Meta-SGD's meta-gradients through the inner steps of a {@code fewshot:} episode on the default
 * conv net (tanh, strided; 8x8 images written here as IDX files, 2-way 2-shot), against float64 central
 * differences of the unrolled query loss f<sub>Q</sub>(θ<sub>K</sub>), θ<sub>t+1</sub> = θ<sub>t</sub> − α ⊙
 * ∇f<sub>S</sub>(θ<sub>t</sub>), computed on a float64 copy of the episode. The estimator's Hessian-vector products
 * are central differences of float32 DL4J gradients; its error is measured along 12 random unit directions.
 */
class FewShotClassificationMetaGradientTest {

    private static final int STEPS = 2;
    private static final double ALPHA = 0.5;
    private static final int DIRECTIONS = 12;
    private static final long SEED = SeedRange.EVALUATION_BASE + 3;

    @TempDir
    Path dir;

    private ClassificationEpisode episode;
    private ClassificationEpisode float64;

    /** 24 training and 20 test images of 8x8 random pixels, labels 0..3 in turn. */
    @BeforeEach
    void episodes() throws IOException {
        Random random = new Random(1);
        for (String split : new String[] {"train", "t10k"}) {
            int count = split.equals("train") ? 24 : 20;
            byte[] pixels = new byte[count * 64];
            random.nextBytes(pixels);
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 4);
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"),
                    ByteBuffer.allocate(16 + pixels.length).putInt(2051).putInt(count).putInt(8).putInt(8).put(pixels).array());
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"),
                    ByteBuffer.allocate(8 + count).putInt(2049).putInt(count).put(labels).array());
        }
        FewShotClassification problem = (FewShotClassification) Problems.parse("fewshot:ways=2,shots=2,query=3,data=" + dir);
        episode = problem.sample(SEED);
        float64 = problem.sample(SEED, DataType.DOUBLE);
    }

    /** f<sub>Q</sub>(θ<sub>K</sub>) after K float64 SGD steps at rates {@code alpha} from {@code theta0}. */
    private double queryLoss(double[] alpha, double[] theta0) {
        double[] theta = theta0.clone();
        double[] g = new double[theta.length];
        for (int t = 0; t < STEPS; t++) {
            float64.supportLossAndGradient(theta, g);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= alpha[i] * g[i];
            }
        }
        return float64.queryLossAndGradient(theta, g);
    }

    /** {dL/dφ, dL/dθ<sub>0</sub>} from the estimator, K steps of {@code rule} at φ from the episode's θ<sub>0</sub>. */
    private <S, A> float[][] estimate(LearnedOptimizer<S, A> rule, float[] phi, MetaGradient kind) {
        int n = episode.dimension();
        float[] dPhi = new float[rule.parameterCount(n)];
        float[] dStart = new float[n];
        new UnrolledBptt<>(rule, BackpropMemory.storeAll(), MetaObjective.QUERY_LOSS, kind)
                .unroll(phi, new TruncatedStep<>(episode, rule, STEPS, episode.initialParameters()), STEPS, dPhi, dStart);
        return new float[][] {dPhi, dStart};
    }

    private double[] alphas() {
        double[] alpha = new double[episode.dimension()];
        java.util.Arrays.fill(alpha, ALPHA);
        return alpha;
    }

    /**
     * The float32 network and its float32 Hessian-vector differences leave about 1e-4 relative; tested at 2e-3.
     * First-order MAML misses the same L by far more, so the test tells the Hessian term is there.
     */
    @Test
    void mamlInitGradientMatchesCentralDifferencesThroughTheInnerSteps() {
        double[] alpha = alphas();
        double[] theta0 = CentralDifferences.widened(episode.initialParameters());
        double[][] directions = CentralDifferences.randomDirections(DIRECTIONS, theta0.length, 3);
        double[] numeric = CentralDifferences.along(theta0, directions, t -> queryLoss(alpha, t));
        double full = CentralDifferences.relativeError(numeric,
                CentralDifferences.projected(estimate(LearnedSgd.fixed(ALPHA), new float[0], MetaGradient.FULL)[1], directions));
        double firstOrder = CentralDifferences.relativeError(numeric, CentralDifferences.projected(
                estimate(LearnedSgd.fixed(ALPHA), new float[0], MetaGradient.FIRST_ORDER)[1], directions));
        assertTrue(full < 2e-3, "MAML dL/dθ0: relative error " + full);
        assertTrue(firstOrder > 10 * full, "first-order should miss by far more than " + full + ": " + firstOrder);
    }

    @Test
    void metaSgdRateGradientMatchesCentralDifferences() {
        double[] alpha = alphas();
        double[] theta0 = CentralDifferences.widened(episode.initialParameters());
        double[][] directions = CentralDifferences.randomDirections(DIRECTIONS, alpha.length, 3);
        double[] numeric = CentralDifferences.along(alpha, directions, a -> queryLoss(a, theta0));
        float[] rates = new float[alpha.length];
        java.util.Arrays.fill(rates, (float) ALPHA);
        double err = CentralDifferences.relativeError(numeric,
                CentralDifferences.projected(estimate(LearnedSgd.perParameter(), rates, MetaGradient.FULL)[0], directions));
        assertTrue(err < 2e-3, "Meta-SGD dL/dα: relative error " + err);
    }
}
