package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Configurations as the build before the spec codec wrote them (flat keys, the old digest) still read; the
 * real files of that build are checked by {@link LegacyModelZipsTest}.
 */
class LegacyUpdaterJsonTest {

    /** The old digest of two optimizers, as that build printed them: models saved with them name them so. */
    @Test
    void theLegacyDigestIsWhatEarlierBuildsComputed() {
        assertEquals("ada43dc98183c9a97fc3413869e850c6a0215e531e01c227ce4f22e475737059", LegacyUpdaterJson.digest(
                LstmWeights.initial(new LstmConfig(1, 2, Preprocessing.logSign(10).withClamp(2), 0.1), 5)));
        assertEquals("2d5e7d214eba0255de7bc15c65e8937c4c564f83d7af83ef03413d329cca8da0", LegacyUpdaterJson.digest(
                LstmWeights.initial(new LstmConfig(1, 3, Preprocessing.raw(), 1.0), 6)));
    }

    @Test
    void everySpecWrittenAsFlatKeysReadsBackEqual() {
        // the flat keys predate the Adam base step, the magnitude head, training-progress and momentum inputs,
        // which they cannot carry
        for (LstmConfig spec : TestData.specs().stream().filter(s -> !s.base().normalised() && !s.hasMagnitude()
                && s.preprocessing().stepFeatures() == 0 && s.preprocessing().momentumFeatures() == 0).toList()) {
            LstmWeights weights = LstmWeights.initial(spec, 4);
            assertEquals(LearnedUpdater.of(weights), LearnedUpdater.fromJson(flat(weights)), spec.toString());
        }
    }

    @Test
    void theBundledOptimizerNamedByItsOldDigestResolves() {
        LearnedUpdater bundled = LearnedUpdater.bundled("mnist");
        Map<String, Object> json = Map.of("bundled", "mnist", "sha256", LegacyUpdaterJson.digest(bundled.weights()));
        assertEquals(bundled, LearnedUpdater.fromJson(json));
    }

    @Test
    void damagedOrForeignFlatJsonIsRefusedByKey() {
        LstmWeights weights = LstmWeights.initial(TestData.specs().get(5), 4);
        Map<String, Object> unknown = flat(weights);
        unknown.put("baseNesterov", true);
        assertRefused(unknown, "unknown key \"baseNesterov\"");
        Map<String, Object> badValue = flat(weights);
        badValue.put("beta1", 1.5);
        assertRefused(badValue, "preprocessing.beta1: must be in [0, 1), got 1.5");
        Map<String, Object> badType = flat(weights);
        badType.put("hidden", "five");
        assertRefused(badType, "LearnedUpdater JSON.hidden must be an integer, got five");
        Map<String, Object> edited = flat(weights);
        edited.put("clamp", 2.0);
        assertRefused(edited, "(damaged or edited)");
        Map<String, Object> noWeights = flat(weights);
        noWeights.remove("weights");
        assertRefused(noWeights, "missing \"weights\"");
    }

    private static void assertRefused(Map<String, Object> json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnedUpdater.fromJson(json));
        assertTrue(e.getMessage().contains(expected), "says \"" + expected + "\": " + e.getMessage());
    }

    /** The JSON the build before the spec codec wrote for {@code weights} (zero settings left out). */
    private static Map<String, Object> flat(LstmWeights weights) {
        LstmConfig c = weights.config();
        Preprocessing pre = c.preprocessing();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("layers", c.layers());
        json.put("hidden", c.hidden());
        json.put("preprocessing", pre.kind().name());
        json.put("p", pre.p());
        if (pre.kind() == Preprocessing.Kind.ADAM_NORMALISED) {
            json.put("beta1", pre.beta1());
            json.put("beta2", pre.beta2());
            json.put("epsilon", pre.epsilon());
        }
        json.put("clamp", pre.clamp());
        json.put("outputScale", c.outputScale());
        if (c.base().active()) {
            json.put("baseLearningRate", c.base().learningRate());
            json.put("baseMomentum", c.base().momentum());
        }
        if (c.base().correctionSteps() > 0) {
            json.put("baseCorrectionSteps", c.base().correctionSteps());
        }
        json.put("weights", OptimizerFile.encode(weights.values()));
        json.put("sha256", LegacyUpdaterJson.digest(weights));
        return json;
    }
}
