package org.l2l4j.optimizee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A directory of IDX files in MNIST's format: one images and one labels file for training, the same
 * for testing, raw or gzip. Files are told apart by their magic number (images or labels) and their
 * name: one containing {@code train} is training data, one containing {@code t10k} or {@code test} is
 * test data, so MNIST's own names ({@code train-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte.gz},
 * ...) and most renamings work. Other files (a README) are ignored; two candidates for one role are an
 * error. Labels must be non-negative; the classes are 0..the largest label.
 */
final class IdxDirectory {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private IdxDirectory() {}

    /** The images and labels of one split, each with the name errors give it. */
    record Split(IdxFiles.Images images, String imagesName, byte[] labels, String labelsName) {}

    /**
     * Reads the four IDX files of {@code dir}.
     *
     * @throws IOException naming the directory or file: a role without a file or with two, a malformed or
     *                     truncated file, images and labels that disagree in count, or training and test
     *                     images of different sizes
     */
    static TrainTestData read(Path dir) throws IOException {
        Path[][] roles = new Path[2][2]; // [train, test][images, labels]
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            int kind = kind(file);
            int split = split(file);
            if (kind < 0 || split < 0) {
                continue;
            }
            if (roles[split][kind] != null) {
                throw new IOException(dir + ": ambiguous IDX files: both " + roles[split][kind].getFileName() + " and "
                        + file.getFileName() + " look like the " + roleName(split, kind));
            }
            roles[split][kind] = file;
        }
        List<String> missing = new ArrayList<>();
        for (int split = 0; split < 2; split++) {
            for (int kind = 0; kind < 2; kind++) {
                if (roles[split][kind] == null) {
                    missing.add(roleName(split, kind));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(dir + ": no IDX file for the " + String.join(", ", missing) + " (expected files named"
                    + " like " + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + ", " + TEST_LABELS
                    + ", raw or .gz)");
        }
        return pair(fileSplit(roles[0]), fileSplit(roles[1]), dir.toString());
    }

    private static String roleName(int split, int kind) {
        return (split == 0 ? "training " : "test ") + (kind == 0 ? "images" : "labels");
    }

    /** 0 for an images file, 1 for a labels file, -1 for anything else. */
    private static int kind(Path file) throws IOException {
        return switch (IdxFiles.magic(file)) {
            case IdxFiles.IMAGES_MAGIC -> 0;
            case IdxFiles.LABELS_MAGIC -> 1;
            default -> -1;
        };
    }

    /** 0 for a training file, 1 for a test file, -1 if the name says neither (or both). */
    private static int split(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean train = name.contains("train");
        boolean test = name.contains("t10k") || name.contains("test");
        return train == test ? -1 : train ? 0 : 1;
    }

    private static Split fileSplit(Path[] files) throws IOException {
        return new Split(IdxFiles.readImages(files[0]), files[0].toString(), IdxFiles.readLabels(files[1]),
                files[1].toString());
    }

    /** Both splits as pixels over 255, labelled with as many classes as the largest label needs. */
    static TrainTestData pair(Split train, Split test, String source) throws IOException {
        return TrainTestData.of(labelled(train), labelled(test), source, null);
    }

    private static LabelledData labelled(Split split) throws IOException {
        IdxFiles.Images images = split.images();
        if (images.count() != split.labels().length) {
            throw new IOException(split.imagesName() + " holds " + images.count() + " images but "
                    + split.labelsName() + " holds " + split.labels().length + " labels");
        }
        int[] labels = new int[split.labels().length];
        int classes = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Byte.toUnsignedInt(split.labels()[i]);
            classes = Math.max(classes, labels[i] + 1);
        }
        byte[] bytes = images.pixels();
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = Byte.toUnsignedInt(bytes[i]) / 255f;
        }
        if (images.rows() == 0 || images.cols() == 0) {
            throw new IOException(split.imagesName() + ": images of " + images.rows() + "x" + images.cols()
                    + " pixels are empty");
        }
        ImageShape shape = new ImageShape(1, images.rows(), images.cols());
        return new LabelledData(pixels, labels, classes, shape.size(), shape);
    }
}
