package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2l4j.core.Episode;

class SinusoidProblemTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "sinusoid; sinusoid",
        "sinusoid:query=10,shots=10; sinusoid",
        "sinusoid:query=20,shots=5; sinusoid:shots=5,query=20",
    })
    void specIsCanonicalAndParsesBackToAnEqualProblem(String spec, String canonical) {
        SinusoidProblem problem = (SinusoidProblem) Problems.parse(spec);
        assertEquals(canonical, problem.spec());
        assertEquals(problem, Problems.parse(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sinusoid:shots=0", "sinusoid:query=0", "sinusoid:shots=-1", "sinusoid:shots=x"})
    void shotsAndQueryMustBePositiveIntegers(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.parse(spec));
        assertMessage(e, spec.substring(spec.indexOf(':') + 1, spec.indexOf('=')), "expected an integer >= 1");
    }

    @Test
    void keysOfOtherFamiliesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Problems.parse("sinusoid:ways=5"));
        assertMessage(e, "unknown key 'ways'", "valid keys for sinusoid: shots, query");
    }

    @Test
    void aSeedGivesOneTaskWhoseMinibatchesAreAllTheSupportSet() {
        Problems.parse("sinusoid"); // through the registry
        SinusoidProblem problem = new SinusoidProblem(4, 6);
        Episode a = problem.sample(9);
        Episode b = problem.sample(9);
        float[] theta = a.initialParameters();
        assertEquals(40 * 40 + 4 * 40 + 1, theta.length);
        assertArrayEquals(theta, b.initialParameters());
        float[] g1 = new float[theta.length];
        float[] g2 = new float[theta.length];
        double first = a.lossAndGradient(theta, g1);
        assertEquals(first, a.lossAndGradient(theta, g2));
        assertEquals(first, a.lossAndGradientOnBatch(0, theta, g2));
        assertArrayEquals(g1, g2);
        assertEquals(first, a.trainingLoss(theta).getAsDouble());
        assertEquals(a.queryLoss(theta, null), b.testMetrics(theta).orElseThrow().loss());
        assertNotEquals(first, a.queryLoss(theta, null), "query points are not the support points");
        assertNotEquals(a.queryLoss(theta, null), problem.sample(10).queryLoss(theta, null));
    }

    /**
     * Evaluations sample tasks from consecutive seeds (base + i); their amplitudes must still spread over
     * [0.1, 5]. At θ = 0 the network outputs 0, so the query loss is the mean of y², about A²/2.
     */
    @Test
    void consecutiveSeedsGiveUnalikeTasks() {
        SinusoidProblem problem = new SinusoidProblem(10, 50);
        float[] zero = new float[problem.sample(0).dimension()];
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (long seed = 500_000; seed < 500_020; seed++) {
            double loss = problem.sample(seed).queryLoss(zero, null);
            min = Math.min(min, loss);
            max = Math.max(max, loss);
        }
        org.junit.jupiter.api.Assertions.assertTrue(max > 20 * min, "query losses at θ = 0 from " + min + " to " + max);
    }
}
