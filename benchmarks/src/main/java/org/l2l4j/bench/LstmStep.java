package org.l2l4j.bench;

import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmState;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.StepActivations;

/**
 * One step of our LSTM kernel at n coordinates: {@code step_fwd} is the forward step alone (applying a
 * trained optimizer); {@code step_fwdbwd} is the forward step storing its activations plus the backward
 * step with random gradients for the update and the outgoing state (one full BPTT step: weight
 * gradients and incoming-state gradients). The state ping-pongs between two buffers, as in a real run.
 */
final class LstmStep implements BenchCase {

    private final Workload workload;
    private final LstmKernel kernel;
    private final LstmWeights weights;
    private final float[] gradient;
    private final float[] update;
    private final StepActivations acts;
    private final float[] dUpdate;
    private final LstmState dOut;
    private final LstmState dIn;
    private final float[] dWeights;
    private LstmState in;
    private LstmState out;

    private LstmStep(boolean backward, LstmKernel kernel, int threads, int n, long seed) {
        LstmConfig config = LstmConfig.defaults();
        RandomInputs random = new RandomInputs(seed);
        this.kernel = kernel;
        this.weights = LstmWeights.initial(config, seed);
        this.gradient = random.gradients(n);
        this.update = new float[n];
        this.in = LstmState.zeros(config, n);
        this.out = LstmState.zeros(config, n);
        random.fill(in, 0.5);
        if (backward) {
            acts = StepActivations.allocate(config, n);
            dUpdate = random.gaussians(n, 1);
            dOut = LstmState.zeros(config, n);
            random.fill(dOut, 0.1);
            dIn = LstmState.zeros(config, n);
            dWeights = new float[config.parameterCount()];
        } else {
            acts = null;
            dUpdate = null;
            dOut = null;
            dIn = null;
            dWeights = null;
        }
        double flops = n * (backward ? LstmFlops.forwardBackward(config) : LstmFlops.forward(config));
        this.workload = new Workload(backward ? "step_fwdbwd" : "step_fwd", "l2l4j", n, 1, flops,
                "kernel=" + threads);
    }

    /** {@code step_fwd}: the forward step alone. */
    static LstmStep forward(LstmKernel kernel, int threads, int n, long seed) {
        return new LstmStep(false, kernel, threads, n, seed);
    }

    /** {@code step_fwdbwd}: forward with activations, then backward. */
    static LstmStep forwardBackward(LstmKernel kernel, int threads, int n, long seed) {
        return new LstmStep(true, kernel, threads, n, seed);
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public void run() {
        kernel.forward(weights, gradient, in, out, update, acts);
        if (acts != null) {
            kernel.backward(weights, acts, dUpdate, dOut, dIn, dWeights);
        }
        LstmState swap = in;
        in = out;
        out = swap;
    }
}
