package org.l2l4j.bench;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.UnrolledBptt;
import org.l2l4j.meta.train.MetaGradient;
import org.l2l4j.meta.train.MetaObjective;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.Selection;
import org.l2l4j.meta.train.UnrollBenchmark;

/**
 * One meta-training unroll of K steps on a problem (the default MNIST MLP or conv net), as training runs it and as
 * the PyTorch peer's {@code bench-unroll} times it: K × (LSTM forward storing what BPTT keeps, θ update,
 * fresh minibatch, optimizee loss and gradient), the BPTT backward (first-order, as the peer's, or full,
 * with its Hessian-vector products), one Adam step on φ.
 * θ and the LSTM state carry over between timed unrolls; a fresh optimizee every T/K unrolls is sampled
 * outside the timed region. The memory peak is the estimator's counted BPTT bytes. The optimizee's
 * loss-and-gradient calls are timed ({@link TimedProblem}) to give their share of the timed runs.
 */
final class MetaUnroll implements BenchCase {

    /** Trajectory length T, as in training and in the peer. */
    static final int TRAJECTORY = 100;

    private final Workload workload;
    private final UnrollBenchmark unroll;
    private final TimedProblem problem;
    private long runNanos;
    private long optimizeeNanos;

    /**
     * @param segment      checkpoint segment length; 0 keeps every step's activations
     * @param metaGradient which meta-gradient the backward computes
     */
    MetaUnroll(String bench, Problem problem, int n, int steps, int segment, MetaGradient metaGradient, LstmKernel kernel,
               String threads, long seed) {
        MetaTrainingSettings settings = MetaTrainingSettings.builder()
                .steps(Math.max(TRAJECTORY, steps)).unroll(steps).epochs(1).metaLearningRate(1e-3).finalLearningRateFraction(1)
                .validateEvery(0).validationSeeds(0).checkpointSegment(segment).threads(kernel.threads())
                .objective(MetaObjective.MEAN_LOSS).selection(Selection.OBJECTIVE).metaGradient(metaGradient).seed(seed)
                .lstm(LstmConfig.defaults()).build();
        // No flop count: the optimizee's forward and backward passes are part of the unroll but not counted.
        this.workload = new Workload(bench, "l2l4j", n, steps, Double.NaN, threads);
        this.problem = new TimedProblem(problem);
        this.unroll = new UnrollBenchmark(this.problem, settings, kernel);
    }

    /** Bytes BPTT holds for an unroll of {@code steps} at n coordinates under the scheme, computed without allocating. */
    static long plannedPeakBytes(int n, int steps, int segment) {
        BackpropMemory memory = segment == 0 ? BackpropMemory.storeAll() : BackpropMemory.checkpointed(segment);
        return UnrolledBptt.plannedPeakBytes(memory, MetaGradient.FIRST_ORDER, LstmConfig.defaults(), n, steps);
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public void beforeRun() {
        unroll.startTrajectoryIfDone();
    }

    @Override
    public void startTimedRuns() {
        runNanos = 0;
        optimizeeNanos = 0;
    }

    @Override
    public void run() {
        long inOptimizee = problem.nanos(); // beforeRun's first gradient of a new optimizee is not part of a run
        long start = System.nanoTime();
        unroll.unroll();
        runNanos += System.nanoTime() - start;
        optimizeeNanos += problem.nanos() - inOptimizee;
    }

    @Override
    public OptionalDouble optimizeeShare() {
        return runNanos == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) optimizeeNanos / runNanos);
    }

    @Override
    public OptionalLong peakBytes() {
        return OptionalLong.of(unroll.peakBytes());
    }
}
