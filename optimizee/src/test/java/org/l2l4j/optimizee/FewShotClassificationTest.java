package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.TestMetrics;
import org.nd4j.linalg.dataset.DataSet;

/** The fewshot: family: which classes and examples a seed's episode draws, its labels, its network, its bad input. */
class FewShotClassificationTest {

    @TempDir
    Path dir;

    private static final FewShotClassification MNIST = (FewShotClassification) Problems.parse("fewshot");

    /** Where an episode's example came from in the embedded data: its split (0 train, 1 test) and its digit. */
    private static int[] origin(float[] row) {
        TrainTestData data = TrainTestData.embedded();
        LabelledData[] splits = {data.train(), data.test()};
        for (int s = 0; s < 2; s++) {
            float[] features = splits[s].sharedFeatures();
            int n = row.length;
            for (int i = 0; i < splits[s].size(); i++) {
                if (Arrays.equals(features, i * n, (i + 1) * n, row, 0, n)) {
                    return new int[] {s, splits[s].label(i)};
                }
            }
        }
        throw new AssertionError("an episode's example is not in the data");
    }

    /** Per row of {@code set}: its episode label, split and digit. */
    private static int[][] origins(DataSet set) {
        float[][] features = set.getFeatures().toFloatMatrix();
        int rows = set.numExamples();
        int[][] result = new int[rows][];
        for (int r = 0; r < rows; r++) {
            int[] from = origin(features[r]);
            result[r] = new int[] {set.getLabels().getRow(r).argMax().getInt(0), from[0], from[1]};
        }
        return result;
    }

    private static void assertDrawnFrom(ClassificationEpisode episode, Set<Integer> splits, int firstDigit, int lastDigit) {
        int[] digitOfLabel = new int[5];
        Arrays.fill(digitOfLabel, -1);
        for (DataSet set : new DataSet[] {episode.support(), episode.query()}) {
            for (int[] row : origins(set)) {
                assertTrue(splits.contains(row[1]), "split " + row[1]);
                assertTrue(row[2] >= firstDigit && row[2] <= lastDigit, "digit " + row[2]);
                if (digitOfLabel[row[0]] < 0) {
                    digitOfLabel[row[0]] = row[2];
                }
                assertEquals(digitOfLabel[row[0]], row[2], "one digit per episode label");
            }
        }
        assertEquals(5, Arrays.stream(digitOfLabel).distinct().count(), "five different digits");
    }

    @Test
    void metaTrainingValidationAndEvaluationSeedsDrawFromTheirClassesAndSplits() {
        long training = SeedRange.TRAINING_BASE + 12345;
        assertDrawnFrom(MNIST.sample(training), Set.of(0), 0, 4);
        assertDrawnFrom(MNIST.sample(SeedRange.VALIDATION_BASE + 3), Set.of(1), 0, 4);
        assertDrawnFrom(MNIST.sample(SeedRange.EVALUATION_BASE + 7), Set.of(0, 1), 5, 9);
        assertDrawnFrom(MNIST.sample(SeedRange.TUNING_BASE), Set.of(0, 1), 5, 9);
    }

