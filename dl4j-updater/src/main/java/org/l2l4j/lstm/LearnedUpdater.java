package org.l2l4j.lstm;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect.Visibility;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
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
 * which {@code ModelSerializer} saves and restores with the model. Each step also keeps a copy of it on the
 * Java heap (twice the size of the state, for the kernel's input and output): budget 640 bytes of heap per
 * parameter on top of DL4J's 320 off-heap.
 *
 * <p>In a configuration's JSON ({@code "@class": "org.l2l4j.lstm.LearnedUpdater"}) the weights travel
 * with the model, never as a path: a loaded or programmatic optimizer is embedded (architecture, weights
 * as base64 of little-endian float32, and their SHA-256); the {@linkplain #bundled() bundled} one is named
 * by its id and SHA-256, and resolved from the same jar on the machine that loads the model.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE,
        creatorVisibility = Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class LearnedUpdater implements IUpdater {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Key of the state array in {@link GradientUpdater#getState()} and {@link #instantiate(Map, boolean)}. */
    public static final String STATE_KEY = "lstmState";

    /** Reads configurations back for Java serialization; DL4J's own mapper handles the JSON of networks. */
    private static final ObjectMapper JSON = new ObjectMapper();

    // What the JSON holds. For a bundled optimizer only "bundled" and "sha256"; else all but "bundled".
    @JsonProperty("bundled")
    private final String bundled;
    @JsonProperty("layers")
    private final Integer layers;
    @JsonProperty("hidden")
    private final Integer hidden;
    @JsonProperty("preprocessing")
    private final String preprocessing;
    @JsonProperty("p")
    private final Double p;
    /** ADAM_NORMALISED only (absent for the other kinds, so their JSON is as before). */
    @JsonProperty("beta1")
    private final Double beta1;
    @JsonProperty("beta2")
    private final Double beta2;
    @JsonProperty("epsilon")
    private final Double epsilon;
    @JsonProperty("clamp")
    private final Double clamp;
    @JsonProperty("outputScale")
    private final Double outputScale;
    /** With a base step only (absent without one, so such JSON is as before base steps existed). */
    @JsonProperty("baseLearningRate")
    private final Double baseLearningRate;
    @JsonProperty("baseMomentum")
    private final Double baseMomentum;
    /** With correction steps only (absent for 0, so such JSON is as before they existed). */
    @JsonProperty("baseCorrectionSteps")
    private final Integer baseCorrectionSteps;
    @JsonProperty("weights")
    private final String weightsBase64;
    @JsonProperty("sha256")
    private final String sha256;

    /** Shared, never modified, never handed out. */
    private final transient LstmWeights weights;
    private final transient int hash;

    private LearnedUpdater(LstmWeights weights, String bundled) {
        LstmConfig c = weights.config();
        this.weights = weights;
        this.bundled = bundled;
        this.sha256 = digest(weights);
        this.hash = 31 * c.hashCode() + Arrays.hashCode(weights.values());
        boolean embedded = bundled == null;
        this.layers = embedded ? c.layers() : null;
        this.hidden = embedded ? c.hidden() : null;
        this.preprocessing = embedded ? c.preprocessing().kind().name() : null;
        this.p = embedded ? c.preprocessing().p() : null;
        boolean adam = embedded && c.preprocessing().kind() == Preprocessing.Kind.ADAM_NORMALISED;
        this.beta1 = adam ? c.preprocessing().beta1() : null;
        this.beta2 = adam ? c.preprocessing().beta2() : null;
        this.epsilon = adam ? c.preprocessing().epsilon() : null;
        this.clamp = embedded ? c.preprocessing().clamp() : null;
        this.outputScale = embedded ? c.outputScale() : null;
        boolean based = embedded && c.base().active();
        this.baseLearningRate = based ? c.base().learningRate() : null;
        this.baseMomentum = based ? c.base().momentum() : null;
        this.baseCorrectionSteps = based && c.base().correctionSteps() > 0 ? c.base().correctionSteps() : null;
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
        LstmWeights copy = weights.copy();
        requireFinite(copy.values(), "LearnedUpdater.of(weights)");
        return new LearnedUpdater(copy, null);
    }

    /**
     * The optimizer shipped in this jar, meta-trained on MNIST; configurations name it by id ("mnist") and
     * SHA-256 rather than embedding it.
     *
     * @throws IllegalStateException if the jar does not contain it
     */
    public static LearnedUpdater bundled() {
        return bundled(BundledOptimizers.DEFAULT);
    }

    /** The bundled optimizer {@code name} (resource {@code org/l2l4j/lstm/bundled/<name>.l2l}). */
    static LearnedUpdater bundled(String name) {
        return new LearnedUpdater(BundledOptimizers.weights(name), name);
    }

    /** The configuration as DL4J's JSON reader finds it; every missing or inconsistent key is reported by name. */
    @JsonCreator
    static LearnedUpdater fromJson(@JsonProperty("bundled") String bundled,
                                   @JsonProperty("layers") Integer layers,
                                   @JsonProperty("hidden") Integer hidden,
                                   @JsonProperty("preprocessing") String preprocessing,
                                   @JsonProperty("p") Double p,
                                   @JsonProperty("beta1") Double beta1,
                                   @JsonProperty("beta2") Double beta2,
                                   @JsonProperty("epsilon") Double epsilon,
                                   @JsonProperty("clamp") Double clamp,
                                   @JsonProperty("outputScale") Double outputScale,
                                   @JsonProperty("baseLearningRate") Double baseLearningRate,
                                   @JsonProperty("baseMomentum") Double baseMomentum,
                                   @JsonProperty("baseCorrectionSteps") Integer baseCorrectionSteps,
                                   @JsonProperty("weights") String weights,
                                   @JsonProperty("sha256") String sha256) {
        String where = "LearnedUpdater JSON";
        if (sha256 == null) {
            throw new IllegalArgumentException(where + ": missing \"sha256\"");
        }
        if (bundled != null) {
            if (weights != null) {
                throw new IllegalArgumentException(where + ": has both \"bundled\" (" + bundled
                        + ") and embedded \"weights\"; expected one of them");
            }
            LearnedUpdater resolved = bundled(bundled);
            if (!resolved.sha256.equals(sha256)) {
                throw new IllegalArgumentException(where + ": the model was configured with bundled optimizer \""
                        + bundled + "\" of sha256 " + sha256 + ", but this jar bundles one of sha256 "
                        + resolved.sha256 + "; load the model with the l2l4j jar it was saved with");
            }
            return resolved;
        }
        LstmConfig config;
        try {
            Preprocessing.Kind kind = Preprocessing.Kind.valueOf(require(preprocessing, "preprocessing"));
            boolean adam = kind == Preprocessing.Kind.ADAM_NORMALISED;
            Preprocessing pre = new Preprocessing(kind, require(p, "p"),
                    adam ? require(beta1, "beta1") : unused(beta1, "beta1", kind),
                    adam ? require(beta2, "beta2") : unused(beta2, "beta2", kind),
                    adam ? require(epsilon, "epsilon") : unused(epsilon, "epsilon", kind),
                    require(clamp, "clamp"));
            BaseStep base = baseLearningRate == null && baseMomentum == null && baseCorrectionSteps == null
                    ? BaseStep.NONE
                    : BaseStep.nesterov(require(baseLearningRate, "baseLearningRate"), require(baseMomentum, "baseMomentum"))
                            .withCorrectionSteps(baseCorrectionSteps == null ? 0 : baseCorrectionSteps);
            config = new LstmConfig(require(layers, "layers"), require(hidden, "hidden"), pre,
                    require(outputScale, "outputScale"), base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad optimizer architecture: " + e.getMessage(), e);
        }
        float[] values = decode(require(weights, "weights"), config);
        requireFinite(values, where);
        LearnedUpdater updater = new LearnedUpdater(LstmWeights.of(config, values), null);
        if (!updater.sha256.equals(sha256)) {
            throw new IllegalArgumentException(where + ": \"sha256\" is " + sha256 + " but the weights hash to "
                    + updater.sha256 + " (damaged or edited)");
        }
        return updater;
    }

    /** A copy of the optimizer's weights. */
    public LstmWeights weights() {
        return weights.copy();
    }

    /** The weights themselves, for the updaters this config instantiates; must not be modified. */
    LstmWeights sharedWeights() {
        return weights;
    }

    /** The SHA-256 of architecture and weights, as hex: a short, stable identity of the optimizer. */
    public String sha256() {
        return sha256;
    }

    /**
     * 2 · layers · hidden floats per parameter (80 for the paper's 2 × 20 LSTM), h and c of every layer
     * (2 more with ADAM_NORMALISED preprocessing: its moments m and v; 1 more with a base step: its
     * momentum trace), plus 2 per variable for the stamp that marks the state written by the last step
     * (3 with ADAM_NORMALISED or correction steps: also the step count); 0 for no parameters.
     *
     * @throws IllegalArgumentException if the state would not fit DL4J's int-indexed updater state array
     */
    @Override
    public long stateSize(long numParams) {
        long perParameter = LearnedGradientUpdater.floatsPerCoordinate(weights.config());
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

    /** Value equality: the same architecture and bitwise-equal weights, however the updater was obtained. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof LearnedUpdater u && u.hash == hash
                && u.weights.config().equals(weights.config())
                && Arrays.equals(u.weights.values(), weights.values());
    }

    @Override
    public int hashCode() {
        return hash;
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

    /** SHA-256 over the architecture (as text) and the weights (little-endian float32). */
    private static String digest(LstmWeights weights) {
        LstmConfig c = weights.config();
        Preprocessing pre = c.preprocessing();
        // the kinds without β and ε, and LSTMs without a base step, hash as before those existed, so saved
        // models keep their identity
        String adam = pre.kind() == Preprocessing.Kind.ADAM_NORMALISED
                ? pre.beta1() + "," + pre.beta2() + "," + pre.epsilon() + "," : "";
        String architecture = c.layers() + "," + c.hidden() + "," + pre.kind() + "," + pre.p() + "," + adam
                + pre.clamp() + "," + c.outputScale()
                + (c.base().active() ? ",base:" + c.base().learningRate() + "," + c.base().momentum() : "")
                + (c.base().correctionSteps() > 0 ? ",correction:" + c.base().correctionSteps() : "") + ";";
        ByteBuffer bytes = ByteBuffer.allocate(weights.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(weights.values());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(architecture.getBytes(StandardCharsets.UTF_8));
            sha.update(bytes.array());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static float[] decode(String base64, LstmConfig config) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LearnedUpdater JSON: \"weights\" is not base64: " + e.getMessage(), e);
        }
        if (bytes.length != config.parameterCount() * Float.BYTES) {
            throw new IllegalArgumentException("LearnedUpdater JSON: \"weights\" holds " + bytes.length + " bytes, but an"
                    + " LSTM " + config + " has " + config.parameterCount() + " float32 weights");
        }
        float[] values = new float[config.parameterCount()];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** A key the kind does not use: absent (as written for it), or 0. */
    private static double unused(Double value, String key, Preprocessing.Kind kind) {
        if (value != null && value != 0) {
            throw new IllegalArgumentException("LearnedUpdater JSON: \"" + key + "\" is " + value + ", but "
                    + kind + " preprocessing has no " + key);
        }
        return 0;
    }

    private static <T> T require(T value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("LearnedUpdater JSON: missing \"" + key + "\"");
        }
        return value;
    }

    private static void requireFinite(float[] values, String where) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(where + ": weight #" + i + " is " + values[i]);
            }
        }
    }
}
