package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/** The updater inside DL4J training: the step it applies, where its state lives, save and restore. */
class LearnedGradientUpdaterTest {

    private static final int BATCH = 8;

    @TempDir
    Path dir;

    /**
     * DL4J's raw gradient is that of the summed loss; it divides by the minibatch size before the updater,
     * which is then the gradient of the mean loss (what {@code score()} reports). Central differences in
     * float64 with step 1e-6 are accurate to ~1e-9 here; the tolerance 1e-7 leaves room. Every 7th
     * parameter is checked (each weight and bias array of the three layers has at least one).
     */
    @Test
    void dl4jsGradientDividedByTheBatchSizeIsThatOfTheMeanLoss() {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(SmallNets.builder(new NoOp(), DataType.DOUBLE)));
        net.init();
        DataSet batch = SmallNets.batches(1, BATCH, 21, DataType.DOUBLE).get(0);
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        INDArray raw = net.gradient().gradient().dup();
        INDArray params = net.params();
        double h = 1e-6;
        for (int i = 0; i < params.length(); i += 7) {
            double theta = params.getDouble(i);
            params.putScalar(i, theta + h);
            double plus = net.score(batch);
            params.putScalar(i, theta - h);
            double minus = net.score(batch);
            params.putScalar(i, theta);
            double meanLossGradient = (plus - minus) / (2 * h);
            assertEquals(meanLossGradient, raw.getDouble(i) / BATCH, 1e-7, "parameter " + i);
        }
    }

    /**
     * Each fit() moves θ by exactly the update LstmOptimizer computes from the same sequence of mean-loss
     * gradients, and leaves the LSTM state of that optimizer in DL4J's updater state array. Tolerance: one
     * float ulp of θ (θ + u is rounded) plus 1e-6·|u| for kernel rounding.
     */
    @ParameterizedTest
    @MethodSource("org.l2l4j.lstm.TestData#stateLayouts")
    void fitAppliesTheLearnedUpdateAndKeepsTheStateInDl4jsArray(LstmConfig config) {
        LearnedUpdater learned = SmallNets.learned(31, config);
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(learned));
        net.init();
        int n = (int) net.numParams();
        LstmOptimizer reference = new LstmOptimizer(learned.weights(), LstmKernel.create(1));
        LstmOptimizer.State state = reference.init(n);
        float[] update = new float[n];
        for (DataSet batch : SmallNets.batches(6, BATCH, 32)) {
            float[] gradient = meanGradient(net, batch);
            float[] before = net.params().toFloatVector();
            net.fit(batch);
            float[] after = net.params().toFloatVector();
            reference.update(gradient, state, update);
            assertMoved(before, after, update, 0, 0, n);
            assertStateEquals(state.current(), net.getUpdater().getStateViewArray(), 0);
        }
    }

    /**
     * Biases on SGD, weights learned: six updater blocks that alternate. Each weight keeps its own LSTM
     * state, so the learned blocks together must move exactly as one LstmOptimizer over all weights would,
     * and each bias by −lr·g.
     */
    @Test
    void mixedUpdatersKeepEachBlocksStateApart() {
        LearnedUpdater learned = SmallNets.learned(41);
        double lr = 0.1;
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(
                SmallNets.builder(learned, DataType.FLOAT).biasUpdater(new Sgd(lr))));
        net.init();
        assertEquals(6, ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().size());

        // Flattened order: W0 b0 W1 b1 W2 b2.
        int[] sizes = {SmallNets.INPUTS * SmallNets.HIDDEN, SmallNets.HIDDEN, SmallNets.HIDDEN * SmallNets.HIDDEN,
            SmallNets.HIDDEN, SmallNets.HIDDEN * SmallNets.CLASSES, SmallNets.CLASSES};
        // The reference runs each weight block as its own set of coordinates, as DL4J hands them over: the
        // kernel's vector/scalar split then falls on the same coordinates (it moves the last float bits).
        LstmOptimizer reference = new LstmOptimizer(learned.weights(), LstmKernel.create(1));
        LstmOptimizer.State[] states = new LstmOptimizer.State[sizes.length / 2]; // W0, W1, W2
        for (int w = 0; w < states.length; w++) {
            states[w] = reference.init(sizes[2 * w]);
        }
        for (DataSet batch : SmallNets.batches(5, BATCH, 42)) {
            float[] gradient = meanGradient(net, batch);
            float[] before = net.params().toFloatVector();
            net.fit(batch);
            float[] after = net.params().toFloatVector();
            for (int p = 0, at = 0; p < sizes.length; at += sizes[p], p++) {
                if (p % 2 == 0) {
                    float[] update = new float[sizes[p]];
                    reference.update(Arrays.copyOfRange(gradient, at, at + sizes[p]), states[p / 2], update);
                    assertMoved(before, after, update, 0, at, sizes[p]);
                } else {
                    for (int i = at; i < at + sizes[p]; i++) {
                        float sgd = (float) (-lr * gradient[i]);
                        assertEquals(sgd, after[i] - before[i], tolerance(before[i], sgd), "bias " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.l2l4j.lstm.TestData#stateLayouts")
    void multiLayerNetworkSavedMidTrainingContinuesLikeAnUninterruptedRun(LstmConfig config) throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(SmallNets.learned(51, config)));
        net.init();
        assertContinuesAfterRestore(net, file -> ModelSerializer.restoreMultiLayerNetwork(file, true),
                file -> ModelSerializer.restoreMultiLayerNetwork(file, false));
    }

    @ParameterizedTest
    @MethodSource("org.l2l4j.lstm.TestData#stateLayouts")
    void computationGraphSavedMidTrainingContinuesLikeAnUninterruptedRun(LstmConfig config) throws IOException {
        ComputationGraph graph = new ComputationGraph(SmallNets.graph(SmallNets.learned(52, config)));
        graph.init();
        assertContinuesAfterRestore(graph, file -> ModelSerializer.restoreComputationGraph(file, true),
                file -> ModelSerializer.restoreComputationGraph(file, false));
    }

    /**
     * DL4J may assign the state array of a network that has already trained (early stopping, rewinding,
     * parameter averaging); the next step must start from the assigned state, not from one remembered
     * elsewhere. Rewinding parameters and state must therefore replay the same losses.
     */
    @Test
    void stateAssignedIntoATrainingNetworkIsTheStateUsed() {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(SmallNets.learned(53)));
        net.init();
        List<DataSet> batches = SmallNets.batches(7, BATCH, 72);
        DataSet heldOut = SmallNets.batches(1, 64, 73).get(0);
        for (DataSet batch : batches.subList(0, 3)) {
            net.fit(batch);
        }
        INDArray params = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray().dup();
        List<DataSet> rest = batches.subList(3, batches.size());
        double[] first = continueTraining(net, rest, heldOut);

        net.setParams(params);
        net.getUpdater().setStateViewArray(net, state, false);
        assertArrayEquals(first, continueTraining(net, rest, heldOut), 1e-6);
    }

    /**
     * The updater keeps the state on the heap between steps; whatever replaces the array's contents must
     * win. Rewinding to a saved array must repeat the step taken from it, and zeroing the array must repeat
     * the very first step (both exactly: same kernel, same inputs).
     */
    @ParameterizedTest
    @MethodSource("org.l2l4j.lstm.TestData#stateLayouts")
    void replacingTheStateArraysContentsIsSeenByTheNextStep(LstmConfig config) {
        LearnedUpdater learned = SmallNets.learned(54, config);
        int n = 300;
        INDArray view = Nd4j.zeros(DataType.FLOAT, learned.stateSize(n));
        GradientUpdater<LearnedUpdater> updater = learned.instantiate(view, true);
        INDArray g1 = Nd4j.randn(DataType.FLOAT, n);
        INDArray g2 = Nd4j.randn(DataType.FLOAT, n);

        INDArray first = step(updater, g1);
        INDArray afterFirst = view.dup();
        INDArray second = step(updater, g2);
        step(updater, g1);

        view.assign(afterFirst);
        assertEquals(second, step(updater, g2), "step after rewinding the array");
        view.assign(0);
        assertEquals(first, step(updater, g1), "step after zeroing the array");
    }

    private static INDArray step(GradientUpdater<LearnedUpdater> updater, INDArray gradient) {
        INDArray g = gradient.dup();
        updater.applyUpdater(g, 0, 0);
        return g;
    }

    @Test
    void stateMapRoundTripsThroughInstantiate() {
        LearnedUpdater learned = SmallNets.learned(61);
        INDArray view = Nd4j.rand(DataType.FLOAT, learned.stateSize(10));
        assertEquals(802, view.length());
        GradientUpdater<LearnedUpdater> fromView = learned.instantiate(view, false);
        Map<String, INDArray> state = fromView.getState();
        assertSame(view, state.get(LearnedUpdater.STATE_KEY));
        GradientUpdater<LearnedUpdater> fromMap = learned.instantiate(state, false);
        assertSame(view, fromMap.getState().get(LearnedUpdater.STATE_KEY));
        assertSame(learned, fromMap.getConfig());

        learned.instantiate(view, true);
        assertEquals(0.0, view.amaxNumber().doubleValue(), "initialize zeroes the state");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> learned.instantiate(Map.of("M", view), false));
        assertTrue(e.getMessage().contains(LearnedUpdater.STATE_KEY), e.getMessage());
    }

    @Test
    void badStateArraysAndGradientsAreRefusedWithTheOffendingValue() {
        LearnedUpdater learned = SmallNets.learned(62);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> learned.instantiate(Nd4j.zeros(DataType.FLOAT, 81), true));
        assertTrue(length.getMessage().contains("81"), length.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> learned.instantiate(Nd4j.zeros(DataType.DOUBLE, 80), true));
        assertTrue(type.getMessage().contains("DOUBLE"), type.getMessage());

        GradientUpdater<LearnedUpdater> updater = learned.instantiate(Nd4j.zeros(DataType.FLOAT, 162), true);
        IllegalArgumentException gradient = assertThrows(IllegalArgumentException.class,
                () -> updater.applyUpdater(Nd4j.zeros(DataType.FLOAT, 3), 0, 0));
        assertTrue(gradient.getMessage().contains("state of 3 parameters"), gradient.getMessage());
    }

    @Test
    void aFloat64NetworkIsRefusedWithAClearMessage() {
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNets.mlp(
                SmallNets.builder(SmallNets.learned(63), DataType.DOUBLE)));
        net.init();
        DataSet batch = SmallNets.batches(1, BATCH, 64, DataType.DOUBLE).get(0);
        RuntimeException e = assertThrows(RuntimeException.class, () -> net.fit(batch));
        assertTrue(messages(e).contains("float32"), messages(e));
    }

    private interface Restore<M extends Model> {
        M from(File file) throws IOException;
    }

    /**
     * Trains 4 steps, saves with the updater state, trains 5 more recording the loss on a held-out batch;
     * the network restored from the file must record the same losses (float tolerance, 1e-6; the run is
     * deterministic, so in practice they are equal). As a check that the test can fail, a network restored
     * without the updater state (zero LSTM state) must record different ones.
     */
    private <M extends Model> void assertContinuesAfterRestore(M net, Restore<M> withState, Restore<M> withoutState)
            throws IOException {
        List<DataSet> batches = SmallNets.batches(9, BATCH, 70);
        DataSet heldOut = SmallNets.batches(1, 64, 71).get(0);
        for (DataSet batch : batches.subList(0, 4)) {
            fit(net, batch);
        }
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        List<DataSet> rest = batches.subList(4, batches.size());

        double[] uninterrupted = continueTraining(net, rest, heldOut);
        double[] restored = continueTraining(withState.from(file), rest, heldOut);
        double[] stateless = continueTraining(withoutState.from(file), rest, heldOut);

        assertArrayEquals(uninterrupted, restored, 1e-6, "losses after restoring with the updater state");
        double gap = 0;
        for (int i = 0; i < rest.size(); i++) {
            gap = Math.max(gap, Math.abs(uninterrupted[i] - stateless[i]));
        }
        assertTrue(gap > 1e-4, "restoring without the LSTM state should change the losses, max gap " + gap
                + ": " + Arrays.toString(uninterrupted) + " vs " + Arrays.toString(stateless));
    }

    private static double[] continueTraining(Model net, List<DataSet> batches, DataSet heldOut) {
        double[] losses = new double[batches.size()];
        for (int i = 0; i < batches.size(); i++) {
            fit(net, batches.get(i));
            losses[i] = net instanceof MultiLayerNetwork mln ? mln.score(heldOut) : ((ComputationGraph) net).score(heldOut);
        }
        return losses;
    }

    private static void fit(Model net, DataSet batch) {
        if (net instanceof MultiLayerNetwork mln) {
            mln.fit(batch);
        } else {
            ((ComputationGraph) net).fit(batch);
        }
    }

    /** The gradient DL4J will hand the updaters for {@code batch}: that of the summed loss over the batch size. */
    private static float[] meanGradient(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup().divi(batch.numExamples()).toFloatVector();
    }

    /** θ[at + i] moved by update[from + i] for i < count. */
    private static void assertMoved(float[] before, float[] after, float[] update, int from, int at, int count) {
        for (int i = 0; i < count; i++) {
            float u = update[from + i];
            float theta = before[at + i];
            assertEquals(u, after[at + i] - theta, tolerance(theta, u), "parameter " + (at + i));
        }
    }

    private static double tolerance(float theta, float u) {
        return Math.ulp(Math.abs(theta) + Math.abs(u)) + 1e-6 * Math.abs(u);
    }

    /**
     * The view, laid out h(0), c(0), h(1), c(1), … each [hidden × n], then for ADAM_NORMALISED m and v [n],
     * a base step's trace [n], the 2 reserved floats and the step count if counted, equals {@code expected}. The moments depend on the gradients
     * only, which both runs share, and both kernels compute them with the same float operations: exact.
     */
    private static void assertStateEquals(LstmState expected, INDArray view, int offset) {
        float[] flat = view.toFloatVector();
        int n = expected.n();
        int block = expected.config().hidden() * n;
        int layers = expected.config().layers();
        for (int l = 0; l < layers; l++) {
            int at = offset + 2 * l * block;
            assertArrayEquals(expected.h(l), Arrays.copyOfRange(flat, at, at + block), 1e-6f, "h of layer " + l);
            assertArrayEquals(expected.c(l), Arrays.copyOfRange(flat, at + block, at + 2 * block), 1e-5f,
                    "c of layer " + l);
        }
        if (expected.config().preprocessing().stateFloats() > 0) {
            int at = offset + 2 * layers * block;
            assertArrayEquals(expected.gradientMean(), Arrays.copyOfRange(flat, at, at + n), "m");
            assertArrayEquals(expected.gradientMeanSquare(), Arrays.copyOfRange(flat, at + n, at + 2 * n), "v");
        }
        if (expected.config().countsSteps()) {
            int stepsAt = offset + LstmState.floatsPerCoordinate(expected.config()) * n
                    + LearnedGradientUpdater.RESERVED_FLOATS;
            assertEquals(expected.steps(), flat[stepsAt], "step count");
        }
        if (expected.config().base().active()) {
            int at = offset + 2 * layers * block + expected.config().preprocessing().stateFloats() * n;
            assertArrayEquals(expected.baseTrace(), Arrays.copyOfRange(flat, at, at + n), "base trace");
        }
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
