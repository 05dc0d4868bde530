package org.l2l4j.optimizee;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Writes small CSV files, class folders of images and DL4J configurations, independently of the readers under test. */
final class DataTestFiles {

    private DataTestFiles() {}

    /**
     * {@code rows} examples of {@code features} features and {@code classes} classes: feature j of row i is
     * i + j / 10, the label i mod classes; with a header line when asked.
     */
    static Path csv(Path file, int rows, int features, int classes, boolean header) throws IOException {
        StringBuilder text = new StringBuilder();
        if (header) {
            for (int j = 0; j < features; j++) {
                text.append("x").append(j).append(',');
            }
            text.append("label\n");
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                text.append(i + j / 10.0).append(',');
            }
            text.append(i % classes).append('\n');
        }
        return Files.writeString(file, text);
    }

    /**
     * Class folders {@code classes[c]} under {@code dir}, each with {@code perClass} images of
     * {@code size} × {@code size} pixels in the given format (png, jpg, gif); image k of class c is a
     * uniform gray of level 40 c + 10 k in every channel (RGB, so the reader converts).
     */
    static Path imageFolders(Path dir, String format, int size, int perClass, String... classes) throws IOException {
        for (int c = 0; c < classes.length; c++) {
            Path folder = Files.createDirectories(dir.resolve(classes[c]));
            for (int k = 0; k < perClass; k++) {
                BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                int level = 40 * c + 10 * k;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        image.setRGB(x, y, level << 16 | level << 8 | level);
                    }
                }
                ImageIO.write(image, format, folder.resolve("img" + k + "." + format).toFile());
            }
        }
        return dir;
    }

    /** An MLP configuration, {@code inputs}-8-{@code outputs}, tanh, softmax and cross-entropy. */
    static MultiLayerConfiguration mlp(int inputs, int outputs) {
        return new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(outputs)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }
}
