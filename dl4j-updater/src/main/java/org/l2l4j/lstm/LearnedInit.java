package org.l2l4j.lstm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned initialisation (MAML, first-order MAML, Reptile, Meta-SGD, or θ<sub>0</sub> learned with an LSTM
 * optimizer) for a DL4J network: {@code LearnedInit.load(path).applyTo(network)} sets the network's
 * parameters to θ<sub>0</sub>, after which it fine-tunes with any updater. The file records θ<sub>0</sub>'s
 * layout, the network's {@code paramTable()} as "key:shape" in order, and a network of another architecture
 * is refused naming the first block that differs.
 */
public final class LearnedInit {

    private final LearnedInitFile.Loaded file;
    private final Path source;

    private LearnedInit(LearnedInitFile.Loaded file, Path source) {
        this.file = file;
        this.source = source;
    }

    /**
     * Reads a learned-initialisation file ({@code l2l meta-train --method maml ...}).
     *
     * @throws OptimizerFileException naming the file if it is damaged or not such a file
     */
    public static LearnedInit load(Path path) throws IOException {
        return new LearnedInit(LearnedInitFile.read(path), path);
    }

    /** The method that learned it: maml, fomaml, reptile, meta-sgd or lstm. */
    public String method() {
        return file.method();
    }

    /** The problem it was meta-trained on, e.g. {@code sinusoid}. */
    public String problemSpec() {
        return file.problemSpec();
    }

    /** A copy of θ<sub>0</sub>, in the network's {@code params()} order. */
    public float[] parameters() {
        return file.init().clone();
    }

    /** Meta-SGD's per-parameter learning rates (a copy), learned with θ<sub>0</sub>; empty for other methods. */
    public Optional<float[]> learningRates() {
        return file.learningRates().map(float[]::clone);
    }

    /** The LSTM optimizer learned with θ<sub>0</sub> ({@code lstm}); empty for other methods. */
    public Optional<LstmWeights> lstm() {
        return file.lstm();
    }

    /** The meta-training settings the file records. */
    public Map<String, Object> training() {
        return file.training();
    }

    /**
     * Sets {@code network}'s parameters to θ<sub>0</sub> (a {@code MultiLayerNetwork} or {@code ComputationGraph}),
     * in its own data type.
     *
     * @throws IllegalArgumentException if its parameter blocks are not the file's, naming the first difference
     */
    public void applyTo(Model network) {
        Objects.requireNonNull(network, "network");
        List<String> layout = layoutOf(network);
        if (!layout.equals(file.layout())) {
            throw new IllegalArgumentException(source + ": the network is not the architecture this initialisation"
                    + " was learned for (" + file.problemSpec() + "): " + firstDifference(layout, file.layout()));
        }
        INDArray params = network.params();
        network.setParams(Nd4j.createFromArray(file.init()).castTo(params.dataType()).reshape(params.shape()));
    }

    /** The network's paramTable as "key:shape" in order, e.g. "0_W:1x40". */
    private static List<String> layoutOf(Model network) {
        List<String> layout = new ArrayList<>();
        network.paramTable().forEach((key, value) -> {
            StringBuilder shape = new StringBuilder();
            for (long d : value.shape()) {
                shape.append(shape.length() == 0 ? "" : "x").append(d);
            }
            layout.add(key + ":" + shape);
        });
        return layout;
    }

    /** Where two different layouts first differ. */
    private static String firstDifference(List<String> network, List<String> learned) {
        int i = 0;
        while (i < network.size() && i < learned.size() && network.get(i).equals(learned.get(i))) {
            i++;
        }
        String have = i < network.size() ? network.get(i) : "nothing";
        String want = i < learned.size() ? learned.get(i) : "nothing";
        return "parameter block " + (i + 1) + " is " + have + " in the network, " + want + " in the file";
    }
}
