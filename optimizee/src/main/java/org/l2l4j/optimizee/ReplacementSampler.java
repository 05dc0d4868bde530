package org.l2l4j.optimizee;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of {@code size} images drawn uniformly <em>with replacement</em> from a split, from the
 * instance's {@link Random}. The features [size, pixels] and one-hot labels [size, 10] are float32
 * arrays allocated once and refilled on every call.
 */
final class ReplacementSampler implements BatchSource {

    private final MnistSplit split;
    private final int size;
    private final Random random;
    private final FloatBuffer features; // native memory of the features array, row-major
    private final FloatBuffer labels;
    private final float[] oneHot;
    private final MultiDataSet batch;

    ReplacementSampler(MnistSplit split, int size, Random random) {
        this.split = split;
        this.size = size;
        this.random = random;
        INDArray featureArray = Nd4j.create(DataType.FLOAT, size, split.pixelsPerImage());
        INDArray labelArray = Nd4j.create(DataType.FLOAT, size, MnistSplit.CLASSES);
        this.features = featureArray.data().asNioFloat();
        this.labels = labelArray.data().asNioFloat();
        this.oneHot = new float[size * MnistSplit.CLASSES];
        this.batch = new org.nd4j.linalg.dataset.MultiDataSet(featureArray, labelArray);
    }

    @Override
    public MultiDataSet next() {
        float[] pixels = split.sharedImages();
        int width = split.pixelsPerImage();
        Arrays.fill(oneHot, 0f);
        for (int row = 0; row < size; row++) {
            int image = random.nextInt(split.size());
            features.put(row * width, pixels, image * width, width);
            oneHot[row * MnistSplit.CLASSES + split.label(image)] = 1f;
        }
        labels.put(0, oneHot);
        return batch;
    }
}
