package org.l2l4j.optimizee;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A directory of class folders of images, one folder per class, the classes numbered in the folders'
 * sorted name order ({@code cat/}, {@code dog/} → 0, 1). Every PNG, JPEG or GIF file in a class folder is
 * read with {@link ImageIO}, converted to grayscale, resized to the family's input size (bilinear) and
 * scaled to [0, 1]; other files are ignored. The images are decoded in parallel, each into its own row,
 * so the order (folders sorted, files sorted) does not depend on the thread count.
 */
final class ImageFolders {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif");

    private ImageFolders() {}

    /** Whether {@code dir} holds class folders (at least one subdirectory) rather than IDX files. */
    static boolean holdsClassFolders(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.anyMatch(Files::isDirectory);
        }
    }

    /**
     * The images under {@code dir} as {@code height} × {@code width} grayscale, with {@code test} (class
     * folders of the same names) as the test split, or without one a seeded 80/20 split.
     *
     * @throws IOException naming the directory or file: fewer than two classes, an empty class folder, an
     *                     unreadable image, test folders with other class names
     */
    static TrainTestData read(Path dir, Path test, int height, int width) throws IOException {
        List<String> classes = classes(dir);
        LabelledData train = images(dir, classes, height, width);
        if (test == null) {
            return TrainTestData.split(train, dir.toString());
        }
        List<String> testClasses = classes(test);
        if (!testClasses.equals(classes)) {
            throw new IOException(test + ": class folders " + testClasses + " differ from " + dir + "'s " + classes);
        }
        return TrainTestData.of(train, images(test, classes, height, width), dir.toString(), null);
    }

    private static List<String> classes(Path dir) throws IOException {
        List<String> classes;
        try (Stream<Path> listing = Files.list(dir)) {
            classes = listing.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (classes.size() < 2) {
            throw new IOException(dir + ": " + classes.size() + " class folder(s) " + classes
                    + ", a classification needs at least two");
        }
        return classes;
    }

    private static LabelledData images(Path dir, List<String> classes, int height, int width) throws IOException {
        List<Path> files = new ArrayList<>();
        int[] firstOfClass = new int[classes.size() + 1]; // class c's files are files[firstOfClass[c], firstOfClass[c + 1])
        for (int label = 0; label < classes.size(); label++) {
            Path folder = dir.resolve(classes.get(label));
            List<Path> images;
            try (Stream<Path> listing = Files.list(folder)) {
                images = listing.filter(ImageFolders::isImage).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new IOException(folder + ": no PNG, JPEG or GIF image in class folder " + classes.get(label));
            }
            files.addAll(images);
            firstOfClass[label + 1] = files.size();
        }
        int[] labels = new int[files.size()];
        for (int label = 0; label < classes.size(); label++) {
            Arrays.fill(labels, firstOfClass[label], firstOfClass[label + 1], label);
        }
        int pixels = height * width;
        if ((long) files.size() * pixels > Integer.MAX_VALUE - 8) {
            throw new IOException(dir + ": " + files.size() + " images of " + height + "x" + width
                    + " are more than one Java array can hold");
        }
        float[] features = new float[files.size() * pixels];
        try {
            IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    grayscale(files.get(i), height, width, features, i * pixels);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new LabelledData(features, labels, classes.size(),
                pixels, new ImageShape(1, height, width));
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** Decodes {@code file} into {@code height · width} values in [0, 1] at {@code destination[offset]}. */
    private static void grayscale(Path file, int height, int width, float[] destination, int offset)
            throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(file + ": unreadable image (no ImageIO reader decodes it)");
        }
        BufferedImage gray = image;
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY || image.getWidth() != width
                || image.getHeight() != height) {
            gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D graphics = gray.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
            graphics.dispose();
        }
        byte[] bytes = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bytes.length; i++) {
            destination[offset + i] = Byte.toUnsignedInt(bytes[i]) / 255f;
        }
    }
}
