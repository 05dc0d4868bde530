package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Problem;

class MixtureProblemTest {

    private static MixtureProblem mixture(String... specs) {
        return assertInstanceOf(MixtureProblem.class, MixtureProblem.parse(List.of(specs), null));
    }

    @Test
    void familyFrequenciesFollowTheWeights() {
        MixtureProblem mixture = mixture("quadratic:dim=2,weight=1", "quadratic:dim=3,weight=3",
                "quadratic:dim=4,weight=0.5");
        int draws = 40_000;
        int[] counts = new int[3];
        for (long seed = 1L << 32; seed < (1L << 32) + draws; seed++) {
            counts[mixture.familyOf(seed)]++;
        }
        double[] expected = {1 / 4.5, 3 / 4.5, 0.5 / 4.5};
        for (int f = 0; f < 3; f++) {
            double sd = Math.sqrt(expected[f] * (1 - expected[f]) / draws);
            // 5 standard deviations: a binomial count outside that fails about once in 1.7 million runs.
            assertEquals(expected[f], counts[f] / (double) draws, 5 * sd, "family " + f);
        }
    }

    @Test
    void withoutWeightsTheFamiliesAreEquallyLikely() {
        MixtureProblem mixture = mixture("quadratic:dim=2", "quadratic:dim=3");
        int draws = 20_000;
        int first = 0;
        for (long seed = 0; seed < draws; seed++) {
            first += mixture.familyOf(seed) == 0 ? 1 : 0;
        }
        assertEquals(0.5, first / (double) draws, 5 * Math.sqrt(0.25 / draws));
    }

    @Test
    void anInstanceIsItsFamilysInstanceOfTheSameSeed() {
        MixtureProblem mixture = mixture("quadratic:dim=2", "quadratic:dim=3,batch=4");
        for (long seed = 100; seed < 120; seed++) {
            int family = mixture.familyOf(seed);
            assertEquals(family, mixture(mixture.spec().split(" \\+ ")).familyOf(seed), "deterministic by seed");
            Problem own = mixture.families().get(family).problem();
            assertEquals(own.sample(seed).dimension(), mixture.sample(seed).dimension());
            assertArrayEquals(own.sample(seed).initialParameters(), mixture.sample(seed).initialParameters());
        }
    }

    @Test
    void specJoinsTheCanonicalFamilySpecsWithWeightsOnlyWhenTheyDiffer() {
        assertEquals("quadratic + mnist:hidden=4", mixture("quadratic:weight=2", "mnist:hidden=4,weight=2").spec());
        MixtureProblem weighted = mixture("quadratic:weight=3", "mnist:hidden=4");
        assertEquals("quadratic:weight=3 + mnist:hidden=4,weight=1", weighted.spec());
        assertEquals(weighted.spec(), mixture(weighted.spec().split(" \\+ ")).spec(), "parses back");
        assertEquals(List.of(3.0, 1.0), weighted.families().stream().map(MixtureProblem.Family::weight).toList());
    }

    @Test
    void oneSpecIsThatFamilyItself() {
        Problem one = MixtureProblem.parse(List.of("quadratic:dim=4,weight=2"), null);
        assertInstanceOf(QuadraticProblem.class, one);
        assertEquals("quadratic:dim=4", one.spec());
    }

    @Test
    void aBadWeightIsRefusedNamingTheSpec() {
        for (String weight : List.of("0", "-1", "x", "NaN", "Infinity")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MixtureProblem.parse(List.of("quadratic:weight=" + weight, "quadratic"), null));
            assertTrue(e.getMessage().contains("'weight'") && e.getMessage().contains("quadratic:weight=" + weight),
                    e.getMessage());
        }
    }
}
