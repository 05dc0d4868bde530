package org.l2l4j.lstm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SettingsCodec;

/**
 * A learned initialisation on disk, in the envelope of {@link OptimizerFile} (format name and version,
 * float32 arrays as base64, a SHA-256 over the rest): the method that learned it, θ<sub>0</sub> in the
 * network's {@code params()} order, and what adapts from it, if learned with it: Meta-SGD's
 * per-parameter learning rates, or an LSTM optimizer (its spec through {@link SettingsCodec}, its weights).
 *
 * <pre>{@code
 * {"format": "l2l4j-learned-init", "version": 1, "method": "maml", "problemSpec": "sinusoid",
 *  "training": {"innerLearningRate": 0.01, "innerSteps": 1, ...},
 *  "init": {"count": 1761, "encoding": "float32-le-base64", "data": "..."},
 *  "layout": ["0_W:1x40", "0_b:40", "1_W:40x40", "1_b:40", "2_W:40x1", "2_b:1"],
 *  "learningRates": {...},                       (meta-sgd only)
 *  "config": {...}, "weights": {...},            (lstm only: as in an optimizer file)
 *  "sha256": "..."}
 * }</pre>
 */
public final class LearnedInitFile {

    static final String FORMAT = "l2l4j-learned-init";
    static final int VERSION = 1;
    private static final String KIND = "learned initialisation";

    /**
     * What a file holds. {@code training} is unmodifiable, keys sorted.
     *
     * @param layout        θ<sub>0</sub>'s blocks as DL4J's paramTable names them ({@code "0_W:1x40"}), in order
     * @param learningRates Meta-SGD's per-parameter rates (length of {@code init}); empty for other methods
     * @param lstm          the LSTM learned with θ<sub>0</sub>; empty for other methods
     */
    public record Loaded(String method, float[] init, List<String> layout, Optional<float[]> learningRates,
                         Optional<LstmWeights> lstm, String problemSpec, Map<String, Object> training) {

        /**
         * The rule that adapts from {@link #init}, as it was meta-trained: the LSTM, Meta-SGD's learned rates, or
         * SGD at the run's inner learning rate ({@code training.innerLearningRate}).
         *
         * @throws IllegalArgumentException if the file of an SGD method does not record its learning rate
         */
        public Optimizer<?> rule(LstmKernel kernel) {
            if (lstm.isPresent()) {
                return new LstmOptimizer(lstm.get(), kernel);
            }
            if (learningRates.isPresent()) {
                return LearnedSgd.perParameter().optimizer(learningRates.get());
            }
            if (!(training.get(INNER_LEARNING_RATE) instanceof Number rate)) {
                throw new IllegalArgumentException("the " + method + " file records no \"" + INNER_LEARNING_RATE
                        + "\" in \"training\", the SGD learning rate it adapts with");
            }
            return LearnedSgd.fixed(rate.doubleValue()).optimizer(new float[0]);
        }
    }

    /** The training setting that holds the inner SGD's learning rate. */
    static final String INNER_LEARNING_RATE = "innerLearningRate";

    /**
     * Whether {@code file} is a regular file holding a JSON object of this format (else, read it as another
     * kind of file). Streams the top-level keys up to {@code "format"}, which files are written with first,
     * so a large file is not read whole just to be told apart; anything but a regular file is not one.
     */
    public static boolean holdsOne(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (JsonParser parser = OptimizerFile.JSON.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                if (key.equals("format")) {
                    return FORMAT.equals(parser.getValueAsString());
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException | RuntimeException notThisFormat) {
            return false;
        }
    }

    private LearnedInitFile() {
    }

    /**
     * Writes {@code init} atomically ({@link AtomicFiles}).
     *
     * @param training settings of the training run; values must be strings, numbers or booleans
     */
    public static void write(Path file, String method, float[] init, List<String> layout, Optional<float[]> learningRates,
                             Optional<LstmWeights> lstm, String problemSpec, Map<String, Object> training)
            throws IOException {
        OptimizerFile.requireFinite(init, "initialisation to save to " + file);
        ObjectNode root = OptimizerFile.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("method", method);
        root.put("problemSpec", problemSpec);
        root.set("training", OptimizerFile.trainingNode(training));
        root.set("init", OptimizerFile.arrayNode(init));
        layout.forEach(root.putArray("layout")::add);
        if (learningRates.isPresent()) {
            if (learningRates.get().length != init.length) {
                throw new IllegalArgumentException("one learning rate per parameter: " + init.length + ", got "
                        + learningRates.get().length);
            }
            OptimizerFile.requireFinite(learningRates.get(), "learning rates to save to " + file);
            root.set("learningRates", OptimizerFile.arrayNode(learningRates.get()));
        }
        if (lstm.isPresent()) {
            OptimizerFile.requireFinite(lstm.get().values(), "LSTM weights to save to " + file);
            root.set("config", OptimizerFile.JSON.valueToTree(SettingsCodec.encode(lstm.get().config())));
            root.set("weights", OptimizerFile.arrayNode(lstm.get().values()));
        }
        root.put("sha256", OptimizerFile.checksum(root));
        AtomicFiles.write(file, OptimizerFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Reads and validates {@code file}; every problem is an {@link OptimizerFileException} naming the file. */
    public static Loaded read(Path file) throws IOException {
        ObjectNode root = OptimizerFile.verifiedRoot(file, FORMAT, KIND, VERSION, VERSION);
        String method = OptimizerFile.text(file, root, "method");
        JsonNode initNode = root.get("init");
        int count = initNode != null && initNode.get("count") != null ? initNode.get("count").asInt(-1) : -1;
        float[] init = OptimizerFile.readArray(file, initNode, "init", Math.max(count, 0), "its count");
        JsonNode layoutNode = root.get("layout");
        if (layoutNode == null || !layoutNode.isArray()) {
            throw new OptimizerFileException(file, "no \"layout\" array");
        }
        List<String> layout = new ArrayList<>();
        for (JsonNode entry : layoutNode) {
            if (!entry.isTextual()) {
                throw new OptimizerFileException(file, "\"layout\" holds " + entry + ", not a string");
            }
            layout.add(entry.textValue());
        }
        Optional<float[]> rates = Optional.empty();
        if (root.has("learningRates")) {
            rates = Optional.of(OptimizerFile.readArray(file, root.get("learningRates"), "learningRates", init.length,
                    "an init of " + init.length + " parameters"));
        }
        Optional<LstmWeights> lstm = Optional.empty();
        if (root.has("weights") || root.has("config")) {
            LstmConfig config = OptimizerFile.readConfig(file, root.get("config"));
            lstm = Optional.of(LstmWeights.of(config, OptimizerFile.readWeights(file, root.get("weights"), config)));
        }
        return new Loaded(method, init, List.copyOf(layout), rates, lstm, OptimizerFile.text(file, root, "problemSpec"),
                OptimizerFile.readTraining(file, root.get("training")));
    }
}
