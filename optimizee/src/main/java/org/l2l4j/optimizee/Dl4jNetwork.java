package org.l2l4j.optimizee;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** The two kinds of DL4J model behind one face; they take their inputs and labels differently. */
sealed interface Dl4jNetwork {

    Model model();

    Layer[] layers();

    /** Feeds {@code batch} and runs forward and backward in training mode; the result is in the model. */
    void computeGradientAndScore(MultiDataSet batch);

    /** The score of {@code data} in inference mode (no dropout), without a gradient. */
    double score(DataSet data);

    /** The output for {@code features} in inference mode, one row per example. */
    INDArray output(INDArray features);

    /** A network of the same configuration with a copy of this one's parameters, sharing no arrays with it. */
    Dl4jNetwork copy();

    record Sequential(MultiLayerNetwork network) implements Dl4jNetwork {

        @Override
        public Model model() {
            return network;
        }

        @Override
        public Layer[] layers() {
            return network.getLayers();
        }

        @Override
        public void computeGradientAndScore(MultiDataSet batch) {
            requireSingle(batch);
            network.setInput(batch.getFeatures(0));
            network.setLabels(batch.getLabels(0));
            network.setLayerMaskArrays(batch.getFeaturesMaskArray(0), batch.getLabelsMaskArray(0));
            network.computeGradientAndScore();
        }

        @Override
        public double score(DataSet data) {
            return network.score(data, false);
        }

        @Override
        public INDArray output(INDArray features) {
            return network.output(features, false);
        }

        @Override
        public Dl4jNetwork copy() {
            return new Sequential(network.clone());
        }

        private static void requireSingle(MultiDataSet batch) {
            if (batch.numFeatureArrays() != 1 || batch.numLabelsArrays() != 1) {
                throw new IllegalArgumentException("a MultiLayerNetwork takes one features and one labels array, the"
                        + " batch has " + batch.numFeatureArrays() + " and " + batch.numLabelsArrays());
            }
        }
    }

    record Graph(ComputationGraph graph) implements Dl4jNetwork {

        @Override
        public Model model() {
            return graph;
        }

        @Override
        public Layer[] layers() {
            return graph.getLayers();
        }

        @Override
        public void computeGradientAndScore(MultiDataSet batch) {
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            graph.computeGradientAndScore();
        }

        @Override
        public double score(DataSet data) {
            return graph.score(data, false);
        }

        @Override
        public INDArray output(INDArray features) {
            return graph.outputSingle(false, features);
        }

        @Override
        public Dl4jNetwork copy() {
            return new Graph(graph.clone());
        }
    }
}
