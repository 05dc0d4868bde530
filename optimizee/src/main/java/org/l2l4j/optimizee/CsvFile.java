package org.l2l4j.optimizee;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A CSV file of labelled examples, as DataVec's {@code CSVRecordReader} reads them for a
 * classification: one example per line, fields separated by commas, numeric features first and an
 * integer class label (0, 1, ...) last. A first line that is not all numbers is a header and skipped;
 * blank lines are skipped; a field may be wrapped in double quotes. Every row must have the first row's
 * number of fields. Features are standardised with the training split's statistics ({@link Standardisation}).
 */
final class CsvFile {

    private CsvFile() {}

    /**
     * The examples of {@code data}, with {@code test} as the test split, or without one a seeded 80/20
     * split of {@code data}'s rows ({@link TrainTestData#split}).
     *
     * @param test a CSV file with the same columns, or null
     * @throws IOException naming the file and the line: a ragged row, a field that is not a finite number,
     *                     a label that is not a non-negative integer, a file without examples
     */
    static TrainTestData read(Path data, Path test) throws IOException {
        Rows train = Rows.read(data, -1);
        TrainTestData raw = test == null ? TrainTestData.split(train.labelled(), data.toString())
                : TrainTestData.of(train.labelled(), Rows.read(test, train.width).labelled(), data.toString(), null);
        float[] trainFeatures = raw.train().features();
        float[] testFeatures = raw.test().features();
        Standardisation standardisation = Standardisation.of(trainFeatures, train.width);
        standardisation.apply(trainFeatures);
        standardisation.apply(testFeatures);
        return TrainTestData.of(
                new LabelledData(trainFeatures, raw.train().labels(), raw.classes(), train.width, null),
                new LabelledData(testFeatures, raw.test().labels(), raw.classes(), train.width, null),
                raw.source(), standardisation);
    }

    /** The rows of one file, read into growing arrays. */
    private static final class Rows {
        private final Path file;
        private int width = -1; // features per row
        private float[] features = new float[1 << 16];
        private int[] labels = new int[1 << 10];
        private int count;
        private int labelBound;

        private Rows(Path file, int width) {
            this.file = file;
            this.width = width;
        }

        /** @param width the features a row must have, or -1 to take the first row's */
        static Rows read(Path file, int width) throws IOException {
            Rows rows = new Rows(file, width);
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                boolean first = true;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    if (first && isHeader(line)) {
                        first = false;
                        continue;
                    }
                    first = false;
                    rows.add(line, number);
                }
            }
            if (rows.count == 0) {
                throw new IOException(file + ": empty data set: no example rows");
            }
            return rows;
        }

        /** Whether some field of {@code line} is not a number. */
        private static boolean isHeader(String line) {
            int start = 0;
            while (start <= line.length()) {
                int end = line.indexOf(',', start);
                end = end < 0 ? line.length() : end;
                if (!Double.isFinite(number(line, start, end))) {
                    return true;
                }
                start = end + 1;
            }
            return false;
        }

        private void add(String line, int number) throws IOException {
            int fields = 1;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == ',') {
                    fields++;
                }
            }
            if (width < 0) {
                if (fields < 2) {
                    throw new IOException(file + ": line " + number + " has " + fields
                            + " field; a row needs at least one feature and a label");
                }
                width = fields - 1;
            }
            if (fields != width + 1) {
                throw new IOException(file + ": line " + number + " has " + fields + " fields, expected " + (width + 1)
                        + " (" + width + " features and a label)");
            }
            if ((long) (count + 1) * width > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": more features than one Java array can hold, at line " + number);
            }
            if ((count + 1) * width > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max((long) features.length * 2, (long) (count + 1) * width)));
            }
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, labels.length * 2);
            }
            int start = 0;
            for (int field = 0; field <= width; field++) {
                int end = line.indexOf(',', start);
                if (end < 0) {
                    end = line.length();
                }
                double value = number(line, start, end);
                if (field < width) {
                    if (!Double.isFinite(value)) {
                        throw new IOException(file + ": line " + number + ", field " + (field + 1) + ": '"
                                + line.substring(start, end).strip() + "' is not a finite number");
                    }
                    features[count * width + field] = (float) value;
                } else {
                    if (!(value >= 0 && value == Math.rint(value) && value < Integer.MAX_VALUE)) {
                        throw new IOException(file + ": line " + number + ": label '" + line.substring(start, end).strip()
                                + "' (the last field) is not a class number 0, 1, 2, ...");
                    }
                    labels[count] = (int) value;
                    labelBound = Math.max(labelBound, labels[count] + 1);
                }
                start = end + 1;
            }
            count++;
        }

        LabelledData labelled() {
            return new LabelledData(Arrays.copyOf(features, count * width), Arrays.copyOf(labels, count), labelBound,
                    width, null);
        }
    }

    /** The number field [start, end) of {@code line} spells, without surrounding blanks and double quotes; NaN if none. */
    private static double number(String line, int start, int end) {
        int from = start;
        int to = end;
        while (from < to && line.charAt(from) == ' ') {
            from++;
        }
        while (to > from && line.charAt(to - 1) == ' ') {
            to--;
        }
        if (to - from >= 2 && line.charAt(from) == '"' && line.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        return Numbers.parse(line, from, to);
    }
}
