package org.l2l4j.optimizee;

/**
 * The shape of one image example: its features are {@code channels · height · width} values, channel
 * after channel, each row-major (DL4J's [channels, height, width] order).
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("an image needs at least one channel, row and column, got "
                    + channels + "x" + height + "x" + width);
        }
    }

    /** Values per image. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
