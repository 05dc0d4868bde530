package org.l2l4j.bench;

import java.util.concurrent.TimeUnit;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH harness over the step cases of {@link BenchSuite}: our forward step, forward + backward, the
 * nd4j-ops forward step, our Adam and RMSprop. Run with {@code ./l2l bench --jmh StepJmh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StepJmh {

    private static final long SEED = 1;

    /** Coordinates and kernel threads. */
    @State(Scope.Benchmark)
    public static class Size {
        @Param({"16000", "100000", "1000000"})
        int n;
        @Param({"1", "2"})
        int threads;
    }

    /** Holds one case, and the kernel it runs on if any, for the duration of a trial. */
    abstract static class CaseState {
        BenchCase benchCase;
        LstmKernel kernel;

        @TearDown
        public void tearDown() {
            benchCase.close();
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Forward extends CaseState {
        @Setup
        public void setUp(Size size) {
            kernel = LstmKernel.create(size.threads);
            benchCase = LstmStep.forward(kernel, size.threads, size.n, SEED);
        }
    }

    @State(Scope.Benchmark)
    public static class ForwardBackward extends CaseState {
        @Setup
        public void setUp(Size size) {
            kernel = LstmKernel.create(size.threads);
            benchCase = LstmStep.forwardBackward(kernel, size.threads, size.n, SEED);
        }
    }

    /** The nd4j-ops step with ND4J on {@code threads} threads. */
    @State(Scope.Benchmark)
    public static class Nd4jForward extends CaseState {
        @Setup
        public void setUp(Size size) {
            Nd4jThreads.set(size.threads);
            benchCase = new Nd4jLstmStep(LstmWeights.initial(LstmConfig.defaults(), SEED),
                    new RandomInputs(SEED).gradients(size.n), size.n, "nd4j=" + size.threads);
        }
    }

    @State(Scope.Benchmark)
    public static class Adam extends CaseState {
        @Setup
        public void setUp(Size size) {
            benchCase = RuleStep.of("adam", size.n, SEED);
        }
    }

    @State(Scope.Benchmark)
    public static class RmsProp extends CaseState {
        @Setup
        public void setUp(Size size) {
            benchCase = RuleStep.of("rmsprop", size.n, SEED);
        }
    }

    @Benchmark
    public void stepFwd(Forward state) {
        state.benchCase.run();
    }

    @Benchmark
    public void stepFwdBwd(ForwardBackward state) {
        state.benchCase.run();
    }

    @Benchmark
    public void stepFwdNd4jOps(Nd4jForward state) {
        state.benchCase.run();
    }

    @Benchmark
    public void stepAdam(Adam state) {
        state.benchCase.run();
    }

    @Benchmark
    public void stepRmsProp(RmsProp state) {
        state.benchCase.run();
    }
}
