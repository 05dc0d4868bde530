package org.l2l4j.optimizee;

import java.util.Locale;
import org.nd4j.linalg.activations.Activation;

/** The activation of an MLP's hidden layers, as named in a problem spec. */
public enum HiddenActivation {
    SIGMOID(Activation.SIGMOID),
    RELU(Activation.RELU),
    TANH(Activation.TANH);

    private final Activation dl4j;

    HiddenActivation(Activation dl4j) {
        this.dl4j = dl4j;
    }

    /** The name in a spec: {@code sigmoid}, {@code relu} or {@code tanh}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Activation dl4j() {
        return dl4j;
    }
}
