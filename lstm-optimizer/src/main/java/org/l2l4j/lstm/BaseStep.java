package org.l2l4j.lstm;

import org.l2l4j.baselines.NesterovTrace;
import org.l2l4j.baselines.Scale;
import org.l2l4j.baselines.ScaleByAdam;
import org.l2l4j.core.SettingException;

/**
 * A hand-made step the LSTM's output is added to: Nesterov momentum with DL4J's {@code Nesterovs}
 * formula, b ← μb + g, u<sub>base</sub> = −lr·(g + μb), computed by the stages of {@code baselines}'
 * {@code nag} rule ({@link NesterovTrace}, then {@link Scale#byLearningRate}), so the optimizer's update is
 * u = u<sub>LSTM</sub> + u<sub>base</sub> and the LSTM learns a correction to a tuned rule rather than
 * the whole rule. The trace b is per-coordinate state carried in {@link LstmState}; it depends on the
 * gradients only, so the first-order meta-gradient (gradients are constants) is the same with or
 * without a base step; the full one differentiates through it ({@link LstmKernel#backwardThroughGradient}).
 * {@link #NONE} (lr = 0) is the paper's optimizer.
 *
 * <p>With {@code squareDecay} = β₂ > 0 the base step is instead normalised per coordinate, Adam's direction
 * ({@code baselines}' {@link ScaleByAdam} with β₁ = {@code momentum}, β₂ and ε = {@value #ADAM_EPSILON}):
 * u<sub>base</sub> = −lr·m̂/(√v̂ + ε). Its size no longer follows the gradient's scale, so one learning rate
 * suits problems whose gradients differ by orders of magnitude. Its state is m (in the trace's place) and v;
 * the full meta-gradient differentiates through both.
 *
 * <p>The LSTM's correction was trained on the first T steps of a run, where the loss falls fast; far
 * beyond them it keeps adding steps of that size when the loss has become small (MNIST, trained on 100
 * steps: 3× tuned NAG's loss at step 1000). With {@code correctionSteps} = H > 0 the correction is added
 * on the first H steps only, and from step H + 1 on the update is the base step alone.
 *
 * @param learningRate    lr ≥ 0; 0 means no base step
 * @param momentum        μ in [0, 1); must be 0 when lr is 0
 * @param correctionSteps H in [0, 2<sup>24</sup>]: the LSTM's output is added on the first H steps of a
 *                        run; 0 = on every step. Must be 0 when lr is 0
 * @param squareDecay     β₂ in [0, 1) of an Adam-normalised base step (then {@code momentum} is its β₁); 0 = the
 *                        Nesterov step. Must be 0 when lr is 0
 */
public record BaseStep(double learningRate, double momentum, int correctionSteps, double squareDecay) {

    /** No base step: the update is the LSTM's output alone. */
    public static final BaseStep NONE = new BaseStep(0, 0, 0, 0);

    /** ε of the Adam-normalised base step, added to √v as DL4J's Adam does. */
    public static final double ADAM_EPSILON = 1e-8;

    /** The most correction steps a base step takes: as far as an optimizer state counts its steps. */
    public static final int MAX_CORRECTION_STEPS = LstmState.STEP_LIMIT;

    public BaseStep {
        if (!(learningRate >= 0 && (float) learningRate < Float.POSITIVE_INFINITY)) {
            throw new SettingException("learningRate", "must be finite and >= 0 in float32 (0 = none), got "
                    + learningRate);
        }
        if (!(momentum >= 0 && (float) momentum < 1)) { // the step runs in float32
            throw new SettingException("momentum", "must be in [0, 1) in float32, got " + momentum);
        }
        if (correctionSteps < 0 || correctionSteps > MAX_CORRECTION_STEPS) {
            throw new SettingException("correctionSteps", "must be in [0, " + MAX_CORRECTION_STEPS
                    + "] (0 = every step), got " + correctionSteps);
        }
        if (!(squareDecay >= 0 && (float) squareDecay < 1)) {
            throw new SettingException("squareDecay", "must be in [0, 1) in float32 (0 = a Nesterov base step), got "
                    + squareDecay);
        }
        if (learningRate == 0 && squareDecay != 0) {
            throw new SettingException("squareDecay", "a base step with learning rate 0 is none; its square decay must be 0,"
                    + " got " + squareDecay);
        }
        if (learningRate == 0 && (momentum != 0 || correctionSteps != 0)) {
            throw new SettingException(momentum != 0 ? "momentum" : "correctionSteps", "a base step with learning rate 0 is none; its momentum and correction"
                    + " steps must be 0, got " + momentum + " and " + correctionSteps);
        }
    }

