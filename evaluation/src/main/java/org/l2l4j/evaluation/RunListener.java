package org.l2l4j.evaluation;

import org.l2l4j.core.Trajectory;

/** Told about every finished run, on the thread that called the {@link Evaluator}, in completion order. */
@FunctionalInterface
public interface RunListener {

    RunListener NONE = (seed, run) -> { };

    void runFinished(long seed, Trajectory run);
}