    @Test
    void anEpisodeHasShotsAndQueryPerWayLabelledZeroToWaysInASeededOrder() {
        FewShotClassification problem = (FewShotClassification) Problems.parse("fewshot:ways=3,shots=2,query=4");
        Set<List<Integer>> orders = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            ClassificationEpisode episode = problem.sample(SeedRange.EVALUATION_BASE + i);
            assertEquals(6, episode.support().numExamples());
            assertEquals(12, episode.query().numExamples());
            int[][] support = origins(episode.support());
            for (int r = 0; r < support.length; r++) {
                assertEquals(r / 2, support[r][0], "two support examples of label 0, then of 1, then of 2");
            }
            orders.add(List.of(support[0][2], support[2][2], support[4][2]));
            assertEquals(6, Arrays.stream(support).mapToInt(row -> row[2] * 1000 + row[1]).count());
        }
        assertTrue(orders.size() > 1, "the digit of label 0, 1, 2 changes with the seed: " + orders);
    }

    @Test
    void theSameSeedGivesTheSameEpisodeAndParameters() {
        ClassificationEpisode a = MNIST.sample(SeedRange.EVALUATION_BASE);
        ClassificationEpisode b = MNIST.sample(SeedRange.EVALUATION_BASE);
        ClassificationEpisode c = MNIST.sample(SeedRange.EVALUATION_BASE + 1);
        assertEquals(a.support(), b.support());
        assertEquals(a.query(), b.query());
        assertArrayEquals(a.initialParameters(), b.initialParameters());
        assertNotEquals(a.query(), c.query());
    }

    @Test
    void theDefaultNetworkOnImagesIsASmallConvNetWithOneOutputPerWay() {
        ClassificationEpisode episode = MNIST.sample(SeedRange.EVALUATION_BASE);
        assertEquals(List.of("0_b:8", "0_W:8x1x3x3", "1_b:8", "1_W:8x8x3x3", "2_W:392x5", "2_b:5"),
                episode.parameterLayout());
        float[] theta = episode.initialParameters();
        float[] gradient = new float[theta.length];
        double support = episode.lossAndGradient(theta, gradient);
        assertEquals(support, episode.trainingLoss(theta).getAsDouble(), 1e-5, "the training loss is the support loss");
        TestMetrics query = episode.testMetrics(theta).orElseThrow();
        assertEquals(query.loss(), episode.queryLoss(theta, new float[theta.length]), 1e-5);
        assertTrue(query.accuracy().getAsDouble() >= 0 && query.accuracy().getAsDouble() <= 1);
    }

    /** A copy of the network on copies of the support set: the episode's own support gradient, bit for bit. */
    @Test
    void theSecondEvaluatorGivesTheSupportGradientToTheBit() {
        ClassificationEpisode episode = MNIST.sample(SeedRange.EVALUATION_BASE);
        float[] theta = episode.initialParameters();
        float[] own = new float[theta.length];
        float[] other = new float[theta.length];
        double loss = episode.lossAndGradient(theta, own);
        assertEquals(loss, episode.concurrentBatchGradient().orElseThrow().lossAndGradientOnBatch(0, theta, other), 0.0);
        assertArrayEquals(own, other, 0f);
    }

    @Test
    void theDefaultNetworkOnRowsOfFeaturesIsAnMlp() throws IOException {
        Path csv = DataTestFiles.csv(dir.resolve("d.csv"), 200, 3, 4, false);
        FewShotClassification problem = (FewShotClassification) Problems.parse("fewshot:ways=2,shots=2,query=3,data=" + csv);
        assertEquals("fewshot:ways=2,shots=2,query=3,data=" + csv, problem.spec(), "class ranges 0-1 and 2-3 by default");
        assertEquals(List.of("0_W:3x40", "0_b:40", "1_W:40x40", "1_b:40", "2_W:40x2", "2_b:2"),
                problem.sample(SeedRange.EVALUATION_BASE).parameterLayout());
    }

    @Test
    void theSpecParsesBackToAnEqualProblem() {
        for (String spec : List.of("fewshot", "fewshot:ways=3,shots=5,query=10",
                "fewshot:ways=2,train-classes=0-6,test-classes=8-9")) {
            FewShotClassification problem = (FewShotClassification) Problems.parse(spec);
            assertEquals(spec, problem.spec());
            assertEquals(problem, Problems.parse(problem.spec()));
        }
        assertEquals("fewshot", Problems.parse("fewshot:ways=5,shots=1,query=15,train-classes=0-4,test-classes=5-9").spec());
    }

    private String refusal(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> Problems.parse(spec)).getMessage();
    }

    @Test
    void badInputIsRefusedNamingItsKey() throws IOException {
        assertTrue(refusal("fewshot:ways=6").contains("ways=6: more than the 5 classes of train-classes=0-4"),
                refusal("fewshot:ways=6"));
        assertTrue(refusal("fewshot:test-classes=4-9").contains("test-classes=4-9: overlaps train-classes=0-4"));
        assertTrue(refusal("fewshot:test-classes=5-10").contains("test-classes=5-10: embedded mnist-10k has classes 0-9"));
        assertTrue(refusal("fewshot:train-classes=4-2").contains("train-classes=4-2: expected a class range"));
        Path csv = DataTestFiles.csv(dir.resolve("small.csv"), 40, 2, 4, false);
        assertTrue(refusal("fewshot:ways=2,shots=20,data=" + csv).contains("shots=20: class 0 has "), refusal(
                "fewshot:ways=2,shots=20,data=" + csv));
        assertTrue(refusal("fewshot:ways=2,shots=2,query=15,data=" + csv).contains("query=15: class 0 has "));
        Path one = DataTestFiles.csv(dir.resolve("one.csv"), 40, 2, 1, false);
        assertTrue(refusal("fewshot:data=" + one).contains("data=" + one + ": 1 class only"), refusal("fewshot:data=" + one));
        Path conf = Files.writeString(dir.resolve("net.json"), DataTestFiles.mlp(784, 4).toJson());
        assertTrue(refusal("fewshot:conf=" + conf).contains("conf=" + conf + ": the network has 4 outputs, not ways=5"),
                refusal("fewshot:conf=" + conf));
    }

    private static final FewShotClassification ROTATED = (FewShotClassification) Problems.parse("fewshot:augment=rotations");

    /** {@code row}, a 28x28 image, turned by {@code quarters} quarter turns counter-clockwise. */
    private static float[] turned(float[] row, int quarters) {
        float[] result = new float[row.length];
        ClassAugmentation.ROTATIONS.write(row, 0, new ImageShape(1, 28, 28), quarters, row.length, result, 0);
        return result;
    }

    /** The embedded training split's examples by their content. */
    private static final Map<List<Float>, Integer> TRAINING_EXAMPLES = new HashMap<>();

    static {
        LabelledData train = TrainTestData.embedded().train();
        int n = train.featuresPerExample();
        float[] features = train.sharedFeatures();
        for (int i = 0; i < train.size(); i++) {
            TRAINING_EXAMPLES.put(asList(Arrays.copyOfRange(features, i * n, (i + 1) * n)), train.label(i));
        }
    }

    private static List<Float> asList(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    /** Per row of {@code set}: its episode label, the quarter turns r that made it, its digit (rotated by r). */
    private static int[][] rotatedOrigins(DataSet set) {
        float[][] rows = set.getFeatures().toFloatMatrix();
        int[][] result = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            for (int quarters = 0; quarters < 4 && result[r] == null; quarters++) {
                Integer digit = TRAINING_EXAMPLES.get(asList(quarters == 0 ? rows[r] : turned(rows[r], 4 - quarters)));
                if (digit != null) {
                    result[r] = new int[] {set.getLabels().getRow(r).argMax().getInt(0), quarters, digit};
                }
            }
            assertTrue(result[r] != null, "row " + r + " is no rotation of a training example");
        }
        return result;
    }

    @Test
    void aQuarterTurnMovesTheTopRightPixelToTheTopLeftInEveryChannel() {
        // two channels of a 2x2 image: a b / c d, then e f / g h
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] turned = new float[8];
        ClassAugmentation.ROTATIONS.write(image, 0, new ImageShape(2, 2, 2), 1, 8, turned, 0);
        assertArrayEquals(new float[] {2, 4, 1, 3, 6, 8, 5, 7}, turned);
        ClassAugmentation.ROTATIONS.write(image, 0, new ImageShape(2, 2, 2), 2, 8, turned, 0);
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5}, turned);
        ClassAugmentation.ROTATIONS.write(image, 0, new ImageShape(2, 2, 2), 3, 8, turned, 0);
        assertArrayEquals(new float[] {3, 1, 4, 2, 7, 5, 8, 6}, turned);
        float[] twoImages = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        ClassAugmentation.NONE.write(twoImages, 1, null, 0, 8, turned, 0);
        assertArrayEquals(image, turned, "copy 0 is the example as it is");
    }

    /** Each label of a meta-training task is one digit of 0-4 turned by one number of quarter turns. */
    @Test
    void rotationsMakeMetaTrainingClassesOfDigitsRotatedWholeQuarterTurns() {
        Set<Integer> turnsSeen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            ClassificationEpisode episode = ROTATED.sample(SeedRange.TRAINING_BASE + 100 + i);
            int[] classOfLabel = new int[5];
            Arrays.fill(classOfLabel, -1);
            for (DataSet set : new DataSet[] {episode.support(), episode.query()}) {
                for (int[] row : rotatedOrigins(set)) {
                    assertTrue(row[2] >= 0 && row[2] <= 4, "digit " + row[2]);
                    int rotatedClass = row[1] * 10 + row[2];
                    if (classOfLabel[row[0]] < 0) {
                        classOfLabel[row[0]] = rotatedClass;
                    }
                    assertEquals(classOfLabel[row[0]], rotatedClass, "one digit and one rotation per episode label");
                    turnsSeen.add(row[1]);
                }
            }
            assertEquals(5, Arrays.stream(classOfLabel).distinct().count(), "five different classes");
        }
        assertEquals(Set.of(0, 1, 2, 3), turnsSeen, "the 20 classes are the digits at each of the four turns");
    }

    @Test
    void heldOutAndTuningTasksAreNeverRotated() {
        for (long seed : new long[] {SeedRange.EVALUATION_BASE, SeedRange.EVALUATION_BASE + 599, SeedRange.TUNING_BASE}) {
            ClassificationEpisode rotated = ROTATED.sample(seed);
            ClassificationEpisode plain = MNIST.sample(seed);
            assertEquals(plain.support(), rotated.support());
            assertEquals(plain.query(), rotated.query());
        }
        assertDrawnFrom(ROTATED.sample(SeedRange.EVALUATION_BASE + 3), Set.of(0, 1), 5, 9);
    }

    @Test
    void rotationsAreASpecKeyThatRefusesRowsOfFeaturesAndUnknownValues() throws IOException {
        assertEquals("fewshot:augment=rotations", ROTATED.spec());
        assertEquals(ROTATED, Problems.parse(ROTATED.spec()));
        assertEquals("fewshot", Problems.parse("fewshot:augment=none").spec());
        assertNotEquals(MNIST, ROTATED);
        assertTrue(refusal("fewshot:augment=flips").contains("'flips' for key 'augment'"), refusal("fewshot:augment=flips"));
        Path csv = DataTestFiles.csv(dir.resolve("d.csv"), 200, 3, 4, false);
        String spec = "fewshot:ways=2,augment=rotations,data=" + csv;
        assertTrue(refusal(spec).contains("augment=rotations: rotations need square images"), refusal(spec));
        assertEquals(8, ((FewShotClassification) Problems.parse("fewshot:ways=8,train-classes=0-1,test-classes=2-9,"
                + "augment=rotations")).sample(SeedRange.TRAINING_BASE).support().numExamples(),
                "two digits at four turns are eight classes");
    }

    @Test
    void aConfNetworkWithWaysOutputsIsUsed() throws IOException {
        Path conf = Files.writeString(dir.resolve("net.json"), DataTestFiles.mlp(784, 5).toJson());
        FewShotClassification problem = (FewShotClassification) Problems.parse("fewshot:conf=" + conf);
        assertEquals("fewshot:conf=" + conf, problem.spec());
        assertEquals(784 * 8 + 8 + 8 * 5 + 5, problem.sample(SeedRange.EVALUATION_BASE).dimension());
    }
}
