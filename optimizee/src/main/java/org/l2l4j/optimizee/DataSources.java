package org.l2l4j.optimizee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2l4j.core.InputPaths;

/**
 * Reads a classification data set from what users have, told apart by what {@code data} is: a regular
 * file is a CSV file ({@link CsvFile}); a directory with subdirectories holds class folders of images
 * ({@link ImageFolders}); any other directory holds IDX files ({@link IdxDirectory}).
 */
final class DataSources {

    private DataSources() {}

    /**
     * @param test      the held-out CSV file or image directory, or null for a seeded 80/20 split (an IDX
     *                  directory holds its own test split and takes none)
     * @param imageSize the size class-folder images are resized to (grayscale), or null if unknown
     * @throws IOException naming the file or directory and what is wrong with it
     */
    static TrainTestData read(Path data, Path test, ImageShape imageSize) throws IOException {
        InputPaths.requireReadable(data, true);
        if (test != null) {
            InputPaths.requireReadable(test, true);
        }
        TrainTestData read;
        if (Files.isRegularFile(data)) {
            if (test != null && !Files.isRegularFile(test)) {
                throw new IOException(test + ": is not a file, but the data are a CSV file and so must the test data be");
            }
            read = CsvFile.read(data, test);
        } else if (ImageFolders.holdsClassFolders(data)) {
            if (test != null && !Files.isDirectory(test)) {
                throw new IOException(test + ": is not a directory of class folders, as the data are");
            }
            if (imageSize == null) {
                throw new IOException(data + ": class folders of images, but the network's configuration does not"
                        + " say which image size it takes (give it a first dense layer with nIn = side², or"
                        + " InputType.convolutionalFlat)");
            }
            read = ImageFolders.read(data, test, imageSize.height(), imageSize.width());
        } else {
            if (test != null) {
                throw new IOException(test + ": an IDX directory (" + data + ") holds its own test split;"
                        + " leave out test=");
            }
            read = IdxDirectory.read(data);
        }
        return test == null ? read : read.withTestSource(test.toString());
    }
}
