package org.l2l4j.bench;

import java.util.concurrent.TimeUnit;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.MetaGradient;
import org.l2l4j.optimizee.Problems;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * JMH harness over the MNIST meta-training unroll of {@link BenchSuite} (K = 20, default MLP), keeping
 * every step's activations or checkpointing. A fresh optimizee, when a trajectory ends, is sampled in an
 * invocation-level setup, outside the measurement. Run with {@code ./l2l bench --jmh UnrollJmh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class UnrollJmh {

    @Param({"20"})
    int unroll;
    /** 0 keeps every step's activations; -1 picks the default segment ⌈√K⌉. */
    @Param({"0", "-1"})
    int segment;
    @Param({"1", "2"})
    int threads;

    private MetaUnroll benchCase;
    private LstmKernel kernel;

    @Setup
    public void setUp() {
        Problem mnist = Problems.parse("mnist");
        int k = segment < 0 ? BackpropMemory.defaultSegment(unroll) : segment;
        kernel = LstmKernel.create(threads);
        benchCase = new MetaUnroll(k == 0 ? "unroll_mnist" : "unroll_mnist_ckpt", mnist, mnist.sample(0).dimension(),
                unroll, k, MetaGradient.FIRST_ORDER, kernel, "kernel=" + threads, 1);
    }

    @TearDown
    public void tearDown() {
        kernel.close();
    }

    @Setup(Level.Invocation)
    public void nextTrajectory() {
        benchCase.beforeRun();
    }

    @Benchmark
    public void unrollMnist() {
        benchCase.run();
    }
}
