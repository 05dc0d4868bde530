package org.l2l4j.lstm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random inputs for the LSTM tests, covering every branch of the preprocessing. */
final class TestData {

    private TestData() {
    }

    /**
     * Configurations the tests sweep: the paper's, and odd shapes that catch layout and remainder bugs,
     * with and without each kind of extra state (Adam's moments, a base step's trace).
     */
    static LstmConfig[] configs() {
        return new LstmConfig[] {
            LstmConfig.defaults(),
            new LstmConfig(3, 7, Preprocessing.raw().withClamp(2), 1.0),
            new LstmConfig(1, 4, Preprocessing.logSign(5).withClamp(0.8), 0.5, BaseStep.nesterov(0.3, 0.9)),
            new LstmConfig(2, 9, Preprocessing.adamNormalised(0.9, 0.99, 1e-6).withClamp(3), 0.2),
            new LstmConfig(2, 5, Preprocessing.adamNormalised(), 0.1, BaseStep.nesterov(1, 0.5)),
            new LstmConfig(1, 6, Preprocessing.logSign(8), 0.3, BaseStep.adam(0.05, 0.9, 0.999)),
            new LstmConfig(2, 5, Preprocessing.adamNormalised(), 0.1, BaseStep.adam(0.03, 0.8, 0.99)),
            new LstmConfig(2, 6, Preprocessing.adamNormalised(0.9, 0.99, 1e-6).withLogScaleInput(4).withClamp(3), 0.2),
            new LstmConfig(2, 4, Preprocessing.logSign(6), 0.2, BaseStep.NONE, 1.5),
            new LstmConfig(2, 5, Preprocessing.adamNormalised().withLogScaleInput(4), 0.1, BaseStep.NONE, 2),
            new LstmConfig(1, 6, Preprocessing.logSign(8), 0.3, BaseStep.nesterov(0.3, 0.9), 0.7),
            new LstmConfig(2, 4, Preprocessing.logSign(6).withStepFeatures(3), 0.2),
            new LstmConfig(2, 5, Preprocessing.adamNormalised().withLogScaleInput(4).withStepFeatures(4), 0.1,
                    BaseStep.NONE, 1.5),
            new LstmConfig(2, 5, Preprocessing.adamNormalised(0.9, 0.99, 1e-6).withMomentumFeatures(5).withClamp(3),
                    0.2),
            new LstmConfig(1, 4, Preprocessing.adamNormalised().withLogScaleInput(4).withMomentumFeatures(3)
                    .withStepFeatures(2), 0.1, BaseStep.nesterov(0.3, 0.9)),
        };
    }

