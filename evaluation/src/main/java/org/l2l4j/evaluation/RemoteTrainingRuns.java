package org.l2l4j.evaluation;

import java.util.Optional;
import java.util.ServiceLoader;
import org.l2l4j.core.TrainingRuns;

/**
 * Training runs on a cluster, found with {@link ServiceLoader}: the spark module provides them, so a program
 * has them exactly when that module is on its classpath, and needs no dependency on it to compile. A
 * command runs an evaluation or a comparison there by handing the runs it opens to
 * {@link Comparison#run(Comparison.Settings, TrainingRuns, java.util.List, java.util.List, Comparison.Listener)}
 * or {@link Evaluator#Evaluator(org.l2l4j.core.Problem, int, org.l2l4j.core.SeedRange, TrainingRuns)}.
 *
 * <p>What travels to the machines is a description, not the live objects: the problem's
 * {@link org.l2l4j.core.Problem#spec() spec} (parsed again there, so its data paths must be readable on every
 * machine) and each optimizer's spec and weights; a provider refuses an optimizer it cannot describe.
 */
public interface RemoteTrainingRuns {

    /**
     * Training runs on the cluster {@code master}. Close them when done.
     *
     * @throws IllegalArgumentException if {@code master} is not a cluster address the provider understands
     */
    TrainingRuns open(String master);

    /** The provider on the classpath, if any. */
    static Optional<RemoteTrainingRuns> find() {
        return ServiceLoader.load(RemoteTrainingRuns.class).findFirst();
    }
}
