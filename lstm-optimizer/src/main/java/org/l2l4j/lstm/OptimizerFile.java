package org.l2l4j.lstm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.core.HeapBudget;
import org.l2l4j.core.InputPaths;
import org.l2l4j.core.SettingsCodec;

/**
 * A trained optimizer on disk, as JSON: format name and version, the rule's spec ({@link LstmConfig}
 * through {@link SettingsCodec}), the problem spec it was trained on, free-form training settings, the
 * weights (base64 of little-endian float32) and a SHA-256 checksum of the rest, so a damaged or
 * hand-edited file is refused rather than silently used.
 *
 * <pre>{@code
 * {"format": "l2l4j-lstm-optimizer", "version": 2,
 *  "config": {"base": {"correctionSteps": 200, "learningRate": 1.0, "momentum": 0.9}, "hidden": 20, "layers": 2,
 *             "outputScale": 0.05, "preprocessing": {"beta1": 0.0, "beta2": 0.0, "clamp": 0.0, "epsilon": 0.0,
 *             "kind": "LOG_SIGN", "p": 10.0}},
 *  "problemSpec": "mnist", "training": {"seed": 1, "epochs": 300, ...},
 *  "weights": {"count": 5141, "encoding": "float32-le-base64", "data": "..."},
 *  "sha256": "<hex of SHA-256 over the canonical JSON of everything else: keys sorted, no spaces>"}
 * }</pre>
 *
 * Version 2 writes every component of the spec; version 1 (earlier builds) left out the ones that were
 * zero or did not exist yet, which the codec reads as zero, so both versions read through it alike.
 */
public final class OptimizerFile {

    static final String FORMAT = "l2l4j-lstm-optimizer";
    static final int VERSION = 2;
    /** Files of version 1 differ only in leaving zero settings out of "config". */
    private static final int OLDEST_READABLE = 1;
    static final String ENCODING = "float32-le-base64";
    /**
     * Heap a read takes per byte of the file, at its peak: the bytes, the JSON tree (the weights' base64
     * as a Java string), the decoded bytes and the weights.
     */
    private static final int READ_BYTES_PER_FILE_BYTE = 4;

    /** Refuses duplicate keys and anything after the top-level object: such a file was not written by us. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {
    };

    /** What a file holds. {@code training} is unmodifiable, keys sorted. */
    public record Loaded(LstmWeights weights, String problemSpec, Map<String, Object> training) {
    }

    private OptimizerFile() {
    }

