package org.l2l4j.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Episode;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;

/**
 * The MAML paper's "pretrained" baseline (Finn et al. 2017, §5.1): one network trained jointly on the
 * meta-training tasks, to be fine-tuned on each held-out task's support set like any initialisation. Each
 * step averages the gradient of {@code tasksPerStep} tasks' losses on all their data (support and query
 * sets, equally weighted) and takes one Adam step; tasks are meta-training seeds from a stream seeded
 * with {@code seed}, never evaluation ones.
 */
public final class Pretraining {

    private Pretraining() {
    }

    /** θ after {@code steps} joint Adam steps at {@code learningRate}, from the first task's θ<sub>0</sub>. */
    public static float[] jointly(Problem episodes, int steps, int tasksPerStep, double learningRate, long seed) {
        if (steps < 1 || tasksPerStep < 1) {
            throw new IllegalArgumentException("pre-training needs steps and tasks per step >= 1, got " + steps + " and "
                    + tasksPerStep);
        }
        return train(Baselines.adam(learningRate), episodes, steps, tasksPerStep, new SplittableRandom(seed));
    }

    private static <S> float[] train(Optimizer<S> adam, Problem episodes, int steps, int tasksPerStep,
                                     SplittableRandom random) {
        float[] theta = task(episodes, random).initialParameters();
        int n = theta.length;
        float[] gradient = new float[n];
        float[] support = new float[n];
        float[] query = new float[n];
        float[] update = new float[n];
        S state = adam.init(n);
        float weight = 0.5f / tasksPerStep;
        for (int s = 0; s < steps; s++) {
            Arrays.fill(gradient, 0f);
            for (int b = 0; b < tasksPerStep; b++) {
                Episode task = task(episodes, random);
                task.lossAndGradient(theta, support);
                task.queryLoss(theta, query);
                for (int i = 0; i < n; i++) {
                    gradient[i] += weight * (support[i] + query[i]);
                }
            }
            adam.update(gradient, state, update);
            for (int i = 0; i < n; i++) {
                theta[i] += update[i];
            }
        }
        return theta;
    }

    /** The task of the stream's next meta-training seed. */
    private static Episode task(Problem episodes, SplittableRandom random) {
        if (!(episodes.sample(SeedRange.trainingSeed(random)) instanceof Episode task)) {
            throw new IllegalArgumentException(episodes.spec() + " is not a few-shot family (no query sets)");
        }
        return task;
    }
}
