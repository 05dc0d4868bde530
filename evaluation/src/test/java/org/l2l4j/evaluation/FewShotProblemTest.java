package org.l2l4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Episode;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Trajectory;
import org.l2l4j.optimizee.Problems;
import org.l2l4j.optimizee.SinusoidProblem;

class FewShotProblemTest {

    private static final SinusoidProblem SINUSOID = new SinusoidProblem();

    /** The curve is f_Q(θ_t) for θ_t that SGD reaches on the support gradients, from the given start. */
    @Test
    void aRunsCurveIsTheQueryLossAfterEachStepOnTheSupportSet() {
        Episode task = SINUSOID.sample(7);
        float[] start = SINUSOID.sample(8).initialParameters();
        Trajectory run = Trajectory.run(FewShotProblem.from(SINUSOID, start).sample(7), Baselines.sgd(0.01), 2);

        float[] theta = start.clone();
        float[] g = new float[theta.length];
        for (int t = 0; t <= 2; t++) {
            assertEquals(task.queryLoss(theta, null), run.loss(t), 1e-12, "step " + t);
            task.lossAndGradient(theta, g);
            for (int i = 0; i < theta.length; i++) {
                theta[i] += -0.01f * g[i];
            }
        }
        assertEquals(run.finalLoss(), run.finalScore(), "tuning ranks by the query loss after the last step");
    }

    @Test
    void withoutAStartEachTaskAdaptsFromItsOwnInitialisation() {
        Optimizee own = FewShotProblem.fromOwnInit(SINUSOID).sample(3);
        assertArrayEquals(SINUSOID.sample(3).initialParameters(), own.initialParameters());
        assertEquals("sinusoid", FewShotProblem.fromOwnInit(SINUSOID).spec());
    }

    @Test
    void aFamilyWithoutQuerySetsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FewShotProblem.fromOwnInit(Problems.parse("quadratic:dim=2,batch=1")).sample(1));
        assertTrue(e.getMessage().contains("not a few-shot family"), e.getMessage());
    }

    /** Joint training fits the family on average: held-out tasks' query loss drops from the random start's. */
    @Test
    void pretrainingLowersTheMeanQueryLossOfHeldOutTasks() {
        float[] pretrained = Pretraining.jointly(SINUSOID, 200, 10, 1e-2, 4);
        float[] random = SINUSOID.sample(4).initialParameters();
        double before = 0;
        double after = 0;
        for (long seed = 1_000_000; seed < 1_000_050; seed++) {
            Episode task = SINUSOID.sample(seed);
            before += task.queryLoss(random, null);
            after += task.queryLoss(pretrained, null);
        }
        assertTrue(after < 0.8 * before, "mean query loss " + before / 50 + " -> " + after / 50);
    }
}
