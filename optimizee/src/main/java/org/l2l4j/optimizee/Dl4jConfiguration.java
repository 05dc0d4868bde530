package org.l2l4j.optimizee;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A user's DL4J network configuration: a {@link MultiLayerConfiguration} or
 * {@link ComputationGraphConfiguration} as {@code toJson()} writes it, or the configuration inside a
 * {@link ModelSerializer} zip (its weights and updater state are not used). Each {@link #network} is a
 * fresh network from the JSON, its initialisers seeded with the given seed. Equal when the JSON is.
 */
final class Dl4jConfiguration {

    private final String json;
    private final boolean graph;

    private Dl4jConfiguration(String json, boolean graph) {
        this.json = json;
        this.graph = graph;
    }

    /** @throws IOException naming {@code file}: unreadable, or not a DL4J configuration (JSON or zip) */
    static Dl4jConfiguration read(Path file) throws IOException {
        String json = isZip(file) ? fromZip(file) : Files.readString(file, StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IOException(file + ": not JSON, so not a DL4J configuration (" + firstLine(e.getMessage()) + ")",
                    e);
        }
        boolean graph = tree != null && tree.has("vertices");
        if (tree == null || !(graph || tree.has("confs"))) {
            throw new IOException(file + ": JSON, but neither a DL4J MultiLayerConfiguration (no \"confs\") nor a"
                    + " ComputationGraphConfiguration (no \"vertices\")");
        }
        Dl4jConfiguration configuration = new Dl4jConfiguration(json, graph);
        try {
            configuration.network(0);
        } catch (RuntimeException e) {
            throw new IOException(file + ": DL4J cannot build a network from it: " + firstLine(String.valueOf(e.getMessage())),
                    e);
        }
        return configuration;
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 'P' && in.read() == 'K';
        }
    }

    private static String fromZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
            if (entry == null) {
                throw new IOException(file + ": a zip without " + ModelSerializer.CONFIGURATION_JSON
                        + ", so not a model written by DL4J's ModelSerializer");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A new, initialised network, every initialiser seeded with {@code seed}. */
    Dl4jNetwork network(long seed) {
        if (graph) {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
            conf.getDefaultConfiguration().setSeed(seed);
            for (GraphVertex vertex : conf.getVertices().values()) {
                if (vertex instanceof LayerVertex layer) {
                    layer.getLayerConf().setSeed(seed);
                }
            }
            ComputationGraph network = new ComputationGraph(conf);
            network.init();
            return new Dl4jNetwork.Graph(network);
        }
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            layer.setSeed(seed);
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return new Dl4jNetwork.Sequential(network);
    }

    /**
     * The grayscale image size the network takes, where the configuration says it: a feed-forward-to-CNN
     * preprocessor on the first layer, or a first dense layer whose nIn is a square (side × side).
     */
    Optional<ImageShape> imageInput() {
        if (graph) {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
            String input = conf.getNetworkInputs().get(0);
            for (Map.Entry<String, List<String>> inputs : conf.getVertexInputs().entrySet()) {
                if (inputs.getValue().contains(input)
                        && conf.getVertices().get(inputs.getKey()) instanceof LayerVertex layer) {
                    return imageInput(layer.getPreProcessor(), layer.getLayerConf());
                }
            }
            return Optional.empty();
        }
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
        return imageInput(conf.getInputPreProcess(0), conf.getConf(0));
    }

    private static Optional<ImageShape> imageInput(InputPreProcessor preProcessor, NeuralNetConfiguration first) {
        if (preProcessor instanceof FeedForwardToCnnPreProcessor toCnn && toCnn.getNumChannels() == 1) {
            return Optional.of(new ImageShape(1, (int) toCnn.getInputHeight(), (int) toCnn.getInputWidth()));
        }
        if (preProcessor == null && first.getLayer() instanceof FeedForwardLayer dense
                && !(dense instanceof ConvolutionLayer)) {
            int side = (int) Math.round(Math.sqrt(dense.getNIn()));
            if (side > 0 && (long) side * side == dense.getNIn()) {
                return Optional.of(new ImageShape(1, side, side));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dl4jConfiguration that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
