package org.l2l4j.lstm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What the learned updater costs inside DL4J. For each MLP (sigmoid hidden layers, softmax output, batch
 * 128 of random MNIST-shaped data, one updater for all parameters) it times, as minimum, median and
 * 10th–90th percentile range, in one interleaved loop so that load from other processes hits all alike:
 *
 * <ul>
 *   <li>one {@code fit()} iteration with the learned updater and with Adam;</li>
 *   <li>the same iteration taken apart as the solver runs it: the gradient ({@code computeGradientAndScore})
 *       and DL4J's updater pass ({@code Updater.update}: division by the batch size, then the updater
 *       blocks), for the learned updater and for Adam; the learned pass also with the LSTM state read back
 *       from DL4J's array (the plain copy-in/copy-out design, forced by re-setting the block's array);</li>
 *   <li>the bare kernel forward at the same n, on the same kernel the updater uses.</li>
 * </ul>
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp CLASSPATH org.l2l4j.lstm.UpdaterTiming [reps=20] [layers=784-20-10,784-1024-256-10]
 * </pre>
 */
public final class UpdaterTiming {

    private static final int BATCH = 128;
    private static final String[] NAMES = {"fit learned", "fit adam", "gradient", "updater pass learned",
        "updater pass learned, state read back", "updater pass adam", "bare kernel forward"};

    private UpdaterTiming() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String[] nets = (args.length > 1 ? args[1] : "784-20-10,784-1024-256-10").split(",");
        LearnedUpdater learned = LearnedUpdater.of(LstmWeights.initial(LstmConfig.defaults(), 1));
        LstmKernel kernel = LstmKernel.create(Runtime.getRuntime().availableProcessors());
        System.out.println("# kernel " + kernel.description() + ", java " + System.getProperty("java.version")
                + ", batch " + BATCH + ", reps " + reps + ", times in ms: min, median [p10, p90]");
        for (String spec : nets) {
            int[] sizes = Arrays.stream(spec.split("-")).mapToInt(Integer::parseInt).toArray();
            Summary[] t = time(sizes, learned, kernel, reps);
            System.out.printf(Locale.ROOT, "%s  n=%d%n", spec, network(sizes, new Adam()).numParams());
            for (int k = 0; k < NAMES.length; k++) {
                System.out.printf(Locale.ROOT, "  %-40s %s%n", NAMES[k], t[k]);
            }
            System.out.printf(Locale.ROOT, "  ratios of minima (medians): fit learned / fit adam %.2f (%.2f);"
                            + " updater pass learned / bare kernel %.3f (%.3f), with the state read back %.3f (%.3f);"
                            + " updater pass share of learned fit %.0f%% (%.0f%%)%n",
                    t[0].min / t[1].min, t[0].median / t[1].median, t[3].min / t[6].min, t[3].median / t[6].median,
                    t[4].min / t[6].min, t[4].median / t[6].median, 100 * t[3].min / t[0].min,
                    100 * t[3].median / t[0].median);
        }
    }

    /** A percentile summary of one timing; under load from other processes the minimum is the steadiest. */
    private record Summary(double min, double median, double p10, double p90) {
        static Summary of(double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return new Summary(s[0], at(s, 0.5), at(s, 0.1), at(s, 0.9));
        }

        private static double at(double[] sorted, double q) {
            return sorted[(int) Math.round(q * (sorted.length - 1))];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "min %9.3f   median %9.3f [%.3f, %.3f]", min, median, p10, p90);
        }
    }

    private static MultiLayerNetwork network(int[] sizes, IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .weightInit(WeightInit.NORMAL).updater(updater).list();
        for (int l = 1; l < sizes.length - 1; l++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[l - 1]).nOut(sizes[l]).activation(Activation.SIGMOID).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(sizes[sizes.length - 2])
                .nOut(sizes[sizes.length - 1]).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** The timings named in {@link #NAMES}, measured in one interleaved loop. */
    private static Summary[] time(int[] sizes, LearnedUpdater learned, LstmKernel kernel, int reps) {
        List<DataSet> batches = batches(sizes[0], sizes[sizes.length - 1], 4, 11);
        MultiLayerNetwork fitLearned = network(sizes, learned);
        MultiLayerNetwork fitAdam = network(sizes, new Adam(1e-3));
        MultiLayerNetwork partsLearned = network(sizes, learned);
        MultiLayerNetwork partsAdam = network(sizes, new Adam(1e-3));
        UpdaterBlock block = ((BaseMultiLayerUpdater<?>) partsLearned.getUpdater()).getUpdaterBlocks().get(0);
        int n = (int) partsLearned.numParams();
        LstmWeights w = learned.weights();
        float[] g = TestData.gradients(n, 2);
        LstmState in = LstmState.zeros(w.config(), n);
        LstmState out = LstmState.zeros(w.config(), n);
        float[] u = new float[n];

        int warmup = Math.max(5, reps / 2);
        double[][] ms = new double[NAMES.length][reps + warmup];
        for (int r = 0; r < reps + warmup; r++) {
            DataSet batch = batches.get(r % batches.size());
            ms[0][r] = millis(() -> fitLearned.fit(batch));
            ms[1][r] = millis(() -> fitAdam.fit(batch));
            double[] learnedParts = iteration(partsLearned, batch, r);
            ms[2][r] = learnedParts[0];
            ms[3][r] = learnedParts[1];
            block.getGradientUpdater().setStateViewArray(block.getUpdaterView(), null, 'c', false);
            ms[4][r] = iteration(partsLearned, batch, r)[1];
            ms[5][r] = iteration(partsAdam, batch, r)[1];
            ms[6][r] = millis(() -> kernel.forward(w, g, in, out, u, null));
        }
        Summary[] summaries = new Summary[NAMES.length];
        for (int k = 0; k < NAMES.length; k++) {
            summaries[k] = Summary.of(Arrays.copyOfRange(ms[k], warmup, reps + warmup));
        }
        return summaries;
    }

    /** One training iteration as DL4J's solver runs it; returns {gradient ms, updater pass ms}. */
    private static double[] iteration(MultiLayerNetwork net, DataSet batch, int iteration) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        double gradient = millis(net::computeGradientAndScore);
        Gradient g = net.gradient();
        double update = millis(() -> net.getUpdater().update(null, g, iteration, 0, BATCH,
                LayerWorkspaceMgr.noWorkspaces()));
        net.params().subi(g.gradient());
        return new double[] {gradient, update};
    }

    private static double millis(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** MNIST-shaped random batches: pixels U(0, 1), a random class each. */
    private static List<DataSet> batches(int inputs, int classes, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[][] x = new float[BATCH][inputs];
            float[][] y = new float[BATCH][classes];
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < inputs; j++) {
                    x[i][j] = (float) random.nextDouble();
                }
                y[i][random.nextInt(classes)] = 1;
            }
            batches.add(new DataSet(Nd4j.create(x), Nd4j.create(y)));
        }
        return batches;
    }
}
