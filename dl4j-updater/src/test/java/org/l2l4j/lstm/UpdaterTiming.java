package org.l2l4j.lstm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ThreadMXBean;
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
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
 * What the default learned updater ({@link LearnedUpdater#bundled()}) costs inside DL4J. For each MLP (sigmoid
 * hidden layers, softmax output, batch 128 of random MNIST-shaped data, one updater for all parameters) it
 * times, in wall and in CPU time, as median, 10th–90th percentile range and minimum, in one interleaved loop
 * so that load from other processes hits all alike:
 *
 * <ul>
 *   <li>one {@code fit()} iteration with the learned updater and with Adam;</li>
 *   <li>the same iteration taken apart as the solver runs it: the gradient ({@code computeGradientAndScore})
 *       and DL4J's updater pass ({@code Updater.update}: division by the batch size, then the updater
 *       blocks, here one), for the learned updater and for Adam;</li>
 *   <li>the learned updater's own step, {@code applyUpdater} on one block of all n parameters as DL4J calls
 *       it;</li>
 *   <li>the bare kernel forward at the same n, on the same kernel the updater uses.</li>
 * </ul>
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp CLASSPATH org.l2l4j.lstm.UpdaterTiming [reps=20] [layers=784-20-10,784-1024-256-10]
 * </pre>
 */
public final class UpdaterTiming {

    private static final int BATCH = 128;
    private static final String[] NAMES = {"fit() learned", "fit() adam", "gradient", "DL4J updater pass learned",
        "DL4J updater pass adam", "applyUpdater learned", "bare kernel forward"};

