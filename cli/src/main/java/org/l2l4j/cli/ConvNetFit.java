package org.l2l4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.l2l4j.optimizee.CnnProblem;
import org.l2l4j.optimizee.OneDnnConvolutions;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A conv net trained the way a DL4J user trains one: {@code fit} on an iterator of minibatches, one call per
 * epoch, the updater under test in the configuration. It records the mean of the minibatch losses DL4J
 * computes during each epoch (each before its step's update, as {@code ScoreIterationListener} prints them)
 * and measures the accuracy on held-out data before training and after each epoch.
 *
 * <p>Every updater sees the same network θ<sub>0</sub> (the configuration's seed) and the same minibatches:
 * epoch e's order is a permutation drawn from (seed, e).
 *
 * @param network the architecture and minibatch size (its data are not used: the splits below are)
 * @param train   the examples {@code fit} sees
 * @param heldOut the examples accuracy is measured on, never trained on
 */
record ConvNetFit(CnnProblem network, DataSet train, DataSet heldOut, long seed) {

    /** Examples per forward pass when measuring accuracy, to bound the activations' memory. */
    private static final int MEASURE_BATCH = 1000;

    /** Told after each epoch (epoch 0: before training, with no training loss: NaN). */
    @FunctionalInterface
    interface EpochListener {
        void epochDone(int epoch, double trainLoss, double heldOutAccuracy);
    }

    /**
     * The mean minibatch loss of epochs 0..{@code epochs} (NaN at epoch 0, and where it is not finite: a
     * diverged run), the held-out accuracy after each, and the wall seconds of each epoch's {@code fit} call
     * alone (NaN at epoch 0): the updater's cost as a user sees it, without the accuracy measurement.
     */
    record Curve(double[] trainLoss, double[] heldOutAccuracy, double[] fitSeconds) {
    }

    Curve run(IUpdater updater, int epochs, EpochListener listener) {
        MultiLayerNetwork net = network(updater);
        double[] loss = new double[epochs + 1];
        double[] accuracy = new double[epochs + 1];
        double[] seconds = new double[epochs + 1];
        loss[0] = Double.NaN;
        seconds[0] = Double.NaN;
        for (int epoch = 0; epoch <= epochs; epoch++) {
            if (epoch > 0) {
                long started = System.nanoTime();
                loss[epoch] = fitEpoch(net, epoch);
                seconds[epoch] = (System.nanoTime() - started) / 1e9;
            }
            accuracy[epoch] = accuracy(net);
            listener.epochDone(epoch, loss[epoch], accuracy[epoch]);
        }
        return new Curve(loss, accuracy, seconds);
    }

    /** The held-out accuracy after {@code epochs} epochs, measured only then: what a tuning run needs. */
    double finalAccuracy(IUpdater updater, int epochs) {
        MultiLayerNetwork net = network(updater);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            fitEpoch(net, epoch);
        }
        return accuracy(net);
    }

    MultiLayerNetwork network(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(network.configuration(seed, DataType.FLOAT, updater));
        net.init();
        OneDnnConvolutions.install(net);
        return net;
    }

    /** One epoch of {@code fit}; returns the mean of its minibatch losses, NaN if that is not finite. */
    double fitEpoch(MultiLayerNetwork net, int epoch) {
        MinibatchLosses losses = new MinibatchLosses();
        net.setListeners(losses);
        // batch size 1: the iterator merges this many list elements into one minibatch (its default is 10)
        net.fit(new ListDataSetIterator<>(minibatches(epoch), 1));
        net.setListeners();
        double mean = losses.sum / losses.count;
        return Double.isFinite(mean) ? mean : Double.NaN;
    }

    /** Sums the loss DL4J computed in each step. */
    private static final class MinibatchLosses extends BaseTrainingListener {
        double sum;
        int count;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            sum += model.score();
            count++;
        }
    }

    /** Epoch {@code epoch}'s minibatches: the training examples in an order drawn from (seed, epoch). */
    List<DataSet> minibatches(int epoch) {
        int n = train.numExamples();
        int[] order = permutation(n, seed ^ (0x9E3779B97F4A7C15L * epoch));
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < n; from += network.batch()) {
            batches.add(rows(train, Arrays.copyOfRange(order, from, Math.min(n, from + network.batch()))));
        }
        return batches;
    }

    /** 0..n-1 in an order drawn from {@code seed} (Fisher–Yates). */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The examples {@code rows} of {@code data}, in that order. */
    static DataSet rows(DataSet data, int[] rows) {
        return new DataSet(data.getFeatures().getRows(rows), data.getLabels().getRows(rows));
    }

    private double accuracy(MultiLayerNetwork net) {
        Evaluation evaluation = net.evaluate(new ListDataSetIterator<>(heldOut.batchBy(MEASURE_BATCH), 1));
        return evaluation.accuracy();
    }
}
