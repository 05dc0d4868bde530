package org.l2l4j.optimizee;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of a classification data set in memory: {@link #size()} examples of
 * {@link #featuresPerExample()} float32 features each, example after example, and an integer label in
 * 0..{@code classes() - 1} per example; for images also their {@link ImageShape}. Immutable: it hands
 * out copies, never its arrays.
 */
public final class LabelledData {

    private final float[] features; // size() · featuresPerExample(), example after example
    private final int[] labels;
    private final int classes;
    private final int featuresPerExample;
    private final ImageShape shape; // null for data that are not images
    private volatile DataSet shared; // toDataSet(), built on first use by sharedDataSet()

    /**
     * {@code features} and {@code labels} are taken over, not copied: callers hand in fresh arrays.
     *
     * @param shape the images' shape, or null if the examples are not images
     */
    LabelledData(float[] features, int[] labels, int classes, int featuresPerExample, ImageShape shape) {
        if ((long) labels.length * featuresPerExample != features.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * featuresPerExample
                    + " features, got " + features.length);
        }
        if (shape != null && shape.size() != featuresPerExample) {
            throw new IllegalArgumentException("images of " + shape + " have " + shape.size() + " values, not "
                    + featuresPerExample);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside the "
                        + classes + " classes");
            }
        }
        this.features = features;
        this.labels = labels;
        this.classes = classes;
        this.featuresPerExample = featuresPerExample;
        this.shape = shape;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Features per example (784 for MNIST's 28x28 pixels). */
    public int featuresPerExample() {
        return featuresPerExample;
    }

    /** Number of classes: labels are in 0..classes() - 1, and one-hot labels have this many columns. */
    public int classes() {
        return classes;
    }

    /** The images' shape, or empty if the examples are not images (e.g. rows of a CSV file). */
    public Optional<ImageShape> imageShape() {
        return Optional.ofNullable(shape);
    }

    /** The label of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all features, example after example. */
    public float[] features() {
        return features.clone();
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** These examples with one-hot labels of {@code classes} columns, at least {@link #classes()}. */
    LabelledData withClasses(int classes) {
        return classes == this.classes ? this : new LabelledData(features, labels, classes, featuresPerExample, shape);
    }

    /** The examples {@code indices}, in that order. */
    LabelledData subset(int[] indices) {
        float[] chosenFeatures = new float[indices.length * featuresPerExample];
        int[] chosenLabels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            System.arraycopy(features, indices[row] * featuresPerExample, chosenFeatures, row * featuresPerExample,
                    featuresPerExample);
            chosenLabels[row] = labels[indices[row]];
        }
        return new LabelledData(chosenFeatures, chosenLabels, classes, featuresPerExample, shape);
    }

    /** The whole split as one float32 DataSet: features [size, featuresPerExample], one-hot labels [size, classes]. */
    public DataSet toDataSet() {
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * classes + labels[i]] = 1f;
        }
        INDArray featureArray = Nd4j.create(features, new long[] {labels.length, featuresPerExample}, DataType.FLOAT);
        INDArray targets = Nd4j.create(oneHot, new long[] {labels.length, classes}, DataType.FLOAT);
        return new DataSet(featureArray, targets);
    }

    /**
     * One {@link #toDataSet()} kept for the optimizees of this package, which only read it (to measure
     * the training and test losses): built once, not once per optimizee. Must not be modified.
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

    /** The feature array itself, for the batch sampler of this package; must not be modified. */
    float[] sharedFeatures() {
        return features;
    }
}
