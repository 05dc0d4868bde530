package org.l2l4j.optimizee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prints the wall time of one {@code lossAndGradient} call of the default mnist problem (784-20-10,
 * minibatch 128) and of {@code sample}, the network build. A measurement, not a test: timings are
 * never asserted. Run from the project root after {@code verify}:
 *
 * <pre>
 * ./mvnw -B -q -o -pl optimizee org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
 *     -Dmdep.outputFile=/tmp/optimizee-cp.txt -Dmdep.includeScope=test
 * OMP_NUM_THREADS=2 java -cp optimizee/target/test-classes:optimizee/target/classes:core/target/classes:$(cat /tmp/optimizee-cp.txt) \
 *     org.l2l4j.optimizee.MnistStepTiming [blocks] [callsPerBlock]
 * </pre>
 */
final class MnistStepTiming {

    private MnistStepTiming() {}

    public static void main(String[] args) throws IOException {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String loadBefore = loadAverage();
        MnistProblem problem = new MnistProblem(TrainTestData.embedded());
        NetworkOptimizee optimizee = problem.sample(1);
        float[] theta = optimizee.initialParameters();
        float[] gradient = new float[theta.length];
        for (int i = 0; i < 3 * calls; i++) { // warm-up: JIT and DL4J's workspaces
            step(optimizee, theta, gradient);
        }
        double[] msPerCall = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                step(optimizee, theta, gradient);
            }
            msPerCall[b] = (System.nanoTime() - start) / 1e6 / calls;
        }
        int samples = 20;
        long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            problem.sample(100 + s);
        }
        double sampleMs = (System.nanoTime() - start) / 1e6 / samples;
        Arrays.sort(msPerCall);
        System.out.printf("{\"impl\":\"l2l4j\",\"problem\":\"%s\",\"n_params\":%d,\"lossAndGradient_ms_median\":%.3f,"
                        + "\"lossAndGradient_ms_min\":%.3f,\"blocks\":%d,\"calls_per_block\":%d,\"sample_ms\":%.2f,"
                        + "\"omp_num_threads\":\"%s\",\"loadavg_before\":\"%s\",\"loadavg_after\":\"%s\"}%n",
                problem.spec(), optimizee.dimension(), msPerCall[blocks / 2], msPerCall[0], blocks, calls, sampleMs,
                System.getenv("OMP_NUM_THREADS"), loadBefore, loadAverage());
    }

    /** One SGD-like step, so θ changes between calls as in training. */
    private static void step(NetworkOptimizee optimizee, float[] theta, float[] gradient) {
        optimizee.lossAndGradient(theta, gradient);
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= 0.1f * gradient[i];
        }
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).strip() : "n/a";
    }
}