    /**
     * Specs the file formats must carry: every preprocessing kind, with and without clamping, a base step
     * with and without correction steps.
     */
    static List<LstmConfig> specs() {
        BaseStep nesterov = BaseStep.nesterov(0.3, 0.9);
        return List.of(
                LstmConfig.defaults(),
                new LstmConfig(1, 4, Preprocessing.logSign(5).withClamp(0.8), 0.5, nesterov),
                LstmConfig.defaults().withOutputScale(0.05).withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(200)),
                new LstmConfig(3, 7, Preprocessing.raw().withClamp(2), 1.0),
                new LstmConfig(2, 9, Preprocessing.adamNormalised(0.9, 0.99, 1e-6).withClamp(3), 0.2),
                new LstmConfig(2, 5, Preprocessing.adamNormalised(), 0.1, nesterov.withCorrectionSteps(3)),
                new LstmConfig(1, 4, Preprocessing.logSign(5), 0.5, BaseStep.adam(0.01, 0.9, 0.999)),
                new LstmConfig(2, 3, Preprocessing.adamNormalised().withLogScaleInput(10), 0.1),
                new LstmConfig(2, 3, Preprocessing.adamNormalised(), 0.1, BaseStep.NONE, 1.5),
                new LstmConfig(1, 3, Preprocessing.logSign(5).withStepFeatures(2), 0.1),
                new LstmConfig(2, 3, Preprocessing.adamNormalised().withMomentumFeatures(2), 0.1));
    }

    /**
     * Specs, each with variants that change one of its components (a kind changes its parameters with it);
     * between them the variants change every component of the spec.
     */
    static Map<LstmConfig, List<LstmConfig>> specVariants() {
        Preprocessing adam = Preprocessing.adamNormalised(0.9, 0.99, 1e-6).withClamp(3);
        BaseStep base = BaseStep.nesterov(0.5, 0.9).withCorrectionSteps(10);
        LstmConfig adamSpec = new LstmConfig(2, 5, adam, 0.2, base);
        LstmConfig logSignSpec = new LstmConfig(1, 3, Preprocessing.logSign(5), 0.1);
        Map<LstmConfig, List<LstmConfig>> variants = new LinkedHashMap<>();
        variants.put(adamSpec, List.of(
                new LstmConfig(3, 5, adam, 0.2, base),
                new LstmConfig(2, 6, adam, 0.2, base),
                adamSpec.withOutputScale(0.3),
                adamSpec.withBase(BaseStep.nesterov(0.4, 0.9).withCorrectionSteps(10)),
                adamSpec.withBase(BaseStep.nesterov(0.5, 0.8).withCorrectionSteps(10)),
                adamSpec.withBase(BaseStep.nesterov(0.5, 0.9).withCorrectionSteps(11)),
                adamSpec.withBase(BaseStep.adam(0.5, 0.9, 0.999).withCorrectionSteps(10)),
                new LstmConfig(2, 5, Preprocessing.adamNormalised(0.8, 0.99, 1e-6).withClamp(3), 0.2, base),
                new LstmConfig(2, 5, Preprocessing.adamNormalised(0.9, 0.98, 1e-6).withClamp(3), 0.2, base),
                new LstmConfig(2, 5, Preprocessing.adamNormalised(0.9, 0.99, 1e-7).withClamp(3), 0.2, base),
                new LstmConfig(2, 5, adam.withClamp(2), 0.2, base),
                new LstmConfig(2, 5, adam.withLogScaleInput(10), 0.2, base),
                new LstmConfig(2, 5, adam.withStepFeatures(1), 0.2, base),
                new LstmConfig(2, 5, adam.withMomentumFeatures(1), 0.2, base),
                adamSpec.withMagnitudeScale(1)));
        variants.put(logSignSpec, List.of(
                new LstmConfig(1, 3, Preprocessing.logSign(6), 0.1),
                new LstmConfig(1, 3, Preprocessing.raw(), 0.1)));
        return variants;
    }

    /**
     * For tests of where state lives: the paper's LSTM (h and c only), Adam-normalised inputs (also m, v
     * and a step count), both of those extras with a base step's trace after them, a base step with
     * correction steps (a trace and a step count, no moments), training-progress inputs (a step count
     * alone), and momentum inputs (further momenta between v and the trace).
     */
    static List<LstmConfig> stateLayouts() {
        LstmConfig adam = new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1);
        return List.of(LstmConfig.defaults(), adam, adam.withBase(BaseStep.nesterov(0.1, 0.9)),
                adam.withBase(BaseStep.adam(0.01, 0.9, 0.999)),
                LstmConfig.defaults().withBase(BaseStep.nesterov(0.1, 0.9).withCorrectionSteps(3)),
                new LstmConfig(2, 20, Preprocessing.logSign(10).withStepFeatures(3), 0.1),
                new LstmConfig(2, 20, Preprocessing.adamNormalised().withMomentumFeatures(3), 0.1,
                        BaseStep.nesterov(0.1, 0.9)));
    }

    /**
     * Weights drawn U(−2/√H, 2/√H): twice torch's init, so that gates saturate sometimes. Every weight is
     * drawn, also those that {@link LstmWeights#initial} starts at 0 (the output layer with a base step, a
     * magnitude head), so that every head adds something.
     */
    static LstmWeights weights(LstmConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 2 / Math.sqrt(config.hidden());
        float[] v = new float[config.parameterCount()];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) random.nextDouble(-bound, bound);
        }
        return LstmWeights.of(config, v);
    }

    /**
     * Gradients mixing ordinary values, tiny ones (below e<sup>−p</sup>, the linear branch), exact zeros,
     * large values (10<sup>3</sup>..10<sup>6</sup>) and both signs.
     */
    static float[] gradients(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            double sign = r.nextBoolean() ? 1 : -1;
            g[i] = (float) switch (i % 5) {
                case 0 -> r.nextGaussian();
                case 1 -> sign * Math.exp(r.nextDouble(-25, -5)); // 1e-11 .. 7e-3: both sides of e^-p
                case 2 -> 0.0;
                case 3 -> sign * Math.exp(r.nextDouble(7, 14)); // 1e3 .. 1.2e6
                default -> sign * Math.exp(r.nextDouble(-12, 2));
            };
        }
        return g;
    }

    /**
     * A state with h in (−1, 1) and c ~ N(0, 1.5²), like one reached after some steps; for ADAM_NORMALISED
     * a step count in [0, 5], v from 1e-17 to 2e4 (so √v on both sides of ε), |m| ≤ √v, as Adam's are, and
     * further momenta as large as their bias allows;
     * with a base step a trace ~ N(0, 1); with training-progress inputs a step count in [0, 300).
     */
    static LstmState state(LstmConfig config, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LstmState s = LstmState.zeros(config, n);
        for (int l = 0; l < config.layers(); l++) {
            fill(s.h(l), () -> r.nextDouble(-1, 1));
            fill(s.c(l), () -> 1.5 * r.nextGaussian());
        }
        if (config.base().active()) {
            fill(s.baseTrace(), r::nextGaussian);
        }
        if (config.base().normalised()) { // Adam's v from 1e-9 to 50, |m| ≤ √v
            s.setSteps(1 + r.nextInt(5));
            for (int i = 0; i < n; i++) {
                double v = Math.exp(r.nextDouble(-20, 4));
                s.baseMeanSquare()[i] = (float) v;
                s.baseTrace()[i] = (float) (Math.sqrt(v) * r.nextDouble(-1, 1));
            }
        }
        if (config.preprocessing().stateFloats() > 0) {
            s.setSteps(r.nextInt(6));
            for (int i = 0; i < n; i++) {
                double v = Math.exp(r.nextDouble(-40, 10));
                s.gradientMeanSquare()[i] = (float) v;
                s.gradientMean()[i] = (float) (Math.sqrt(v) * r.nextDouble(-1, 1));
            }
            for (int k = 0; k < s.momenta().length; k++) { // |m_j| ≤ (1 − β_j^t)·√v, as a trajectory's are
                double unbiased = 1 - Math.pow(Preprocessing.momentumDecay(k / n), s.steps());
                s.momenta()[k] = (float) (unbiased * Math.sqrt(s.gradientMeanSquare()[k % n]) * r.nextDouble(-1, 1));
            }
        }
        if (config.preprocessing().stepFeatures() > 0) { // where every training-progress input still moves
            s.setSteps(r.nextInt(300));
        }
        return s;
    }

    static float[] normal(int n, double std, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        fill(v, () -> std * r.nextGaussian());
        return v;
    }

    private static void fill(float[] v, java.util.function.DoubleSupplier s) {
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) s.getAsDouble();
        }
    }

    /** Coordinate i of a unit-major state, as the reference's per-coordinate state. */
    static ReferenceLstm.State coordinate(LstmState s, int i) {
        LstmConfig c = s.config();
        ReferenceLstm.State out = ReferenceLstm.State.zeros(c);
        for (int l = 0; l < c.layers(); l++) {
            for (int j = 0; j < c.hidden(); j++) {
                out.h()[l][j] = s.h(l)[j * s.n() + i];
                out.c()[l][j] = s.c(l)[j * s.n() + i];
            }
        }
        boolean adam = c.preprocessing().stateFloats() > 0;
        double[] momenta = new double[c.preprocessing().momentumFeatures()];
        for (int j = 0; j < momenta.length; j++) {
            momenta[j] = s.momenta()[j * s.n() + i];
        }
        return new ReferenceLstm.State(out.h(), out.c(), adam ? s.gradientMean()[i] : 0,
                adam ? s.gradientMeanSquare()[i] : 0, momenta, s.steps(), c.base().active() ? s.baseTrace()[i] : 0,
                c.base().normalised() ? s.baseMeanSquare()[i] : 0);
    }
}
