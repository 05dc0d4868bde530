package org.l2l4j.meta.train;

/**
 * What meta-training minimises over a trajectory: the sum over steps of a function of each step's loss
 * f<sub>t</sub> = f(θ<sub>t</sub>; B<sub>t</sub>), or, for few-shot learning, the query loss at the end.
 *
 * <ul>
 *   <li>{@link #MEAN_LOSS}: Σ f<sub>t</sub>, the paper's objective (w<sub>t</sub> = 1). Early steps, where
 *       the loss is large, dominate it.</li>
 *   <li>{@link #MEAN_LOG_LOSS}: Σ log f<sub>t</sub>. Its gradient is Σ ∇<sub>t</sub> / f<sub>t</sub>, so every
 *       step counts by its relative improvement and the late, low-loss steps weigh as much as the first.</li>
 *   <li>{@link #QUERY_LOSS}: the loss of θ<sub>K</sub> on an {@link org.l2l4j.core.Episode}'s query set after
 *       the unroll's K steps on its support set (MAML's objective, Finn et al. 2017); the steps' own losses
 *       weigh 0, and the adjoint starts from the query gradient at θ<sub>K</sub>.</li>
 * </ul>
 *
 * With the first-order meta-gradient, both are a weighted suffix sum: ∂L/∂u<sub>s</sub> =
 * Σ<sub>t&gt;s</sub> w<sub>t</sub> ∇<sub>t</sub> with w<sub>t</sub> = {@link #weight}(f<sub>t</sub>).
 */
public enum MetaObjective {
    MEAN_LOSS("mean"),
    MEAN_LOG_LOSS("log"),
    QUERY_LOSS("query");

    /** Losses are floored here before the log, so a loss of exactly 0 stays finite. */
    static final double LOG_FLOOR = 1e-12;

    private final String flag;

    MetaObjective(String flag) {
        this.flag = flag;
    }

    /** The name used on the command line and in saved files. */
    public String flag() {
        return flag;
    }

    /** This step's term of the objective. */
    double term(double loss) {
        return switch (this) {
            case MEAN_LOSS -> loss;
            case MEAN_LOG_LOSS -> Math.log(Math.max(loss, LOG_FLOOR));
            case QUERY_LOSS -> 0;
        };
    }

    /** d term / d f at {@code loss}: the weight of this step's gradient in the suffix sums. */
    float weight(double loss) {
        return switch (this) {
            case MEAN_LOSS -> 1f;
            case MEAN_LOG_LOSS -> (float) (1 / Math.max(loss, LOG_FLOOR));
            case QUERY_LOSS -> 0f;
        };
    }

    @Override
    public String toString() {
        return flag;
    }
}