    /** Nesterov momentum with learning rate {@code learningRate} > 0 and momentum μ, corrected on every step. */
    public static BaseStep nesterov(double learningRate, double momentum) {
        if (!(learningRate > 0)) {
            throw new SettingException("learningRate", "a Nesterov base step needs a learning rate > 0, got " + learningRate);
        }
        return new BaseStep(learningRate, momentum, 0, 0);
    }

    /** The base step of a Nesterov step, or none: the settings before Adam-normalised base steps existed. */
    public BaseStep(double learningRate, double momentum, int correctionSteps) {
        this(learningRate, momentum, correctionSteps, 0);
    }

    /** Adam's direction with decays β₁, β₂ > 0 times −{@code learningRate} > 0, corrected on every step. */
    public static BaseStep adam(double learningRate, double beta1, double beta2) {
        if (!(learningRate > 0 && beta2 > 0)) {
            throw new SettingException(learningRate > 0 ? "squareDecay" : "learningRate", "an Adam base step needs a"
                    + " learning rate > 0 and β₂ > 0, got " + learningRate + " and " + beta2);
        }
        return new BaseStep(learningRate, beta1, 0, beta2);
    }

    /** This base step with the LSTM's correction added on the first {@code steps} steps only (0 = every step). */
    public BaseStep withCorrectionSteps(int steps) {
        if (!active() && steps != 0) {
            throw new SettingException("correctionSteps", "needs a base step to hand over to (a base learning rate > 0)");
        }
        return new BaseStep(learningRate, momentum, steps, squareDecay);
    }

    /** Whether there is a base step. */
    public boolean active() {
        return learningRate > 0;
    }

    /** Whether the LSTM's correction is added on the step taken after {@code stepsTaken} steps. */
    public boolean corrects(int stepsTaken) {
        return correctionSteps == 0 || stepsTaken < correctionSteps;
    }

    /** Whether the step is Adam's normalised direction rather than Nesterov's. */
    public boolean normalised() {
        return squareDecay > 0;
    }

    /** Floats of state per coordinate: the trace b (Adam's m) if active, Adam's v too if normalised. */
    public int stateFloats() {
        return !active() ? 0 : normalised() ? 2 : 1;
    }

    private ScaleByAdam adamDirection() {
        return new ScaleByAdam((float) momentum, (float) squareDecay, (float) ADAM_EPSILON);
    }

    /**
     * Adds the base step to {@code update} for every coordinate and advances its state in place: the trace
     * (Adam's m) in {@code trace}, Adam's v in {@code meanSquare} (unused by a Nesterov step) at step
     * {@code t} ≥ 1; {@code step} (n floats) receives u<sub>base</sub>.
     */
    void addTo(float[] gradient, float[] trace, float[] meanSquare, int t, float[] update, float[] step) {
        if (normalised()) {
            adamDirection().apply(gradient, trace, meanSquare, t, step);
        } else {
            new NesterovTrace((float) momentum).apply(gradient, trace, trace, step);
        }
        Scale.byLearningRate(learningRate).apply(step, step);
        for (int i = 0; i < update.length; i++) {
            update[i] += step[i];
        }
    }

    /**
     * The backward of {@link #addTo} at step t, from its gradient and, for Adam, the moments m′ and v′ it
     * wrote: from dL/du and dL/d(outgoing state) adds dL/dg to {@code dGradient} and writes dL/d(incoming
     * state) (the trace's, and for Adam v's); {@code dStep} (n floats) receives −lr·dL/du.
     */
    void backward(float[] gradient, float[] meanOut, float[] meanSquareOut, int t, float[] dUpdate,
                  float[] dTraceOut, float[] dMeanSquareOut, float[] dTraceIn, float[] dMeanSquareIn,
                  float[] dGradient, float[] dStep) {
        Scale.byLearningRate(learningRate).apply(dUpdate, dStep); // a scale is its own adjoint
        if (normalised()) {
            System.arraycopy(dTraceOut, 0, dTraceIn, 0, dTraceIn.length);
            System.arraycopy(dMeanSquareOut, 0, dMeanSquareIn, 0, dMeanSquareIn.length);
            adamDirection().backward(gradient, meanOut, meanSquareOut, t, dStep, dTraceIn, dMeanSquareIn, dGradient);
        } else {
            new NesterovTrace((float) momentum).backward(dStep, dTraceOut, dTraceIn, dGradient);
        }
    }
}
