package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmLearnedOptimizer;
import org.l2l4j.lstm.LstmState;

/**
 * The tasks of a meta-batch that one JVM holds (all of them on one machine, a partition's on a cluster):
 * each task's trajectory ({@link TruncatedStep}) on its training optimizee, and the estimator that unrolls
 * them, its buffers shared by the tasks.
 *
 * @param <S> the learned optimizer's state
 */
public final class MetaBatchShard<S> {

    private final Problem problem;
    private final MetaTrainingSettings settings;
    private final LearnedOptimizer<S, ?> rule;
    private final UnrolledBptt<S, ?> estimator;
    private final List<TruncatedStep<S>> trajectories = new ArrayList<>();

    <A> MetaBatchShard(Problem problem, MetaTrainingSettings settings, LearnedOptimizer<S, A> rule) {
        this.problem = problem;
        this.settings = settings;
        this.rule = rule;
        this.estimator = new UnrolledBptt<>(rule, settings.compute().memory(), settings.estimator().objective(),
                settings.estimator().metaGradient(), settings.compute().threads());
    }

    /** A shard training the LSTM of {@code settings} on {@code kernel}. */
    public static MetaBatchShard<LstmState> lstm(Problem problem, MetaTrainingSettings settings, LstmKernel kernel) {
        return new MetaBatchShard<>(problem, settings, new LstmLearnedOptimizer(settings.lstm(), kernel));
    }

    /** Starts one trajectory of {@code horizon} steps per seed (task i on {@code seeds[i]}), replacing the earlier ones. */
    public void start(long[] seeds, int horizon) {
        trajectories.clear();
        for (long seed : seeds) {
            trajectories.add(new TruncatedStep<>(sample(seed), rule, horizon));
        }
    }

    /** Tasks held. */
    public int size() {
        return trajectories.size();
    }

    /**
     * Advances task {@code task}'s trajectory by {@code steps} steps at {@code phi} and writes that unroll's
     * meta-gradient, alone, into {@code gradient} (overwritten; φ's layout).
     */
    public UnrollResult unroll(int task, float[] phi, int steps, float[] gradient) {
        Arrays.fill(gradient, 0f);
        return estimator.unroll(phi, trajectories.get(task), steps, gradient);
    }

    /** Peak bytes held for BPTT so far (the scheme's counted buffers plus the stored gradients). */
    long peakBytes() {
        return estimator.peakBytes();
    }

    /** A training optimizee, randomly rescaled when the settings ask for it. */
    private Optimizee sample(long seed) {
        Optimizee optimizee = problem.sample(seed);
        return settings.estimator().randomScale() > 0 ? new ScaledOptimizee(optimizee, settings.estimator().randomScale(), ~seed) : optimizee;
    }
}
