package org.l2l4j.optimizee;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of an MNIST-format data set: images as float pixels byte/255 in [0, 1] and their labels
 * 0..9. Immutable: it hands out copies, never its arrays.
 */
public final class MnistSplit {

    /** Labels are digits. */
    public static final int CLASSES = 10;

    private final float[] pixels; // size() · pixelsPerImage(), image after image
    private final int[] labels;
    private final int pixelsPerImage;
    private volatile DataSet shared; // toDataSet(), built on first use by sharedDataSet()

    /** {@code pixels} and {@code labels} are taken over, not copied: callers hand in fresh arrays. */
    MnistSplit(float[] pixels, int[] labels, int pixelsPerImage) {
        if ((long) labels.length * pixelsPerImage != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * pixelsPerImage
                    + " pixels, got " + pixels.length);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.pixelsPerImage = pixelsPerImage;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Pixels per image, rows · columns (784 for MNIST). */
    public int pixelsPerImage() {
        return pixelsPerImage;
    }

    /** The label of image {@code i}, in 0..9. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all images: {@code size() · pixelsPerImage()} pixels in [0, 1], image after image. */
    public float[] images() {
        return pixels.clone();
    }

    /** A copy of all labels, in 0..9. */
    public int[] labels() {
        return labels.clone();
    }

    /** Copies image {@code i} into {@code destination} from {@code offset} on. */
    public void copyImage(int i, float[] destination, int offset) {
        System.arraycopy(pixels, i * pixelsPerImage, destination, offset, pixelsPerImage);
    }

    /** The whole split as one float32 DataSet: features [size, pixels], one-hot labels [size, 10]. */
    public DataSet toDataSet() {
        float[] oneHot = new float[labels.length * CLASSES];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * CLASSES + labels[i]] = 1f;
        }
        INDArray features = Nd4j.create(pixels, new long[] {labels.length, pixelsPerImage}, DataType.FLOAT);
        INDArray targets = Nd4j.create(oneHot, new long[] {labels.length, CLASSES}, DataType.FLOAT);
        return new DataSet(features, targets);
    }

    /**
     * One {@link #toDataSet()} kept for the optimizees of this package, which only read it (to measure
     * the training loss): built once, not once per optimizee. Must not be modified.
     */
    DataSet sharedDataSet() {
        DataSet data = shared;
        if (data == null) {
            synchronized (this) {
                data = shared;
                if (data == null) {
                    shared = data = toDataSet();
                }
            }
        }
        return data;
    }

    /** The pixel array itself, for the batch sampler of this package; must not be modified. */
    float[] sharedImages() {
        return pixels;
    }
}
