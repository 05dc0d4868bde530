package org.l2l4j.baselines;

/**
 * Multiplies every coordinate by a constant; stateless. A linear map that is its own adjoint: its
 * backward is {@link #apply(float[], float[])} on dL/dout.
 *
 * @param factor the constant
 */
public record Scale(float factor) implements Transform<Void> {

    /** The last stage of every rule: {@code u = -lr · direction}, so that θ ← θ + u descends. */
    public static Scale byLearningRate(double learningRate) {
        return new Scale((float) -learningRate);
    }

    @Override
    public Void init(int n) {
        return null;
    }

    @Override
    public void apply(float[] in, Void state, float[] out) {
        for (int i = 0; i < in.length; i++) {
            out[i] = factor * in[i];
        }
    }

    /** Writes factor·in into {@code out} (which may be {@code in}). */
    public void apply(float[] in, float[] out) {
        apply(in, null, out);
    }
}
