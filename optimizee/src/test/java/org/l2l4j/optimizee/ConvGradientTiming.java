package org.l2l4j.optimizee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Prints the wall time of one {@code computeGradientAndScore()} of the default cnn (seed 1) on the first 128
 * images of the embedded training set, with oneDNN's helper on both convolution layers
 * ({@link OneDnnConvolutions#install}) and with the first layer skipping its input gradient
 * ({@link OneDnnConvolutions#installWithoutInputGradient}): the two networks alternate in blocks in one JVM,
 * so that both see the same load. A measurement, not a test: timings are never asserted. Run from the project
 * root after {@code verify}, with the classpath of {@link MnistStepTiming}'s instructions:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java --add-modules=jdk.incubator.vector -Djavacpp.platform.extension=-onednn \
 *     -cp optimizee/target/test-classes:optimizee/target/classes:core/target/classes:$(cat /tmp/optimizee-cp.txt) \
 *     org.l2l4j.optimizee.ConvGradientTiming [blocks] [callsPerBlock]
 * </pre>
 */
final class ConvGradientTiming {

    private ConvGradientTiming() {}

    public static void main(String[] args) throws IOException {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.println("load average before: " + loadAverage());
        CnnProblem problem = new CnnProblem(TrainTestData.embedded());
        DataSet images = problem.data().train().sharedDataSet();
        MultiLayerNetwork[] networks = {network(problem, false), network(problem, true)};
        for (MultiLayerNetwork network : networks) {
            network.setInput(images.getFeatures().get(NDArrayIndex.interval(0, problem.batch())));
            network.setLabels(images.getLabels().get(NDArrayIndex.interval(0, problem.batch())));
        }
        for (int block = 0; block < blocks; block++) {
            double[] ms = new double[networks.length];
            for (int k = 0; k < networks.length; k++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    networks[k].computeGradientAndScore();
                }
                ms[k] = (System.nanoTime() - start) / 1e6 / calls;
            }
            System.out.printf("block %d: ms per gradient, oneDNN on both layers %.2f, first layer without its input"
                    + " gradient %.2f%n", block, ms[0], ms[1]);
        }
        System.out.println("load average after: " + loadAverage());
    }

    private static MultiLayerNetwork network(CnnProblem problem, boolean withoutInputGradient) {
        MultiLayerNetwork network = new MultiLayerNetwork(problem.configuration(1, DataType.FLOAT));
        network.init();
        if (withoutInputGradient) {
            OneDnnConvolutions.installWithoutInputGradient(network);
        } else {
            OneDnnConvolutions.install(network);
        }
        return network;
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).strip() : "n/a";
    }
}
