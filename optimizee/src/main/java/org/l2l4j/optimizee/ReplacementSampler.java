package org.l2l4j.optimizee;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of {@code size} examples drawn uniformly <em>with replacement</em> from a split, from the
 * instance's {@link Random}. The features [size, features] (or [size, channels, height, width] for a
 * network that takes images as such) and one-hot labels [size, classes] are float32 arrays allocated
 * once and refilled on every call. Which examples the last {@link #HISTORY} minibatches drew is kept,
 * so any of them can be given {@linkplain #again again}, by index, without drawing, here or by a
 * {@linkplain #concurrentReader concurrent reader} into arrays of its own.
 */
final class ReplacementSampler implements BatchSource {

    /** Minibatches {@link #again} can give: more than any unroll of meta-training is long. */
    static final int HISTORY = 1024;

    private final LabelledData split;
    private final int size;
    private final Random random;
    private final long[] shape;
    private final Minibatch minibatch;
    /** The examples of the last {@link #HISTORY} minibatches, minibatch j in row j mod HISTORY. */
    private final int[][] recent;
    private long drawn;

    /** Flat features, [size, features]. */
    ReplacementSampler(LabelledData split, int size, Random random) {
        this(split, size, random, new long[] {split.featuresPerExample()});
    }

    /** @param exampleShape the shape of one example's features, e.g. {channels, height, width}; row-major */
    ReplacementSampler(LabelledData split, int size, Random random, long[] exampleShape) {
        this.split = split;
        this.size = size;
        this.random = random;
        this.shape = new long[exampleShape.length + 1];
        shape[0] = size;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != (long) size * split.featuresPerExample()) {
            throw new IllegalArgumentException("examples of shape " + Arrays.toString(exampleShape) + " do not hold "
                    + split.featuresPerExample() + " features");
        }
        this.minibatch = new Minibatch();
        this.recent = new int[HISTORY][size];
    }

    @Override
    public MultiDataSet next() {
        int[] examples = recent[(int) (drawn % HISTORY)];
        for (int row = 0; row < size; row++) {
            examples[row] = random.nextInt(split.size());
        }
        drawn++;
        return minibatch.fill(examples);
    }

    /** Any of the last {@link #HISTORY} minibatches: their examples are kept, so drawing again is not needed. */
    @Override
    public MultiDataSet again(long index) {
        return minibatch.fill(examples(index));
    }

    /** A reader of the earlier minibatches into arrays of its own; it draws nothing ({@code next()} throws). */
    @Override
    public Optional<BatchSource> concurrentReader() {
        Minibatch own = new Minibatch();
        return Optional.of(new BatchSource() {
            @Override
            public MultiDataSet next() {
                throw new UnsupportedOperationException("a concurrent reader gives earlier minibatches only");
            }

            @Override
            public MultiDataSet again(long index) {
                return own.fill(examples(index));
            }
        });
    }

    private int[] examples(long index) {
        if (index < 0 || index >= drawn || index < drawn - HISTORY) {
            throw new IllegalArgumentException("minibatch " + index + " is not among the last " + HISTORY
                    + " drawn (" + drawn + " so far)");
        }
        return recent[(int) (index % HISTORY)];
    }

    /** The float32 features and one-hot labels of one minibatch, refilled in place. */
    private final class Minibatch {
        private final FloatBuffer features; // native memory of the features array, row-major
        private final FloatBuffer labels;
        private final float[] oneHot = new float[size * split.classes()];
        private final MultiDataSet batch;

        Minibatch() {
            INDArray featureArray = Nd4j.create(DataType.FLOAT, shape);
            INDArray labelArray = Nd4j.create(DataType.FLOAT, size, split.classes());
            this.features = featureArray.data().asNioFloat();
            this.labels = labelArray.data().asNioFloat();
            this.batch = new org.nd4j.linalg.dataset.MultiDataSet(featureArray, labelArray);
        }

        MultiDataSet fill(int[] examples) {
            float[] values = split.sharedFeatures();
            int width = split.featuresPerExample();
            int classes = split.classes();
            Arrays.fill(oneHot, 0f);
            for (int row = 0; row < size; row++) {
                int example = examples[row];
                features.put(row * width, values, example * width, width);
                oneHot[row * classes + split.label(example)] = 1f;
            }
            labels.put(0, oneHot);
            return batch;
        }
    }
}