    /**
     * Writes {@code weights} with the problem spec and training settings to {@code file}, atomically
     * ({@link AtomicFiles}: a temporary file in the same directory, flushed to disk, renamed over {@code file}).
     *
     * @param training settings and seed of the training run; values must be strings, numbers or booleans
     */
    public static void write(Path file, LstmWeights weights, String problemSpec, Map<String, Object> training)
            throws IOException {
        if (problemSpec == null) {
            throw new IllegalArgumentException("problemSpec must not be null");
        }
        requireFinite(weights.values(), "weights to save to " + file);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("config", JSON.valueToTree(SettingsCodec.encode(weights.config())));
        root.put("problemSpec", problemSpec);
        root.set("training", trainingNode(training));
        root.set("weights", arrayNode(weights.values()));
        root.put("sha256", checksum(root));

        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Reads and validates {@code file}; every problem is an {@link OptimizerFileException} naming the file. */
    public static Loaded read(Path file) throws IOException {
        ObjectNode root = verifiedRoot(file, FORMAT, "LSTM optimizer", OLDEST_READABLE, VERSION);
        LstmConfig config = readConfig(file, root.get("config"));
        float[] values = readWeights(file, root.get("weights"), config);
        String problemSpec = text(file, root, "problemSpec");
        return new Loaded(LstmWeights.of(config, values), problemSpec, readTraining(file, root.get("training")));
    }

    /**
     * The JSON object of {@code file} once it is shown to be a file of {@code format}, of a version in
     * oldest..newest, whose "sha256" matches the rest: the envelope every l2l4j weights file shares.
     *
     * @param kind what such a file holds, for messages ("LSTM optimizer")
     */
    static ObjectNode verifiedRoot(Path file, String format, String kind, int oldest, int newest) throws IOException {
        InputPaths.requireReadable(file, false);
        long size = Files.size(file);
        double memory = (double) size * READ_BYTES_PER_FILE_BYTE;
        if (size > Integer.MAX_VALUE - 8 || !HeapBudget.fits(memory)) {
            throw new OptimizerFileException(file, "too large for an l2l4j " + kind + " file: "
                    + HeapBudget.tooLarge(memory, "reading its " + size + " bytes"));
        }
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new OptimizerFileException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) { // the parser's other complaints about the bytes, e.g. an invalid encoding
            throw new OptimizerFileException(file, "not valid JSON text: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new OptimizerFileException(file, "not an l2l4j " + kind + " file: expected a JSON object");
        }
        JsonNode given = root.get("format");
        if (given == null || !format.equals(given.asText(null))) {
            throw new OptimizerFileException(file, "not an l2l4j " + kind + " file: \"format\" is "
                    + given + ", expected \"" + format + "\"");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() < oldest || version.intValue() > newest) {
            throw new OptimizerFileException(file, "unsupported format version " + version
                    + " (this build reads versions " + oldest + " to " + newest + ")");
        }
        ObjectNode content = ((ObjectNode) root).deepCopy();
        JsonNode stored = content.remove("sha256");
        if (stored == null || !stored.isTextual()) {
            throw new OptimizerFileException(file, "no \"sha256\" checksum");
        }
        String actual = checksum(content);
        if (!actual.equals(stored.textValue())) {
            throw new OptimizerFileException(file, "checksum mismatch: the file says " + stored.textValue()
                    + " but its content hashes to " + actual + " (damaged or edited)");
        }
        return (ObjectNode) root;
    }

    static LstmConfig readConfig(Path file, JsonNode node) throws OptimizerFileException {
        if (node == null || !node.isObject()) {
            throw new OptimizerFileException(file, "no \"config\" object");
        }
        try {
            return SettingsCodec.decode(LstmConfig.class, JSON.convertValue(node, SETTINGS), "config");
        } catch (IllegalArgumentException e) {
            throw new OptimizerFileException(file, e.getMessage(), e);
        }
    }

    static float[] readWeights(Path file, JsonNode node, LstmConfig config) throws OptimizerFileException {
        return readArray(file, node, "weights", config.parameterCount(), "an LSTM " + config);
    }

    /**
     * The float32 array in {@code node}, as {@link #arrayNode} writes it, of {@code expected} values.
     *
     * @param name   the array's key, for messages
     * @param holder what needs {@code expected} values, for messages ("an LSTM …")
     */
    static float[] readArray(Path file, JsonNode node, String name, int expected, String holder)
            throws OptimizerFileException {
        if (node == null || !node.isObject()) {
            throw new OptimizerFileException(file, "no \"" + name + "\" object");
        }
        String encoding = text(file, node, "encoding");
        if (!ENCODING.equals(encoding)) {
            throw new OptimizerFileException(file, name + " encoding is \"" + encoding + "\", expected \"" + ENCODING + "\"");
        }
        float[] values;
        try {
            values = decode(text(file, node, "data"));
        } catch (IllegalArgumentException e) {
            throw new OptimizerFileException(file, name + " data " + e.getMessage(), e);
        }
        int count = integer(file, node, "count");
        if (count != values.length || count != expected) {
            throw new OptimizerFileException(file, "has " + values.length + " " + name + " (count says " + count
                    + ") but " + holder + " has " + expected);
        }
        try {
            requireFinite(values, name);
        } catch (IllegalArgumentException e) {
            throw new OptimizerFileException(file, e.getMessage());
        }
        return values;
    }

    /** {"count", "encoding", "data"} of {@code values}: how every array of a weights file is written. */
    static ObjectNode arrayNode(float[] values) {
        ObjectNode node = JSON.createObjectNode();
        node.put("count", values.length);
        node.put("encoding", ENCODING);
        node.put("data", encode(values));
        return node;
    }

    static ObjectNode trainingNode(Map<String, Object> training) {
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<String, Object> e : new TreeMap<>(training).entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                node.put(e.getKey(), s);
            } else if (v instanceof Boolean b) {
                node.put(e.getKey(), b);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                node.put(e.getKey(), ((Number) v).longValue());
            } else if (v instanceof Number num && Double.isFinite(num.doubleValue())) {
                node.put(e.getKey(), num.doubleValue());
            } else {
                throw new IllegalArgumentException("training setting \"" + e.getKey()
                        + "\" must be a string, boolean, integer or finite number, got " + v);
            }
        }
        return node;
    }

    static Map<String, Object> readTraining(Path file, JsonNode node) throws OptimizerFileException {
        if (node == null || !node.isObject()) {
            throw new OptimizerFileException(file, "no \"training\" object");
        }
        Map<String, Object> training = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object value = switch (v.getNodeType()) {
                case STRING -> v.textValue();
                case BOOLEAN -> v.booleanValue();
                case NUMBER -> v.isIntegralNumber() ? (Object) v.longValue() : (Object) v.doubleValue();
                default -> throw new OptimizerFileException(file, "training setting \"" + e.getKey()
                        + "\" must be a string, boolean or number, got " + v.getNodeType());
            };
            training.put(e.getKey(), value);
        }
        return Collections.unmodifiableMap(training);
    }

    /** SHA-256, as hex, of {@code node} written with sorted keys and no whitespace. */
    static String checksum(ObjectNode node) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(sorted(node));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot checksum an in-memory JSON tree", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.getNodeType() == JsonNodeType.OBJECT) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) {
                copy.set(name, sorted(node.get(name)));
            }
            return copy;
        }
        return node;
    }

    /** Base64 of {@link #littleEndian}: how weights are written here and in a DL4J configuration. */
    static String encode(float[] values) {
        return Base64.getEncoder().encodeToString(littleEndian(values));
    }

    /** The values as little-endian float32 bytes. */
    static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    /**
     * The little-endian float32 values that {@code base64} holds, as {@link #encode} writes them.
     *
     * @throws IllegalArgumentException saying "is not base64: …" or "has N bytes, not a whole number of floats"
     */
    static float[] decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64: " + e.getMessage(), e);
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("has " + bytes.length + " bytes, not a whole number of floats");
        }
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** Refuses a weight that is not finite, naming {@code what} and the weight's index. */
    static void requireFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": weight #" + i + " is " + values[i]);
            }
        }
    }

    static String text(Path file, JsonNode node, String key) throws OptimizerFileException {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new OptimizerFileException(file, "\"" + key + "\" must be a string, got " + v);
        }
        return v.textValue();
    }

    private static int integer(Path file, JsonNode node, String key) throws OptimizerFileException {
        JsonNode v = node.get(key);
        if (v == null || !v.isInt()) {
            throw new OptimizerFileException(file, "\"" + key + "\" must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static double number(Path file, JsonNode node, String key) throws OptimizerFileException {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber()) {
            throw new OptimizerFileException(file, "\"" + key + "\" must be a number, got " + v);
        }
        return v.doubleValue();
    }
}
