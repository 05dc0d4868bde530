package org.l2l4j.optimizee;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A user-style tabular task for the {@code dl4j:} family, made from a seed: rows of N(0, 1) features
 * labelled by a random <em>teacher</em> network (one tanh hidden layer, weights N(0, 1/fan-in), the label
 * the arg-max of its outputs), written as CSV files (a header, then five decimals per feature and the
 * label last), and the <em>student</em> a user would train on them: a DL4J MLP with one ReLU hidden layer
 * and a softmax output, as configuration JSON. The same settings give the same bytes on every JVM
 * ({@link Random} is specified bit for bit, and numbers are printed by integer arithmetic).
 *
 * @param features      features per row
 * @param teacherHidden hidden units of the teacher
 * @param classes       classes (the teacher's outputs, the student's)
 * @param studentHidden hidden units of the student
 * @param trainRows     rows of the training file
 * @param testRows      rows of the test file
 * @param seed          the teacher's weights and every row come from it
 */
public record TeacherTask(int features, int teacherHidden, int classes, int studentHidden, int trainRows, int testRows,
                          long seed) {

    /** The evaluation suite's tabular row: 50 features, 5 classes, 20,000 training rows, MLP 50-64-5 ReLU. */
    public static final TeacherTask SUITE = new TeacherTask(50, 32, 5, 64, 20_000, 5_000, 17);

    public static final String TRAIN_CSV = "teacher-train.csv";
    public static final String TEST_CSV = "teacher-test.csv";
    public static final String STUDENT_JSON = "student-mlp.json";

    private static final int DECIMALS = 100_000;

    public TeacherTask {
        for (int value : new int[] {features, teacherHidden, studentHidden, trainRows, testRows}) {
            if (value < 1) {
                throw new IllegalArgumentException("a teacher task needs sizes >= 1, got " + this);
            }
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a teacher task needs at least 2 classes, got " + classes);
        }
    }

    /** File name → content: {@link #TRAIN_CSV}, {@link #TEST_CSV} and {@link #STUDENT_JSON}, in that order. */
    public Map<String, byte[]> files() {
        Random random = new Random(seed);
        double[][] hidden = weights(random, features, teacherHidden);
        double[][] output = weights(random, teacherHidden, classes);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(TRAIN_CSV, csv(random, hidden, output, trainRows));
        files.put(TEST_CSV, csv(random, hidden, output, testRows));
        files.put(STUDENT_JSON, student().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The student network's DL4J configuration JSON: features-studentHidden-classes, ReLU, softmax, cross-entropy. */
    public String student() {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .list()
                .layer(new DenseLayer.Builder().nIn(features).nOut(studentHidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(studentHidden).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
    }

    private static double[][] weights(Random random, int in, int out) {
        double[][] w = new double[in][out];
        double scale = 1 / Math.sqrt(in);
        for (double[] row : w) {
            for (int j = 0; j < out; j++) {
                row[j] = scale * random.nextGaussian();
            }
        }
        return w;
    }

    private byte[] csv(Random random, double[][] hidden, double[][] output, int rows) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < features; i++) {
            text.append('f').append(i).append(',');
        }
        text.append("label\n");
        double[] x = new double[features];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < features; i++) {
                // rounded first, so the teacher labels exactly the numbers a reader of the file sees
                x[i] = (double) Math.round(random.nextGaussian() * DECIMALS) / DECIMALS;
                appendFixed(text, x[i]);
                text.append(',');
            }
            text.append(label(x, hidden, output)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private int label(double[] x, double[][] hidden, double[][] output) {
        double[] h = new double[teacherHidden];
        for (int j = 0; j < teacherHidden; j++) {
            double sum = 0;
            for (int i = 0; i < features; i++) {
                sum += x[i] * hidden[i][j];
            }
            h[j] = StrictMath.tanh(sum); // StrictMath: the same labels on every JVM
        }
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double sum = 0;
            for (int j = 0; j < teacherHidden; j++) {
                sum += h[j] * output[j][k];
            }
            if (sum > bestValue) {
                bestValue = sum;
                best = k;
            }
        }
        return best;
    }

    /** {@code value}, a multiple of 1e-5, with exactly five decimals, e.g. -0.04210. */
    private static void appendFixed(StringBuilder text, double value) {
        long scaled = Math.round(value * DECIMALS);
        if (scaled < 0) {
            text.append('-');
            scaled = -scaled;
        }
        text.append(scaled / DECIMALS).append('.');
        String fraction = Long.toString(scaled % DECIMALS);
        text.append("0".repeat(5 - fraction.length())).append(fraction);
    }
}
