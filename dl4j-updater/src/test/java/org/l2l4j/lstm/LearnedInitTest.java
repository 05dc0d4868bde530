package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class LearnedInitTest {

    private static final List<String> SINUSOID = List.of("0_W:1x40", "0_b:40", "1_W:40x40", "1_b:40", "2_W:40x1",
            "2_b:1");

    @TempDir
    Path tmp;

    private static MultiLayerNetwork mlp(int hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(1).nOut(hidden).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private Path maml(float[] init) throws IOException {
        Path file = tmp.resolve("maml.l2l");
        LearnedInitFile.write(file, "maml", init, SINUSOID, Optional.empty(), Optional.empty(), "sinusoid",
                Map.of("innerSteps", 1));
        return file;
    }

    @Test
    void applyToSetsTheNetworksParametersToTheLearnedOnes() throws IOException {
        float[] init = new float[40 * 40 + 4 * 40 + 1];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) Math.sin(i);
        }
        LearnedInit learned = LearnedInit.load(maml(init));
        MultiLayerNetwork net = mlp(40);
        learned.applyTo(net);
        assertArrayEquals(init, net.params().toFloatVector());
        assertEquals(init[0], net.getLayer(0).getParam("W").getFloat(0, 0)); // W[0][0] of the first layer
        assertEquals(init[40 + 40 + 1], net.getLayer(1).getParam("W").getFloat(1, 0)); // column-major: W[1][0]
        assertEquals("maml", learned.method());
        assertEquals("sinusoid", learned.problemSpec());
    }

    @Test
    void aNetworkOfAnotherArchitectureIsRefusedNamingTheBlock() throws IOException {
        LearnedInit learned = LearnedInit.load(maml(new float[40 * 40 + 4 * 40 + 1]));
        MultiLayerNetwork other = mlp(20);
        float[] before = other.params().toFloatVector();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learned.applyTo(other));
        assertTrue(e.getMessage().contains("parameter block 1 is 0_W:1x20 in the network, 0_W:1x40 in the file"),
                e.getMessage());
        assertArrayEquals(before, other.params().toFloatVector(), "a refused network is left as it was");
    }
}
