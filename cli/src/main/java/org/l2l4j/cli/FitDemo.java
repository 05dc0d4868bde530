package org.l2l4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.evaluation.report.EpochChart;
import org.l2l4j.lstm.LearnedUpdater;
import org.l2l4j.optimizee.CnnProblem;
import org.l2l4j.optimizee.TrainTestData;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A long run in plain DL4J: the {@code cnn} family's default conv net (two 5 × 5 convolutions of 8 channels,
 * ReLU, each followed by 2 × 2 max pooling; a dense softmax layer) trained by {@code fit} for E epochs of the
 * embedded MNIST's training split, batch 128, with three updaters on the same θ<sub>0</sub> and minibatches:
 * a learned optimizer, Adam at DL4J's default rate 1e-3 as a user would run it, and Adam with a tuned rate.
 * Writes {@value #JSON_FILE} (per updater and epoch the test accuracy, the mean minibatch loss and the wall
 * seconds of {@code fit}; the tuning)
 * and {@value #PICTURE}.
 *
 * <p>The tuning never sees the test split: one training example in {@value #VALIDATION_SHARE}, drawn from the
 * seed, is held out; each rate tried trains on the rest for the same E epochs, and the rate with the highest
 * validation accuracy after the last epoch wins (a tie goes to the smaller rate). The rates: a grid of two
 * per decade, 1e-4 to 0.032 ({@link #grid}), grown by half a decade on a side while its winner is at that
 * edge, then refined by the two quarter-decade rates beside its winner, so that the final winner has a tried
 * rate on either side (unless it is 1e-6 or 1, the bounds). Tuned Adam then trains on the whole training
 * split, as the other two do.
 */
final class FitDemo {

    static final String JSON_FILE = "fit-demo.json";
    static final String PICTURE = "fit-demo.png";
    static final List<String> FILES = List.of(JSON_FILE, PICTURE);

    /** DL4J's default Adam learning rate, what an untuned user gets. */
    static final double DEFAULT_ADAM_RATE = 1e-3;
    static final int VALIDATION_SHARE = 8;

    /** The grid's first rates, as powers of ten: 1e-4 to about 0.03 in half decades. */
    private static final double FIRST_EXPONENT = -4;
    private static final double LAST_EXPONENT = -1.5;
    private static final double COARSE = 0.5;
    /** How far the grid may grow while its winner is at an edge. */
    static final double MIN_EXPONENT = -6;
    static final double MAX_EXPONENT = 0;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param network  the conv net, its minibatch size and its data; the first {@code examples} training examples
     *                 are used
     * @param learned  the learned optimizer, named {@code optimizer} in the outputs
     */
    record Settings(CnnProblem network, int examples, int epochs, long seed, LearnedUpdater learned, String optimizer) {

        TrainTestData data() {
            return network.data();
        }
    }

    /** One updater's run: its name, its label in the picture, its rate (null for the learned one), its curve. */
    record Run(String name, String label, Double learningRate, ConvNetFit.Curve curve) {
    }

    private final Settings settings;
    private final Progress progress;

    private FitDemo(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the three updaters (Adam's tuning before the tuned run), rewrites the two files in {@code outDir}
     * after each, so that a long run's files hold the updaters finished so far, and prints a table to
     * {@code out}.
     */
    static void run(Settings settings, Path outDir, Progress progress, PrintWriter out) throws IOException {
        new FitDemo(settings, progress).run(outDir, out);
    }

    private void run(Path outDir, PrintWriter out) throws IOException {
        CnnProblem network = settings.network();
        DataSet train = firstExamples(settings.data().train().toDataSet(), settings.examples());
        DataSet test = settings.data().test().toDataSet();
        DataSet[] split = carveValidation(train);
        ConvNetFit fit = new ConvNetFit(network, train, test, settings.seed());
        List<Run> runs = new ArrayList<>();
        runs.add(run(fit, "learned", "learned (" + settings.optimizer() + ")", null, settings.learned()));
        write(outDir, runs, Map.of(), train, split[1], test);
        runs.add(run(fit, "adam", "adam, lr " + rate(DEFAULT_ADAM_RATE) + " (untuned)", DEFAULT_ADAM_RATE,
                new Adam(DEFAULT_ADAM_RATE)));
        write(outDir, runs, Map.of(), train, split[1], test);
        Map<Double, Double> tuning = tune(new ConvNetFit(network, split[0], split[1], settings.seed()));
        double tuned = best(tuning);
        runs.add(run(fit, "adam-tuned", "adam, tuned lr " + rate(tuned), tuned, new Adam(tuned)));
        write(outDir, runs, tuning, train, split[1], test);
        printTable(runs, out);
    }

    /** Both files, replaced together, for {@code runs} so far. */
    private void write(Path outDir, List<Run> runs, Map<Double, Double> tuning, DataSet train, DataSet validation,
                       DataSet test) throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(outDir.resolve(JSON_FILE), json(settings.network(), train.numExamples(), validation.numExamples(),
                test.numExamples(), runs, tuning));
        files.put(outDir.resolve(PICTURE), picture(settings.network(), runs));
        AtomicFiles.writeAll(files);
    }

    private Run run(ConvNetFit fit, String name, String label, Double learningRate, IUpdater updater) {
        long started = System.nanoTime();
        ConvNetFit.Curve curve = fit.run(updater, settings.epochs(), (epoch, loss, accuracy) -> progress.message(
                "l2l fit-demo: %s: epoch %d/%d: test accuracy %.4f, mean minibatch loss %.4f (%.1f s)", name, epoch,
                settings.epochs(), accuracy, loss, (System.nanoTime() - started) / 1e9));
        return new Run(name, label, learningRate, curve);
    }

    /**
     * Validation accuracy after the last epoch for each rate tried, smallest rate first: the half-decade grid
     * (grown while its winner is at an edge), then the quarter-decade rates on either side of its winner.
     */
    private Map<Double, Double> tune(ConvNetFit validation) {
        progress.message("l2l fit-demo: tuning adam's learning rate on %d validation examples, training on %d",
                validation.heldOut().numExamples(), validation.train().numExamples());
        Map<Double, Double> accuracy = new TreeMap<>();
        for (double exponent = FIRST_EXPONENT; exponent <= LAST_EXPONENT + 1e-9; exponent += COARSE) {
            score(validation, exponent, accuracy);
        }
        double low = FIRST_EXPONENT;
        double high = LAST_EXPONENT;
        double winner;
        while (true) {
            winner = Math.log10(best(accuracy));
            if (Math.abs(winner - low) < 0.01 && low - COARSE >= MIN_EXPONENT - 1e-9) {
                low -= COARSE;
                score(validation, low, accuracy);
            } else if (Math.abs(winner - high) < 0.01 && high + COARSE <= MAX_EXPONENT + 1e-9) {
                high += COARSE;
                score(validation, high, accuracy);
            } else {
                break;
            }
        }
        double coarseWinner = Math.round(winner / COARSE) * COARSE;
        for (double exponent : new double[] {coarseWinner - COARSE / 2, coarseWinner + COARSE / 2}) {
            if (exponent >= low - 1e-9 && exponent <= high + 1e-9) {
                score(validation, exponent, accuracy);
            }
        }
        return accuracy;
    }

    private void score(ConvNetFit validation, double exponent, Map<Double, Double> accuracy) {
        double rate = grid(exponent);
        long started = System.nanoTime();
        double score = validation.finalAccuracy(new Adam(rate), settings.epochs());
        accuracy.put(rate, score);
        progress.message("l2l fit-demo: tuning adam: lr %s: validation accuracy %.4f (%.1f s)", rate(rate), score,
                (System.nanoTime() - started) / 1e9);
    }

    /** The grid's rate 10^{@code exponent}, rounded to two significant digits as rates are written (0.0032). */
    static double grid(double exponent) {
        return new BigDecimal(Math.pow(10, exponent)).round(new MathContext(2)).doubleValue();
    }

    /** The rate of highest accuracy; a tie goes to the smaller rate. */
    static double best(Map<Double, Double> accuracyByRate) {
        double best = Double.NaN;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Double, Double> e : new TreeMap<>(accuracyByRate).entrySet()) {
            if (e.getValue() > bestAccuracy) {
                best = e.getKey();
                bestAccuracy = e.getValue();
            }
        }
        return best;
    }

    /** The first {@code count} examples of {@code all}. */
    private static DataSet firstExamples(DataSet all, int count) {
        return count == all.numExamples() ? all : (DataSet) all.getRange(0, count);
    }

    /** {@code train} split in two: [examples to train on, one in {@value #VALIDATION_SHARE} held out], drawn from the seed. */
    private DataSet[] carveValidation(DataSet train) {
        int n = train.numExamples();
        int[] order = ConvNetFit.permutation(n, settings.seed());
        int held = n / VALIDATION_SHARE;
        int[] rest = Arrays.copyOfRange(order, 0, n - held);
        int[] validation = Arrays.copyOfRange(order, n - held, n);
        Arrays.sort(rest);
        Arrays.sort(validation);
        return new DataSet[] {ConvNetFit.rows(train, rest), ConvNetFit.rows(train, validation)};
    }

    private byte[] json(CnnProblem network, int trainExamples, int validationExamples, int testExamples, List<Run> runs,
                        Map<Double, Double> tuning) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("network", network.spec());
        root.put("data", settings.data().source());
        root.put("train_examples", trainExamples);
        root.put("test_examples", testExamples);
        root.put("batch", network.batch());
        root.put("epochs", settings.epochs());
        root.put("seed", settings.seed());
        List<Map<String, Object>> updaters = new ArrayList<>();
        for (Run run : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", run.name());
            entry.put("lr", run.learningRate());
            if (run.learningRate() == null) {
                entry.put("optimizer", settings.optimizer());
            }
            entry.put("test_accuracy", finite(run.curve().heldOutAccuracy()));
            entry.put("train_loss", finite(run.curve().trainLoss()));
            entry.put("fit_seconds", finite(run.curve().fitSeconds()));
            if (run.name().equals("adam-tuned")) {
                Map<String, Object> search = new LinkedHashMap<>();
                search.put("validation_examples", validationExamples);
                search.put("train_examples", trainExamples - validationExamples);
                Map<String, Double> byRate = new LinkedHashMap<>();
                tuning.forEach((rate, accuracy) -> byRate.put(rate(rate), accuracy));
                search.put("validation_accuracy_by_lr", byRate);
                entry.put("tuning", search);
            }
            updaters.add(entry);
        }
        root.put("updaters", updaters);
        return JSON.writeValueAsBytes(root);
    }

    /** {@code values} with every value that is not finite (a diverged run) as null, which JSON can hold. */
    private static List<Double> finite(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(Double.isFinite(v) ? v : null);
        }
        return list;
    }

    private byte[] picture(CnnProblem network, List<Run> runs) throws IOException {
        double[] epochs = new double[settings.epochs() + 1];
        Arrays.setAll(epochs, e -> e);
        Map<String, double[]> loss = new LinkedHashMap<>();
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        for (Run run : runs) {
            loss.put(run.label(), run.curve().trainLoss());
            accuracy.put(run.label(), run.curve().heldOutAccuracy());
        }
        String title = network.spec() + " on " + settings.data().source() + ", trained by fit(), batch " + network.batch()
                + ", seed " + settings.seed();
        return EpochChart.twoPanels(title, epochs, "mean minibatch loss of the epoch", loss, "test accuracy", accuracy)
                .png();
    }

    private void printTable(List<Run> runs, PrintWriter out) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s %-8s", "updater", "lr"));
        for (int e = 0; e <= settings.epochs(); e++) {
            header.append(String.format(Locale.ROOT, " %9s", "epoch " + e));
        }
        out.println(header + "   (test accuracy)");
        for (Run run : runs) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s %-8s", run.name(),
                    run.learningRate() == null ? "-" : rate(run.learningRate())));
            for (double accuracy : run.curve().heldOutAccuracy()) {
                row.append(String.format(Locale.ROOT, " %9.4f", accuracy));
            }
            out.println(row);
        }
        out.flush();
    }

    /** A rate as people write it: 0.001, 3.2E-4. */
    private static String rate(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toString();
    }
}
