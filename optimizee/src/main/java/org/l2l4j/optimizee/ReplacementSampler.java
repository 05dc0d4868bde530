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
 * arrays allocated once and refilled on every call. The images of the last {@link #HISTORY} minibatches
 * are kept, so they can be given {@linkplain #again again}.
 */
final class ReplacementSampler implements BatchSource {

    /** Minibatches {@link #again} can give: more than any unroll of meta-training is long. */
    static final int HISTORY = 1024;

    private final MnistSplit split;
    private final int size;
    private final Random random;
    private final FloatBuffer features; // native memory of the features array, row-major
    private final FloatBuffer labels;
    private final float[] oneHot;
    private final MultiDataSet batch;
    /** The images of the last {@link #HISTORY} minibatches, minibatch j in row j mod HISTORY. */
    private final int[][] recent;
    private long drawn;

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
        this.recent = new int[HISTORY][size];
    }

    @Override
    public MultiDataSet next() {
        int[] images = recent[(int) (drawn % HISTORY)];
        for (int row = 0; row < size; row++) {
            images[row] = random.nextInt(split.size());
        }
        drawn++;
        return fill(images);
    }

    /** Any of the last {@link #HISTORY} minibatches: their images are kept, so drawing again is not needed. */
    @Override
    public MultiDataSet again(long index) {
        if (index < 0 || index >= drawn || index < drawn - HISTORY) {
            throw new IllegalArgumentException("minibatch " + index + " is not among the last " + HISTORY
                    + " drawn (" + drawn + " so far)");
        }
        return fill(recent[(int) (index % HISTORY)]);
    }

    private MultiDataSet fill(int[] images) {
        float[] pixels = split.sharedImages();
        int width = split.pixelsPerImage();
        Arrays.fill(oneHot, 0f);
        for (int row = 0; row < size; row++) {
            int image = images[row];
            features.put(row * width, pixels, image * width, width);
            oneHot[row * MnistSplit.CLASSES + split.label(image)] = 1f;
        }
        labels.put(0, oneHot);
        return batch;
    }
}