    private UpdaterTiming() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String[] nets = (args.length > 1 ? args[1] : "784-20-10,784-1024-256-10").split(",");
        LearnedUpdater learned = LearnedUpdater.bundled(); // what a user's fit() gets by default
        LstmKernel kernel = LstmKernel.create(Runtime.getRuntime().availableProcessors());
        System.out.println("# kernel " + kernel.description() + ", java " + System.getProperty("java.version")
                + ", batch " + BATCH + ", reps " + reps + ", times in ms: median [p10, p90] min");
        System.out.println("# load average at start " + loadAverage());
        for (String spec : nets) {
            int[] sizes = Arrays.stream(spec.split("-")).mapToInt(Integer::parseInt).toArray();
            Timings t = time(sizes, learned, kernel, reps);
            System.out.printf(Locale.ROOT, "%s  n=%d%n", spec, network(sizes, new Adam()).numParams());
            Summary[] wall = t.summaries(t.wall);
            Summary[] cpu = t.summaries(t.cpu);
            for (int k = 0; k < NAMES.length; k++) {
                System.out.printf(Locale.ROOT, "  %-38s wall %s   cpu %s%n", NAMES[k], wall[k], cpu[k]);
            }
            for (String kind : new String[] {"wall", "cpu"}) {
                Summary[] m = kind.equals("wall") ? wall : cpu;
                System.out.printf(Locale.ROOT, "  %-4s medians (minima): fit learned / fit adam %.2f (%.2f);"
                                + " applyUpdater / bare kernel %.3f (%.3f);"
                                + " DL4J updater pass / bare kernel %.3f (%.3f); updater pass / fit learned %.0f%% (%.0f%%)%n",
                        kind, m[0].median / m[1].median, m[0].min / m[1].min, m[5].median / m[6].median,
                        m[5].min / m[6].min, m[3].median / m[6].median, m[3].min / m[6].min, 100 * m[3].median / m[0].median,
                        100 * m[3].min / m[0].min);
            }
        }
        System.out.println("# load average at end " + loadAverage());
    }

    /** The 1-minute load average of /proc/loadavg, or "unknown". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A percentile summary of one timing. */
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
            return String.format(Locale.ROOT, "%9.3f [%9.3f, %9.3f] min %9.3f", median, p10, p90, min);
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

    /**
     * Wall and CPU milliseconds per action of {@link #NAMES} and repetition. CPU time is that of this thread
     * and of the LSTM kernels' pool threads ({@code lstm-*}): it does not count time spent waiting for a
     * core, nor JIT or GC threads, so it is the steadier figure of the updater and the kernel when other
     * processes load the machine. ND4J's native threads are not counted (DL4J's own work is in wall time).
     */
    private static final class Timings {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        final double[][] wall;
        final double[][] cpu;
        final int warmup;
        private long[] counted = {Thread.currentThread().getId()};

        Timings(int reps, int warmup) {
            wall = new double[NAMES.length][reps + warmup];
            cpu = new double[NAMES.length][reps + warmup];
            this.warmup = warmup;
        }

        /** Counts this thread and the kernel pools' threads from now on (call once the kernels exist). */
        void countKernelThreads() {
            counted = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t == Thread.currentThread() || t.getName().startsWith("lstm-"))
                    .mapToLong(Thread::getId).toArray();
        }

        void measure(int action, int rep, Runnable body) {
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            body.run();
            wall[action][rep] = (System.nanoTime() - wall0) / 1e6;
            cpu[action][rep] = (cpuNanos() - cpu0) / 1e6;
        }

        Summary[] summaries(double[][] ms) {
            Summary[] summaries = new Summary[ms.length];
            for (int k = 0; k < ms.length; k++) {
                summaries[k] = Summary.of(Arrays.copyOfRange(ms[k], warmup, ms[k].length));
            }
            return summaries;
        }

        private long cpuNanos() {
            long sum = 0;
            for (long id : counted) {
                sum += Math.max(0, THREADS.getThreadCpuTime(id));
            }
            return sum;
        }
    }

    /** The timings named in {@link #NAMES}, measured in one interleaved loop. */
    private static Timings time(int[] sizes, LearnedUpdater learned, LstmKernel kernel, int reps) {
        List<DataSet> batches = batches(sizes[0], sizes[sizes.length - 1], 4, 11);
        MultiLayerNetwork fitLearned = network(sizes, learned);
        MultiLayerNetwork fitAdam = network(sizes, new Adam(1e-3));
        MultiLayerNetwork partsLearned = network(sizes, learned);
        MultiLayerNetwork partsAdam = network(sizes, new Adam(1e-3));
        int n = (int) partsLearned.numParams();
        INDArray view = Nd4j.zeros(DataType.FLOAT, learned.stateSize(n));
        GradientUpdater<LearnedUpdater> updater = learned.instantiate(view, true);
        float[] g = TestData.gradients(n, 2);
        INDArray gradient = Nd4j.createFromArray(g);
        INDArray scratch = gradient.dup();
        LstmWeights w = learned.weights();
        LstmState in = LstmState.zeros(w.config(), n);
        LstmState out = LstmState.zeros(w.config(), n);
        float[] u = new float[n];

        int warmup = Math.max(5, reps / 2);
        Timings t = new Timings(reps, warmup);
        for (int r = 0; r < reps + warmup; r++) {
            DataSet batch = batches.get(r % batches.size());
            t.measure(0, r, () -> fitLearned.fit(batch));
            t.measure(1, r, () -> fitAdam.fit(batch));
            iteration(partsLearned, batch, t, r, 2, 3);
            iteration(partsAdam, batch, t, r, -1, 4);
            scratch.assign(gradient);
            t.measure(5, r, () -> updater.applyUpdater(scratch, 0, 0));
            t.measure(6, r, () -> kernel.forward(w, g, in, out, u, null));
            if (r == 0) {
                t.countKernelThreads();
            }
        }
        return t;
    }

    /**
     * One training iteration as DL4J's solver runs it, timing the gradient as action {@code gradientAction}
     * (if ≥ 0) and DL4J's updater pass as {@code updateAction}.
     */
    private static void iteration(MultiLayerNetwork net, DataSet batch, Timings t, int rep, int gradientAction,
                                  int updateAction) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        if (gradientAction >= 0) {
            t.measure(gradientAction, rep, net::computeGradientAndScore);
        } else {
            net.computeGradientAndScore();
        }
        Gradient g = net.gradient();
        t.measure(updateAction, rep, () -> net.getUpdater().update(null, g, rep, 0, BATCH,
                LayerWorkspaceMgr.noWorkspaces()));
        net.params().subi(g.gradient());
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
