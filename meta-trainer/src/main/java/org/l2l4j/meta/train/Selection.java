package org.l2l4j.meta.train;

import org.l2l4j.core.Trajectory;

/**
 * Which validation score picks the weights a run keeps.
 *
 * <ul>
 *   <li>{@link #OBJECTIVE}: the meta-objective itself over steps 1..T (mean loss, or mean log-loss).</li>
 *   <li>{@link #FINAL}: what an evaluation at step T ranks by, f(θ<sub>T</sub>; D) on all training data
 *       ({@link Trajectory#finalScore()}), where the problem measures it. Where it does not, the mean
 *       minibatch loss over the last tenth of the trajectory (its last ⌊T/10⌋ steps, at least one:
 *       91..100 for T = 100), averaged over a few steps to damp the minibatch noise.</li>
 * </ul>
 */
public enum Selection {
    OBJECTIVE("objective"),
    FINAL("final");

    private final String flag;

    Selection(String flag) {
        this.flag = flag;
    }

    /** The name used on the command line and in saved files. */
    public String flag() {
        return flag;
    }

    /** The score of one validation trajectory. */
    double score(Trajectory trajectory, MetaObjective objective) {
        if (this == FINAL && trajectory.finalTrainingLoss().isPresent()) {
            return trajectory.finalScore();
        }
        double[] losses = trajectory.losses();
        int steps = losses.length - 1;
        int first = this == OBJECTIVE ? 1 : steps - Math.max(1, steps / 10) + 1;
        double sum = 0;
        for (int t = first; t <= steps; t++) {
            sum += this == OBJECTIVE ? objective.term(losses[t]) : losses[t];
        }
        return sum / (steps - first + 1);
    }

    @Override
    public String toString() {
        return flag;
    }
}
