package org.l2l4j.optimizee;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Prints the wall time of reading a 60,000-row CSV file (784 pixel features and a label per row, as
 * MNIST written as CSV) and a directory of 70,000 PNG files in 10 class folders (28x28 grayscale), both
 * written first into {@code dir} from a fixed seed; the time covers the read into a {@link TrainTestData}
 * (parse, split, standardise or decode and resize), what {@code --problem mnist:data=PATH} waits for, as
 * wall time and as the process's CPU time (all threads; on a loaded machine the steadier number). A
 * measurement, not a test: timings are never asserted. Run from the project root after {@code verify}:
 *
 * <pre>
 * ./mvnw -B -q -o -pl optimizee org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
 *     -Dmdep.outputFile=/tmp/optimizee-cp.txt -Dmdep.includeScope=test
 * java -cp optimizee/target/test-classes:optimizee/target/classes:core/target/classes:$(cat /tmp/optimizee-cp.txt) \
 *     org.l2l4j.optimizee.DataReadTiming /tmp/l2l-data-timing [repeats]
 * </pre>
 */
final class DataReadTiming {

    private static final int CSV_ROWS = 60_000;
    private static final int IMAGES = 70_000;

    private DataReadTiming() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/l2l-data-timing"));
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path csv = dir.resolve("mnist60k.csv");
        Path images = dir.resolve("images70k");
        if (!Files.exists(csv)) {
            writeCsv(csv);
        }
        if (!Files.exists(images)) {
            writeImages(images);
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            TrainTestData fromCsv = DataSources.read(csv, null, new ImageShape(1, 28, 28));
            double csvSeconds = (System.nanoTime() - start) / 1e9;
            double csvCpu = (os.getProcessCpuTime() - cpu) / 1e9;
            start = System.nanoTime();
            cpu = os.getProcessCpuTime();
            TrainTestData fromImages = DataSources.read(images, null, new ImageShape(1, 28, 28));
            double imageSeconds = (System.nanoTime() - start) / 1e9;
            double imageCpu = (os.getProcessCpuTime() - cpu) / 1e9;
            System.out.printf("{\"csv_rows\":%d,\"csv_mb\":%.1f,\"csv_s\":%.2f,\"csv_cpu_s\":%.2f,\"image_files\":%d,"
                            + "\"images_s\":%.2f,\"images_cpu_s\":%.2f,\"cores\":%d,\"loadavg\":\"%s\"}%n",
                    fromCsv.train().size() + fromCsv.test().size(), Files.size(csv) / 1e6, csvSeconds, csvCpu,
                    fromImages.train().size() + fromImages.test().size(), imageSeconds, imageCpu,
                    Runtime.getRuntime().availableProcessors(), loadAverage());
        }
    }

    /** Random pixel rows 0..255 and labels 0..9, the size of MNIST's training set as CSV. */
    private static void writeCsv(Path file) throws IOException {
        Random random = new Random(1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder();
            for (int row = 0; row < CSV_ROWS; row++) {
                line.setLength(0);
                for (int p = 0; p < 784; p++) {
                    line.append(random.nextInt(256)).append(',');
                }
                line.append(random.nextInt(10)).append('\n');
                out.write(line.toString());
            }
        }
    }

    /** 7,000 random 28x28 grayscale PNGs in each of 10 class folders. */
    private static void writeImages(Path dir) throws IOException {
        Random random = new Random(2);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[784];
        for (int c = 0; c < 10; c++) {
            Path folder = Files.createDirectories(dir.resolve("class" + c));
            for (int k = 0; k < IMAGES / 10; k++) {
                random.nextBytes(pixels);
                image.getRaster().setDataElements(0, 0, 28, 28, pixels);
                ImageIO.write(image, "png", folder.resolve(k + ".png").toFile());
            }
        }
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).strip() : "n/a";
    }
}
