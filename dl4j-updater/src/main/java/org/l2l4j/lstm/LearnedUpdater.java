package org.l2l4j.lstm;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.l2l4j.core.SettingsCodec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect.Visibility;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A trained LSTM optimizer as a DeepLearning4j updater:
 *
 * <pre>{@code
 * new NeuralNetConfiguration.Builder().updater(LearnedUpdater.load(Path.of("mnist.l2l"))) ...
 * }</pre>
 *
 * <p>Every parameter of the network gets u = LSTM<sub>φ</sub>(∇, h) with its own recurrent state h;
 * {@code fit} then moves θ by u. DL4J divides the summed gradient by the minibatch size before the updater
 * runs (unless the configuration says {@code miniBatch(false)}), so the optimizer sees the gradient of the
 * mean loss, as in meta-training. L1/L2 penalties are added to that gradient first; weight decay is applied
 * after the update with learning rate 1.
 *
 * <p>The updater is an immutable value: equal weights and architecture make equal updaters, so layers
 * configured with equal updaters share one DL4J updater block. The recurrent state (h and c of every layer:
 * 80 floats per parameter for the paper's LSTM, see {@link #stateSize}) lives in the state array DL4J owns,
 * which {@code ModelSerializer} saves and restores with the model, and the kernel advances it there in place.
 * The Java heap holds only the gradient and the update between steps: 8 bytes per parameter.
 *
 * <p>In a configuration's JSON the weights travel with the model, never as a path. A loaded or
 * programmatic optimizer is embedded: its spec (the {@link LstmConfig} as {@link SettingsCodec} maps it),
 * its weights as base64 of little-endian float32, and its {@linkplain #sha256() identity}:
 *
 * <pre>{@code
 * {"@class": "org.l2l4j.lstm.LearnedUpdater",
 *  "spec": {"base": {...}, "hidden": 20, "layers": 2, "outputScale": 0.1, "preprocessing": {...}},
 *  "weights": "...", "sha256": "..."}
 * }</pre>
 *
 * The {@linkplain #bundled() bundled} one is named by its id and identity,
 * {@code {"@class": "org.l2l4j.lstm.LearnedUpdater", "bundled": "mnist", "sha256": "..."}}, and resolved
 * from the same jar on the machine that loads the model. Configurations saved before the spec codec are
 * read by {@link LegacyUpdaterJson}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE,
        creatorVisibility = Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"bundled", "spec", "weights", "sha256"})
public final class LearnedUpdater implements IUpdater {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Key of the state array in {@link GradientUpdater#getState()} and {@link #instantiate(Map, boolean)}. */
    public static final String STATE_KEY = "lstmState";

    /** Reads configurations back for Java serialization; DL4J's own mapper handles the JSON of networks. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names the source in the messages of configurations that cannot be read. */
    static final String WHERE = "LearnedUpdater JSON";

    // What the JSON holds. For a bundled optimizer only "bundled" and "sha256"; else all but "bundled".
    @JsonProperty("bundled")
    private final String bundled;
    @JsonProperty("spec")
    private final Map<String, Object> spec;
    @JsonProperty("weights")
    private final String weightsBase64;
    @JsonProperty("sha256")
    private final String sha256;

    /** Shared, never modified, never handed out. */
    private final transient LstmWeights weights;

    private LearnedUpdater(LstmWeights weights, String bundled) {
        this.weights = weights;
        this.bundled = bundled;
        this.sha256 = identity(weights);
        boolean embedded = bundled == null;
        this.spec = embedded ? SettingsCodec.encode(weights.config()) : null;
        this.weightsBase64 = embedded ? OptimizerFile.encode(weights.values()) : null;
    }

    /**
     * The optimizer saved in {@code file} by {@link OptimizerFile#write}; its weights are embedded in every
     * configuration that uses it.
     *
     * @throws OptimizerFileException if the file is not a valid optimizer file
     */
    public static LearnedUpdater load(Path file) throws IOException {
        return of(OptimizerFile.read(file).weights());
    }

    /** An updater running (a copy of) {@code weights}; they are embedded in every configuration that uses it. */
    public static LearnedUpdater of(LstmWeights weights) {
        OptimizerFile.requireFinite(weights.values(), "LearnedUpdater.of(weights)");
        return new LearnedUpdater(weights, null);
    }

    /**
     * The default optimizer shipped in this jar ({@link BundledOptimizers#DEFAULT}); configurations name it by
     * its id and SHA-256 rather than embedding it, so a model saved with it keeps that optimizer when a later
     * version ships another default.
     *
     * @throws IllegalStateException if the jar does not contain it
     */
    public static LearnedUpdater bundled() {
        return bundled(BundledOptimizers.DEFAULT);
    }

    /**
     * The bundled optimizer {@code id}, one of {@link BundledOptimizers#IDS} (resource
     * {@code org/l2l4j/lstm/bundled/<id>.l2l}, looked up through the thread's context class loader, then this
     * library's); configurations name it by id and SHA-256, as {@link #bundled()}.
     *
     * @throws IllegalArgumentException for an id that is neither known nor on the classpath; the message lists
     *                                  the known ids
     * @throws IllegalStateException    if the jar does not contain a known id's file
     */
    public static LearnedUpdater bundled(String id) {
        return new LearnedUpdater(BundledOptimizers.weights(id), id);
    }

    /**
     * The configuration as DL4J's JSON reader finds it: embedded, bundled, or written before the spec codec
     * ({@link LegacyUpdaterJson}); every missing, unknown or inconsistent key is reported by name.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LearnedUpdater fromJson(Map<String, Object> json) {
        String stored = text(json, "sha256");
        if (json.containsKey("bundled")) {
            requireOnly(json, List.of("bundled", "sha256"), "a bundled optimizer");
            String name = text(json, "bundled");
            LearnedUpdater resolved = bundled(name);
            if (!stored.equals(resolved.sha256) && !stored.equals(LegacyUpdaterJson.digest(resolved.weights))) {
                throw new IllegalArgumentException(WHERE + ": the model was configured with bundled optimizer \""
                        + name + "\" of sha256 " + stored + ", but this jar bundles one of sha256 "
                        + resolved.sha256 + "; load the model with the l2l4j jar it was saved with");
            }
            return resolved;
        }
        if (LegacyUpdaterJson.writtenBeforeSpec(json)) {
            return new LearnedUpdater(LegacyUpdaterJson.read(json), null);
        }
        requireOnly(json, List.of("spec", "weights", "sha256"), "an embedded optimizer");
        if (!(json.get("spec") instanceof Map<?, ?> spec)) {
            throw new IllegalArgumentException(WHERE + ": " + (json.containsKey("spec")
                    ? "\"spec\" must be an object, got " + json.get("spec") : "missing \"spec\""));
        }
        @SuppressWarnings("unchecked")
        LstmConfig config = SettingsCodec.decode(LstmConfig.class, (Map<String, ?>) spec, WHERE + " spec");
        LearnedUpdater updater = new LearnedUpdater(LstmWeights.of(config, embeddedWeights(json, config)), null);
        if (!updater.sha256.equals(stored)) {
            throw new IllegalArgumentException(WHERE + ": \"sha256\" is " + stored + " but spec and weights hash to "
                    + updater.sha256 + " (damaged or edited)");
        }
        return updater;
    }

    /** The optimizer's weights. */
    public LstmWeights weights() {
        return weights;
    }

    /** The weights themselves, for the updaters this config instantiates; must not be modified. */
    LstmWeights sharedWeights() {
        return weights;
    }

    /**
     * The optimizer's identity, as hex: SHA-256 over the canonical JSON of its spec
     * ({@link SettingsCodec#canonicalJson}, UTF-8) followed by its weights as little-endian float32. Equal
     * updaters have equal identities, and equal identities mean equal updaters.
     */
    public String sha256() {
        return sha256;
    }

    /**
     * 2 · layers · hidden floats per parameter (80 for the paper's 2 × 20 LSTM), h and c of every layer
     * (2 more with ADAM_NORMALISED preprocessing: its moments m and v; 1 more with a base step: its
     * momentum trace), plus 2 reserved floats per variable (an earlier version's stamp, kept so that saved
     * states keep their size; 3 with ADAM_NORMALISED or correction steps: also the step count); 0 for no
     * parameters.
     *
     * @throws IllegalArgumentException if the state would not fit DL4J's int-indexed updater state array
     */
    @Override
    public long stateSize(long numParams) {
        long perParameter = LstmState.floatsPerCoordinate(weights.config());
        int trailing = LearnedGradientUpdater.trailingFloats(weights.config());
        long limit = (Integer.MAX_VALUE - trailing) / perParameter;
        if (numParams < 0 || numParams > limit) {
            throw new IllegalArgumentException("LearnedUpdater keeps " + perParameter + " floats per parameter and"
                    + " DL4J indexes updater state with int, so at most " + limit + " parameters can use it; got "
                    + numParams);
        }
        return numParams == 0 ? 0 : perParameter * numParams + trailing;
    }

    @Override
    public GradientUpdater<LearnedUpdater> instantiate(INDArray viewArray, boolean initializeViewArray) {
        LearnedGradientUpdater updater = new LearnedGradientUpdater(this);
        updater.setStateViewArray(viewArray, null, 'c', initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<LearnedUpdater> instantiate(Map<String, INDArray> updaterState,
                                                       boolean initializeStateArrays) {
        LearnedGradientUpdater updater = new LearnedGradientUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    /** Immutable, so the clone is the updater itself. */
    @Override
    public LearnedUpdater clone() {
        return this;
    }

    /** A learned optimizer has no learning rate: NaN, as DL4J's {@code NoOp} reports. */
    @Override
    public double getLearningRate(int iteration, int epoch) {
        return Double.NaN;
    }

    @Override
    public boolean hasLearningRate() {
        return false;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("a LearnedUpdater has no learning rate to set (got " + lr
                + "); its step size is part of the learned weights");
    }

    /** Value equality: the same {@linkplain #sha256() identity} (spec and weights), however the updater was obtained. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof LearnedUpdater u && u.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        LstmConfig c = weights.config();
        return "LearnedUpdater(" + (bundled != null ? "bundled " + bundled : "embedded") + ", LSTM "
                + c.layers() + "x" + c.hidden() + ", sha256 " + sha256.substring(0, 12) + ")";
    }

    /** Java serialization goes through the same JSON, so it is checked the same way. */
    @Serial
    private Object writeReplace() {
        try {
            return new SerializedForm(JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + this + " as JSON", e);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("LearnedUpdater is serialized through its SerializedForm");
    }

    private record SerializedForm(String json) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            try {
                return JSON.readValue(json, LearnedUpdater.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                InvalidObjectException failure = new InvalidObjectException("bad serialized LearnedUpdater: "
                        + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        }
    }

    /**
     * Settings added to the spec after models saved identities, as key paths into its map: each is left out
     * of the canonical JSON while it is zero (what files without it read it as), so those identities still hold.
     */
    private static final List<List<String>> LATER_SETTINGS = List.of(List.of("base", "squareDecay"),
            List.of("magnitudeScale"), List.of("preprocessing", "stepFeatures"),
            List.of("preprocessing", "momentumFeatures"));

    private static String identity(LstmWeights weights) {
        Map<String, Object> spec = SettingsCodec.encode(weights.config());
        for (List<String> path : LATER_SETTINGS) {
            spec = withoutZero(spec, path);
        }
        return sha256(SettingsCodec.canonicalJson(spec), weights.values());
    }

    /** A copy of {@code map} without the setting at {@code path} if that is zero. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutZero(Map<String, Object> map, List<String> path) {
        Map<String, Object> copy = new TreeMap<>(map);
        String key = path.get(0);
        if (path.size() > 1) {
            copy.put(key, withoutZero((Map<String, Object>) copy.get(key), path.subList(1, path.size())));
        } else if (SettingsCodec.isZero(copy.get(key))) {
            copy.remove(key);
        }
        return copy;
    }

    /** SHA-256, as hex, over {@code text} (UTF-8) followed by {@code values} as little-endian float32. */
    static String sha256(String text, float[] values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            sha.update(OptimizerFile.littleEndian(values));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The finite float32 weights of an LSTM {@code config} that key "weights" holds as base64. */
    static float[] embeddedWeights(Map<String, Object> json, LstmConfig config) {
        float[] values;
        try {
            values = OptimizerFile.decode(text(json, "weights"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WHERE + ": \"weights\" " + e.getMessage(), e);
        }
        if (values.length != config.parameterCount()) {
            throw new IllegalArgumentException(WHERE + ": \"weights\" holds " + values.length + " float32 weights,"
                    + " but an LSTM " + config + " has " + config.parameterCount());
        }
        OptimizerFile.requireFinite(values, WHERE);
        return values;
    }

    /** The string under {@code key}. */
    static String text(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(WHERE + ": " + (value == null ? "missing \"" + key + "\""
                    : "\"" + key + "\" must be a string, got " + value));
        }
        return s;
    }

    /** Refuses a key outside {@code known}, naming it. */
    static void requireOnly(Map<String, Object> json, List<String> known, String what) {
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(WHERE + ": unknown key \"" + key + "\" (" + what + " has "
                        + String.join(", ", known) + ")");
            }
        }
    }
}
