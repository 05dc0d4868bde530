package org.l2l4j.optimizee;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.l2l4j.core.Episode;
import org.l2l4j.core.TestMetrics;

/**
 * One task of {@link SinusoidProblem}: every minibatch is the whole support set, as in the MAML paper's
 * inner loop, so any minibatch can be evaluated again; the query set scores the adapted parameters
 * ({@link #queryLoss}, also the {@link #testMetrics}).
 */
final class SinusoidEpisode implements Episode {

    private final SinusoidNetwork network;
    private final double[] supportX;
    private final double[] supportY;
    private final double[] queryX;
    private final double[] queryY;
    private final double[] theta0;
    private final double[] wideTheta;
    private final double[] wideGradient;

    SinusoidEpisode(SinusoidNetwork network, double[] supportX, double[] supportY, double[] queryX, double[] queryY,
                    double[] theta0) {
        this.network = network;
        this.supportX = supportX;
        this.supportY = supportY;
        this.queryX = queryX;
        this.queryY = queryY;
        this.theta0 = theta0;
        this.wideTheta = new double[theta0.length];
        this.wideGradient = new double[theta0.length];
    }

    @Override
    public int dimension() {
        return theta0.length;
    }

    @Override
    public float[] initialParameters() {
        float[] theta = new float[theta0.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) theta0[i];
        }
        return theta;
    }

    @Override
    public double lossAndGradient(float[] theta, float[] gradient) {
        return evaluate(theta, supportX, supportY, gradient);
    }

    /** Every minibatch is the support set. */
    @Override
    public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        return evaluate(theta, supportX, supportY, gradient);
    }

    @Override
    public List<String> parameterLayout() {
        return network.parameterLayout();
    }

    @Override
    public double queryLoss(float[] theta, float[] gradientOrNull) {
        return evaluate(theta, queryX, queryY, gradientOrNull);
    }

    /** The loss on the whole support set. */
    @Override
    public OptionalDouble trainingLoss(float[] theta) {
        return OptionalDouble.of(evaluate(theta, supportX, supportY, null));
    }

    /** The loss on the query set. */
    @Override
    public Optional<TestMetrics> testMetrics(float[] theta) {
        return Optional.of(new TestMetrics(queryLoss(theta, null), OptionalDouble.empty()));
    }

    private double evaluate(float[] theta, double[] xs, double[] ys, float[] gradientOrNull) {
        if (theta.length != theta0.length || gradientOrNull != null && gradientOrNull.length != theta0.length) {
            throw new IllegalArgumentException("theta and gradient need length " + theta0.length);
        }
        for (int i = 0; i < theta.length; i++) {
            wideTheta[i] = theta[i];
        }
        double loss = network.lossAndGradient(wideTheta, xs, ys, gradientOrNull == null ? null : wideGradient);
        if (gradientOrNull != null) {
            for (int i = 0; i < gradientOrNull.length; i++) {
                gradientOrNull[i] = (float) wideGradient[i];
            }
        }
        return loss;
    }
}
