package org.l2l4j.lstm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.SettingsCodec;

/**
 * Reads {@link LearnedUpdater} configurations written before the spec codec, as DL4J models saved by those
 * builds hold them: the spec as flat keys ({@code layers, hidden, preprocessing} (the kind's name),
 * {@code p, beta1, beta2, epsilon, clamp, outputScale, baseLearningRate, baseMomentum,
 * baseCorrectionSteps}; zero settings left out), the weights, and a SHA-256 of an architecture string and
 * the weights ({@link #digest}). The flat keys are translated into the codec's map of {@link LstmConfig},
 * so they are validated as every spec is, and the old digest is checked. Only reading: configurations are
 * written in the current form.
 */
final class LegacyUpdaterJson {

    /** The flat spec keys, key in the old JSON → path in the codec's map. */
    private static final Map<String, List<String>> SPEC_KEYS = Map.ofEntries(
            Map.entry("layers", List.of("layers")),
            Map.entry("hidden", List.of("hidden")),
            Map.entry("outputScale", List.of("outputScale")),
            Map.entry("preprocessing", List.of("preprocessing", "kind")),
            Map.entry("p", List.of("preprocessing", "p")),
            Map.entry("beta1", List.of("preprocessing", "beta1")),
            Map.entry("beta2", List.of("preprocessing", "beta2")),
            Map.entry("epsilon", List.of("preprocessing", "epsilon")),
            Map.entry("clamp", List.of("preprocessing", "clamp")),
            Map.entry("baseLearningRate", List.of("base", "learningRate")),
            Map.entry("baseMomentum", List.of("base", "momentum")),
            Map.entry("baseCorrectionSteps", List.of("base", "correctionSteps")));

    private LegacyUpdaterJson() {
    }

    /** Whether {@code json} holds the spec as flat keys rather than as a "spec" object. */
    static boolean writtenBeforeSpec(Map<String, Object> json) {
        return !json.containsKey("spec") && json.keySet().stream().anyMatch(SPEC_KEYS::containsKey);
    }

    /** The weights {@code json} describes, after checking them against its "sha256" by the old digest. */
    static LstmWeights read(Map<String, Object> json) {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            String key = entry.getKey();
            if (key.equals("weights") || key.equals("sha256")) {
                continue;
            }
            List<String> path = SPEC_KEYS.get(key);
            if (path == null) {
                throw new IllegalArgumentException(LearnedUpdater.WHERE + ": unknown key \"" + key + "\" (a"
                        + " configuration written before the spec codec has " + String.join(", ", SPEC_KEYS.keySet())
                        + ", weights, sha256)");
            }
            Map<String, Object> into = spec;
            for (String parent : path.subList(0, path.size() - 1)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) into.computeIfAbsent(parent, k -> new LinkedHashMap<>());
                into = nested;
            }
            into.put(path.get(path.size() - 1), entry.getValue());
        }
        LstmConfig config = SettingsCodec.decode(LstmConfig.class, spec, LearnedUpdater.WHERE);
        LstmWeights weights = LstmWeights.of(config, LearnedUpdater.embeddedWeights(json, config));
        String stored = LearnedUpdater.text(json, "sha256");
        String actual = digest(weights);
        if (!actual.equals(stored)) {
            throw new IllegalArgumentException(LearnedUpdater.WHERE + ": \"sha256\" is " + stored
                    + " but the weights hash to " + actual + " (damaged or edited)");
        }
        return weights;
    }

    /**
     * The identity earlier builds gave an optimizer: SHA-256 over an architecture string and the weights,
     * the string leaving out what did not exist before (β and ε for the kinds without them, a base step
     * that is none, correction steps that are 0).
     */
    static String digest(LstmWeights weights) {
        LstmConfig c = weights.config();
        Preprocessing pre = c.preprocessing();
        String adam = pre.kind() == Preprocessing.Kind.ADAM_NORMALISED
                ? pre.beta1() + "," + pre.beta2() + "," + pre.epsilon() + "," : "";
        String architecture = c.layers() + "," + c.hidden() + "," + pre.kind() + "," + pre.p() + "," + adam
                + pre.clamp() + "," + c.outputScale()
                + (c.base().active() ? ",base:" + c.base().learningRate() + "," + c.base().momentum() : "")
                + (c.base().correctionSteps() > 0 ? ",correction:" + c.base().correctionSteps() : "") + ";";
        return LearnedUpdater.sha256(architecture, weights.values());
    }
}
