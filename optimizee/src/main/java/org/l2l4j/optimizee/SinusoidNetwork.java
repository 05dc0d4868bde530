package org.l2l4j.optimizee;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The MAML paper's sinusoid regressor, an MLP 1-H-H-1 with ReLU hidden layers and a linear output, its
 * loss the mean squared error over a set of points, forward and backward written out by hand: at this
 * size a network library's per-call overhead would cost more than the arithmetic.
 *
 * <p>θ is laid out as DL4J's {@code params()} of the same network of {@code DenseLayer}s and an
 * {@code OutputLayer}: per layer the weights W (n<sub>in</sub> × n<sub>out</sub>, column-major: W[i][j] at
 * i + n<sub>in</sub>·j) and then the bias, so a learned θ<sub>0</sub> loads into such a network as it is.
 * Computes in float64; the float32 callers widen θ, which at 1,761 parameters costs nothing.
 */
final class SinusoidNetwork {

    private final int hidden;

    SinusoidNetwork(int hidden) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden units must be >= 1, got " + hidden);
        }
        this.hidden = hidden;
    }

    /** DL4J's paramTable of a {@code DenseLayer} 1→H, a {@code DenseLayer} H→H and an {@code OutputLayer} H→1. */
    List<String> parameterLayout() {
        int h = hidden;
        return List.of("0_W:1x" + h, "0_b:" + h, "1_W:" + h + "x" + h, "1_b:" + h, "2_W:" + h + "x1", "2_b:1");
    }

    /** Parameters: H + H (layer 1), H·H + H (layer 2), H + 1 (output). */
    int parameterCount() {
        return hidden * hidden + 4 * hidden + 1;
    }

    /**
     * θ<sub>0</sub> drawn as PyTorch's default for linear layers does: every weight and bias of a layer
     * with n<sub>in</sub> inputs from U(−1/√n<sub>in</sub>, 1/√n<sub>in</sub>).
     */
    double[] initialParameters(SplittableRandom random) {
        double[] theta = new double[parameterCount()];
        int[] fanIn = {1, hidden, hidden};
        int[] layerSize = {2 * hidden, hidden * hidden + hidden, hidden + 1};
        int offset = 0;
        for (int layer = 0; layer < 3; layer++) {
            double bound = 1 / Math.sqrt(fanIn[layer]);
            for (int i = 0; i < layerSize[layer]; i++) {
                theta[offset + i] = bound * (2 * random.nextDouble() - 1);
            }
            offset += layerSize[layer];
        }
        return theta;
    }

    /**
     * (1/N) Σ (f(x<sub>k</sub>; θ) − y<sub>k</sub>)² over the N points; writes its gradient into
     * {@code gradientOrNull} unless null.
     */
    double lossAndGradient(double[] theta, double[] xs, double[] ys, double[] gradientOrNull) {
        int h = hidden;
        int w1 = 0;
        int b1 = h;
        int w2 = 2 * h;
        int b2 = w2 + h * h;
        int w3 = b2 + h;
        int b3 = w3 + h;
        double[] h1 = new double[h];
        double[] h2 = new double[h];
        double[] d2 = new double[h];
        if (gradientOrNull != null) {
            Arrays.fill(gradientOrNull, 0);
        }
        double loss = 0;
        int points = xs.length;
        for (int k = 0; k < points; k++) {
            double x = xs[k];
            for (int i = 0; i < h; i++) {
                h1[i] = Math.max(0, theta[w1 + i] * x + theta[b1 + i]);
            }
            double out = theta[b3];
            for (int j = 0; j < h; j++) {
                double z = theta[b2 + j];
                int column = w2 + h * j;
                for (int i = 0; i < h; i++) {
                    z += theta[column + i] * h1[i];
                }
                h2[j] = Math.max(0, z);
                out += theta[w3 + j] * h2[j];
            }
            double residual = out - ys[k];
            loss += residual * residual;
            if (gradientOrNull == null) {
                continue;
            }
            double[] g = gradientOrNull;
            double dOut = 2 * residual / points;
            g[b3] += dOut;
            for (int j = 0; j < h; j++) {
                g[w3 + j] += h2[j] * dOut;
                d2[j] = h2[j] > 0 ? theta[w3 + j] * dOut : 0;
                g[b2 + j] += d2[j];
            }
            for (int i = 0; i < h; i++) {
                if (h1[i] <= 0) {
                    continue; // W2's row i still gets h1[i]·d2 = 0; nothing flows back through a dead unit
                }
                double d1 = 0;
                for (int j = 0; j < h; j++) {
                    g[w2 + i + h * j] += h1[i] * d2[j];
                    d1 += theta[w2 + i + h * j] * d2[j];
                }
                g[w1 + i] += x * d1;
                g[b1 + i] += d1;
            }
        }
        return loss / points;
    }
}
