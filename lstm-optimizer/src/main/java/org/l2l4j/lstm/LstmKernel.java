package org.l2l4j.lstm;

/**
 * One step of the coordinate-wise LSTM optimizer over n coordinates, forward and backward: the hot
 * loop of both meta-training and applying a trained optimizer.
 *
 * <p>Instances own a small pool of daemon threads; calls on one instance are serialised. Share one
 * kernel per process where possible, and {@link #close} kernels made for a short while.
 */
public interface LstmKernel extends AutoCloseable {

    /**
     * The best available kernel: the fused Java Vector API kernel when {@code jdk.incubator.vector} is
     * enabled ({@code --add-modules jdk.incubator.vector}), else the plain-Java one. Logs once which.
     *
     * @param threads coordinate partitions run in parallel; 1 runs in the caller's thread
     */
    static LstmKernel create(int threads) {
        return Kernels.best(threads);
    }

    /** Short description, e.g. {@code Java Vector API (256-bit, 8 float lanes), 2 thread(s)}. */
    String description();

    /** Threads a call runs on: the caller's and the workers. */
    int threads();

    /** Ends the kernel's worker threads; later calls fail. */
    @Override
    void close();

    /**
     * One optimizer step: preprocess {@code gradient}, run the stacked LSTM from state {@code in} to
     * {@code out} and write {@code update[i] = scale · (w_out · h_top,i + b_out)}, plus the config's
     * {@link BaseStep} if it has one. Past the base step's {@linkplain BaseStep#correctionSteps() correction
     * steps} the LSTM does not run: {@code out} is {@code in} with the trace and step count advanced, and the
     * update is the base step alone (then {@code actsOrNull} must be null).
     *
     * @param in          incoming state, read only unless it is {@code out}
     * @param out         outgoing state, overwritten; may be {@code in}, which then advances in place
     * @param actsOrNull  if not null, filled with what {@link #backward} needs
     */
    void forward(LstmWeights w, float[] gradient, LstmState in, LstmState out, float[] update,
                 StepActivations actsOrNull);

    /**
     * Backward of the step recorded in {@code acts}. The gradient input is treated as a constant
     * (first-order meta-gradient), so no derivative with respect to it, or to the base trace, is formed.
     *
     * @param dUpdate  dL/d update, length n
     * @param dOut     dL/d outgoing state
     * @param dIn      written: dL/d incoming state; a different object from {@code dOut}
     * @param dWeights dL/dφ is ADDED here, in the layout of {@link LstmWeights#values()}
     */
    void backward(LstmWeights w, StepActivations acts, float[] dUpdate, LstmState dOut, LstmState dIn,
                  float[] dWeights);

    /**
     * {@link #backward}, and also through the gradient input, for a meta-gradient that keeps the terms the
     * first-order one drops: writes dL/d{@code gradient} (through the preprocessed input features and the
     * base step) into {@code dGradient}, and dL/d incoming base trace into {@code dIn}'s from
     * {@code dOut}'s. The preprocessing is differentiated where it is smooth: log|g| / p and e<sup>p</sup>·g
     * on their sides of e<sup>−p</sup>, sign g as a constant, a clamped feature as a constant.
     *
     * @param gradient  the gradient input of the recorded step, length n
     * @param dGradient written: dL/d gradient, length n
     * @throws UnsupportedOperationException for ADAM_NORMALISED preprocessing, whose moments would need
     *                                       adjoints of their own
     */
    void backwardThroughGradient(LstmWeights w, StepActivations acts, float[] gradient, float[] dUpdate,
                                 LstmState dOut, LstmState dIn, float[] dWeights, float[] dGradient);
}
