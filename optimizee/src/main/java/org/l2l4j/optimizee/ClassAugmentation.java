package org.l2l4j.optimizee;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * New classes made from a few-shot family's meta-training classes ({@code augment=} of {@code fewshot}):
 * {@link #ROTATIONS} adds each class rotated by 90, 180 and 270 degrees as three classes of its own
 * (Santoro et al. 2016; Finn et al. 2017's Omniglot setup), so that 5 digits give 20 classes and the
 * meta-training tasks are no longer the same classes relabelled. Only meta-training and validation tasks
 * see the new classes; evaluation classes are never augmented.
 */
enum ClassAugmentation {
    NONE(1),
    ROTATIONS(4);

    private final int copies;

    ClassAugmentation(int copies) {
        this.copies = copies;
    }

    /** The names {@code augment=} takes. */
    static List<String> specNames() {
        return Arrays.stream(values()).map(ClassAugmentation::specName).toList();
    }

    String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classes made of each original class, the original included. */
    int copies() {
        return copies;
    }

    /**
     * Writes example {@code example} of {@code source} as copy {@code copy} of its class into {@code target}
     * at {@code offset}: copy 0 is the example itself; of {@link #ROTATIONS}, copy r is it rotated by r·90
     * degrees counter-clockwise, each channel alike.
     *
     * @param shape the examples' image shape, square; null only for {@link #NONE}
     */
    void write(float[] source, int example, ImageShape shape, int copy, int featuresPerExample, float[] target,
               int offset) {
        int from = example * featuresPerExample;
        if (copy == 0) {
            System.arraycopy(source, from, target, offset, featuresPerExample);
            return;
        }
        int side = shape.height();
        int plane = side * side;
        for (int c = 0; c < shape.channels(); c++) {
            int in = from + c * plane;
            int out = offset + c * plane;
            for (int row = 0; row < side; row++) {
                for (int col = 0; col < side; col++) {
                    target[out + row * side + col] = source[in + rotatedFrom(copy, row, col, side)];
                }
            }
        }
    }

    /** The source index (row-major) of pixel (row, col) of an image rotated by {@code quarters}·90° counter-clockwise. */
    private static int rotatedFrom(int quarters, int row, int col, int side) {
        int last = side - 1;
        return switch (quarters) {
            case 1 -> col * side + (last - row);
            case 2 -> (last - row) * side + (last - col);
            case 3 -> (last - col) * side + row;
            default -> throw new IllegalArgumentException("a rotation by " + quarters + " quarter turns");
        };
    }
}
