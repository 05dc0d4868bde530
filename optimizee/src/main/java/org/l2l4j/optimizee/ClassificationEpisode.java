package org.l2l4j.optimizee;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2l4j.core.Episode;
import org.l2l4j.core.ForwardingOptimizee;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One N-way K-shot task of {@link FewShotClassification}: a DL4J network, its support set (K examples of
 * each of the N classes) and its query set, labels 0..N−1. Every minibatch is the whole support set, so
 * any minibatch can be evaluated again; the query set scores the adapted parameters ({@link #queryLoss};
 * {@link #testMetrics} gives its loss and accuracy, {@link #trainingLoss} the loss on the support set). The
 * optimizee's calls go to the network's {@link NetworkOptimizee} on those two sets.
 */
public final class ClassificationEpisode extends ForwardingOptimizee<NetworkOptimizee> implements Episode {

    private final DataSet support;
    private final DataSet query;
    private final MultiDataSet queryBatch;
    private final List<String> layout;

    ClassificationEpisode(Dl4jNetwork network, DataSet support, DataSet query) {
        super(new NetworkOptimizee(network, true, new WholeSet(new org.nd4j.linalg.dataset.MultiDataSet(
                support.getFeatures(), support.getLabels())), support, query, network.model().params().toFloatVector()));
        this.support = support;
        this.query = query;
        this.queryBatch = new org.nd4j.linalg.dataset.MultiDataSet(query.getFeatures(), query.getLabels());
        this.layout = layout(network);
    }

    /** DL4J's paramTable as "key:shape" in order, e.g. "0_W:8x1x3x3". */
    private static List<String> layout(Dl4jNetwork network) {
        List<String> layout = new ArrayList<>();
        for (Map.Entry<String, INDArray> entry : network.model().paramTable().entrySet()) {
            StringBuilder shape = new StringBuilder();
            for (long d : entry.getValue().shape()) {
                shape.append(shape.length() == 0 ? "" : "x").append(d);
            }
            layout.add(entry.getKey() + ":" + shape);
        }
        return List.copyOf(layout);
    }

    /** The support set as one batch, every time. */
    private record WholeSet(MultiDataSet batch) implements BatchSource {

        @Override
        public MultiDataSet next() {
            return batch;
        }

        @Override
        public MultiDataSet again(long index) {
            return batch;
        }

        /** The support set again, in copies of its arrays. */
        @Override
        public Optional<BatchSource> concurrentReader() {
            return Optional.of(new WholeSet(new org.nd4j.linalg.dataset.MultiDataSet(batch.getFeatures(0).dup(),
                    batch.getLabels(0).dup())));
        }
    }

    @Override
    public double queryLoss(float[] theta, float[] gradientOrNull) {
        if (gradientOrNull == null) {
            return delegate().loss(theta, query);
        }
        if (theta.length != dimension() || gradientOrNull.length != dimension()) {
            throw new IllegalArgumentException("theta and gradient need length " + dimension());
        }
        return delegate().lossAndGradient(theta, queryBatch, gradientOrNull);
    }

    /** The support loss and its gradient in float64, for gradient checks; the episode must be a DOUBLE one. */
    public double supportLossAndGradient(double[] theta, double[] gradient) {
        return delegate().lossAndGradientOnBatch(0, theta, gradient);
    }

    /** The query loss and its gradient in float64, for gradient checks; the episode must be a DOUBLE one. */
    public double queryLossAndGradient(double[] theta, double[] gradient) {
        return delegate().lossAndGradient(theta, queryBatch, gradient);
    }

    @Override
    public List<String> parameterLayout() {
        return layout;
    }

    /** The support set, features and one-hot labels; only read. */
    DataSet support() {
        return support;
    }

    /** The query set, features and one-hot labels; only read. */
    DataSet query() {
        return query;
    }
}
