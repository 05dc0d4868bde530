package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2l4j.core.BatchGradient;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.TestMetrics;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Every family on every source it takes, built from files written here: the contract each task keeps. */
class TaskFamiliesTest {

    @TempDir
    static Path dir;

    private static final List<String> SPECS = new ArrayList<>();

    @BeforeAll
    static void writeFiles() throws IOException {
        Path idx = Files.createDirectory(dir.resolve("idx"));
        IdxTestFiles.writeDataSet(idx, 20, 6, true); // 2x3 images, labels 0..9
        Path csv = DataTestFiles.csv(dir.resolve("train.csv"), 30, 4, 3, true);
        Path csvTest = DataTestFiles.csv(dir.resolve("test.csv"), 9, 4, 3, false);
        Path images = DataTestFiles.imageFolders(dir.resolve("images"), "png", 10, 6, "a", "b", "c");

        Path mlp = Files.writeString(dir.resolve("mlp.json"), DataTestFiles.mlp(4, 3).toJson());
        Path graph = Files.writeString(dir.resolve("graph.json"), graph(4, 3).toJson());
        MultiLayerNetwork trained = new MultiLayerNetwork(DataTestFiles.mlp(4, 5));
        trained.init();
        Path zip = dir.resolve("model.zip");
        ModelSerializer.writeModel(trained, zip.toFile(), true);
        Path conv = Files.writeString(dir.resolve("conv.json"), conv(null).toJson());
        Path convFlat = Files.writeString(dir.resolve("conv-flat.json"), conv(InputType.convolutionalFlat(8, 8, 1)).toJson());

        SPECS.addAll(List.of(
                "mnist:hidden=5,batch=4,data=" + idx,
                "mnist:hidden=5,batch=4,data=" + csv + ",test=" + csvTest,
                "mnist:hidden=5,batch=4,data=" + images,
                "cnn:channels=2,kernel=3,layers=1,batch=4,data=" + idx,
                "cnn:channels=2,kernel=3,layers=3,activation=tanh,batch=4,data=" + images,
                "dl4j:conf=" + mlp + ",data=" + csv + ",test=" + csvTest + ",batch=4",
                "dl4j:conf=" + graph + ",data=" + csv + ",batch=4",
                "dl4j:conf=" + zip + ",data=" + csv + ",batch=4",
                "dl4j:conf=" + conv + ",data=" + idx + ",batch=4",
                "dl4j:conf=" + convFlat + ",data=" + images + ",batch=4"));
    }

    static ComputationGraphConfiguration graph(int inputs, int outputs) {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new NoOp()).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(inputs).nOut(6).activation(Activation.SIGMOID).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(outputs)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
    }

    /** A conv layer first: it takes [batch, 1, h, w] images, or flat ones when an input type adds a preprocessor. */
    static org.deeplearning4j.nn.conf.MultiLayerConfiguration conv(InputType inputType) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nIn(1).nOut(2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(inputType == null ? 10 : 3)
                        .activation(Activation.SOFTMAX).build());
        if (inputType != null) {
            return list.setInputType(inputType).build();
        }
        return list.setInputType(InputType.convolutional(2, 3, 1)).build();
    }

    static List<String> specs() {
        return SPECS;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void specIsCanonicalAndParsesBackToAnEqualProblem(String spec) {
        Problem problem = Problems.parse(spec);
        assertEquals(spec, problem.spec());
        assertEquals(problem, Problems.parse(problem.spec()));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void sameSeedGivesTheSameStartAndMinibatchesAndEveryMinibatchReplaysAlsoOnTheSecondEvaluator(String spec) {
        Problem problem = Problems.parse(spec);
        Optimizee a = problem.sample(7);
        Optimizee b = problem.sample(7);
        float[] theta = a.initialParameters();
        assertArrayEquals(theta, b.initialParameters(), 0f);
        assertFalse(Arrays.equals(theta, problem.sample(8).initialParameters()), "another seed, another start");
        int n = theta.length;
        float[][] gradients = new float[3][n];
        double[] losses = new double[3];
        for (int t = 0; t < 3; t++) {
            losses[t] = a.lossAndGradient(theta, gradients[t]);
            assertEquals(losses[t], b.lossAndGradient(theta, new float[n]), 0.0, "step " + t);
            assertTrue(Double.isFinite(losses[t]) && losses[t] > 0, "loss " + losses[t]);
        }
        float[] again = new float[n];
        for (int t = 2; t >= 0; t--) {
            assertEquals(losses[t], a.lossAndGradientOnBatch(t, theta, again), 0.0, "minibatch " + t);
            assertArrayEquals(gradients[t], again, 0f, "minibatch " + t);
        }
        BatchGradient second = a.concurrentBatchGradient().orElseThrow(); // a copy of the network: same arithmetic
        for (int t = 0; t < 3; t++) {
            assertEquals(losses[t], second.lossAndGradientOnBatch(t, theta, again), 0.0, "second evaluator, minibatch " + t);
            assertArrayEquals(gradients[t], again, 0f, "second evaluator, minibatch " + t);
        }
        assertEquals(b.lossAndGradient(theta, new float[n]), a.lossAndGradient(theta, again), 0.0,
                "replays do not move the sequence");
    }

    @ParameterizedTest
    @MethodSource("specs")
    void everyClassificationTaskMeasuresTrainingLossAndTestLossAndAccuracy(String spec) {
        Optimizee task = Problems.parse(spec).sample(3);
        float[] theta = task.initialParameters();
        assertTrue(task.trainingLoss(theta).orElseThrow() > 0);
        TestMetrics metrics = task.testMetrics(theta).orElseThrow();
        assertTrue(metrics.loss() > 0);
        double accuracy = metrics.accuracy().orElseThrow();
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
    }
}
