package org.l2l4j.lstm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What the learned updater costs inside DL4J. For each MLP (sigmoid hidden layers, softmax output, batch
 * 128 of random MNIST-shaped data) it times, as medians with the 10th–90th percentile range:
 *
 * <ul>
 *   <li>one {@code fit()} iteration with the learned updater and with Adam;</li>
 *   <li>the learned updater's own step, {@code applyUpdater} on a block of all n parameters, as DL4J
 *       calls it; also with the state read back from DL4J's array every step (the plain copy-in/copy-out
 *       design), and Adam's {@code applyUpdater} at the same n;</li>
 *   <li>the bare kernel forward at the same n, on the same kernel the updater uses.</li>
 * </ul>
 * The updater and kernel runs alternate, so load from other processes hits both alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH org.l2l4j.lstm.UpdaterTiming [reps=20] [layers=784-20-10,784-1024-256-10]
 * </pre>
 */
public final class UpdaterTiming {

    private static final int BATCH = 128;

    private UpdaterTiming() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String[] nets = (args.length > 1 ? args[1] : "784-20-10,784-1024-256-10").split(",");
        LearnedUpdater learned = LearnedUpdater.of(LstmWeights.initial(LstmConfig.defaults(), 1));
        LstmKernel kernel = LstmKernel.create(Runtime.getRuntime().availableProcessors());
        System.out.println("# kernel " + kernel.description() + ", java " + System.getProperty("java.version")
                + ", batch " + BATCH + ", reps " + reps + ", times in ms: median [p10, p90]");
        for (String spec : nets) {
            int[] sizes = Arrays.stream(spec.split("-")).mapToInt(Integer::parseInt).toArray();
            List<DataSet> batches = batches(sizes[0], sizes[sizes.length - 1], 4, 11);
            Summary fitLearned = timeFit(network(sizes, learned), batches, reps);
            Summary fitAdam = timeFit(network(sizes, new Adam(1e-3)), batches, reps);
            int n = (int) network(sizes, new Adam()).numParams();
            Summary[] steps = timeSteps(learned, kernel, n, reps);
            Summary updater = steps[0];
            Summary reloading = steps[1];
            Summary bare = steps[2];
            Summary adam = steps[3];
            System.out.printf(Locale.ROOT, "%s  n=%d%n", spec, n);
            System.out.printf(Locale.ROOT, "  fit()  learned %s   adam %s   ratio %.2f%n", fitLearned, fitAdam,
                    fitLearned.median / fitAdam.median);
            System.out.printf(Locale.ROOT, "  applyUpdater  learned %s   (reading state back every step %s)   adam %s%n",
                    updater, reloading, adam);
            System.out.printf(Locale.ROOT, "  bare kernel forward %s%n", bare);
            System.out.printf(Locale.ROOT, "  updater / kernel %.3f (reading back every step %.3f);"
                            + " updater share of learned fit() %.0f%%%n",
                    updater.median / bare.median, reloading.median / bare.median,
                    100 * updater.median / fitLearned.median);
        }
    }

    /** A percentile summary of one timing. */
    private record Summary(double median, double p10, double p90) {
        static Summary of(double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return new Summary(at(s, 0.5), at(s, 0.1), at(s, 0.9));
        }

        private static double at(double[] sorted, double q) {
            return sorted[(int) Math.round(q * (sorted.length - 1))];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", median, p10, p90);
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

    private static Summary timeFit(MultiLayerNetwork net, List<DataSet> batches, int reps) {
        int warmup = Math.max(5, reps / 2);
        double[] ms = new double[reps];
        for (int r = -warmup; r < reps; r++) {
            DataSet batch = batches.get(Math.floorMod(r, batches.size()));
            long t0 = System.nanoTime();
            net.fit(batch);
            long t1 = System.nanoTime();
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
            }
        }
        return Summary.of(ms);
    }

    /** {learned applyUpdater, same reading the state back every step, bare kernel forward, Adam applyUpdater}. */
    private static Summary[] timeSteps(LearnedUpdater learned, LstmKernel kernel, int n, int reps) {
        INDArray view = Nd4j.zeros(DataType.FLOAT, learned.stateSize(n));
        GradientUpdater<LearnedUpdater> updater = learned.instantiate(view, true);
        INDArray adamView = Nd4j.zeros(DataType.FLOAT, new Adam().stateSize(n));
        GradientUpdater<?> adam = new Adam(1e-3).instantiate(adamView, true);
        INDArray gradient = Nd4j.randn(DataType.FLOAT, n).muli(1e-3);
        INDArray scratch = gradient.dup();
        float[] g = gradient.toFloatVector();
        LstmWeights w = learned.weights();
        LstmState in = LstmState.zeros(w.config(), n);
        LstmState out = LstmState.zeros(w.config(), n);
        float[] u = new float[n];
        int warmup = Math.max(5, reps / 2);
        double[][] ms = new double[4][reps + warmup];
        for (int r = 0; r < reps + warmup; r++) {
            scratch.assign(gradient);
            ms[0][r] = millis(() -> updater.applyUpdater(scratch, 0, 0));
            scratch.assign(gradient);
            updater.setStateViewArray(view, null, 'c', false); // forgets the heap copy: the next step reads the array
            ms[1][r] = millis(() -> updater.applyUpdater(scratch, 0, 0));
            ms[2][r] = millis(() -> kernel.forward(w, g, in, out, u, null));
            scratch.assign(gradient);
            ms[3][r] = millis(() -> adam.applyUpdater(scratch, 0, 0));
        }
        for (int k = 0; k < ms.length; k++) {
            ms[k] = Arrays.copyOfRange(ms[k], warmup, reps + warmup);
        }
        return new Summary[] {Summary.of(ms[0]), Summary.of(ms[1]), Summary.of(ms[2]), Summary.of(ms[3])};
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
