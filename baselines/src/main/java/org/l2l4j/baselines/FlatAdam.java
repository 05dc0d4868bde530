package org.l2l4j.baselines;

/**
 * {@link Baselines#adam Adam} whose state the caller owns as plain arrays (first moments, second moments,
 * step count), for callers that must save and restore it, such as a resumable meta-training run. The
 * arithmetic is that of {@code Baselines.adam(lr, β₁, β₂, ε).update}, bit for bit: the same stages run
 * on the caller's arrays.
 */
public final class FlatAdam {

    private final ScaleByAdam direction;
    private final Scale scale;

    /** Adam with learning rate {@code learningRate} and the default β₁, β₂ and ε of {@link Baselines}. */
    public FlatAdam(double learningRate) {
        this.direction = new ScaleByAdam((float) Baselines.ADAM_BETA1, (float) Baselines.ADAM_BETA2,
                (float) Baselines.ADAM_EPSILON);
        this.scale = Scale.byLearningRate(Baselines.checked(learningRate));
    }

    /**
     * Step number {@code step} (1 for the first): updates {@code mean} and {@code meanSquare} in place and
     * writes the update u (θ ← θ + u) into {@code update}. All arrays have the gradient's length.
     */
    public void update(float[] gradient, float[] mean, float[] meanSquare, int step, float[] update) {
        int n = gradient.length;
        if (mean.length != n || meanSquare.length != n || update.length != n) {
            throw new IllegalArgumentException("adam: gradient has " + n + " coordinates but the moments have "
                    + mean.length + " and " + meanSquare.length + " and the update " + update.length);
        }
        if (step < 1) {
            throw new IllegalArgumentException("adam: step numbers start at 1, got " + step);
        }
        direction.apply(gradient, mean, meanSquare, step, update);
        scale.apply(update, null, update);
    }
}
