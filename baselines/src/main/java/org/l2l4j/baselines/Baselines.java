package org.l2l4j.baselines;

import java.util.List;
import java.util.Objects;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SavableState;

/**
 * The hand-made update rules, each a chain of reusable stages ending in a scale by −lr, with the
 * formulas of DL4J 1.0.0-M2.1's updaters so that they match DL4J step for step.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>name</th><th>update u (θ ← θ + u)</th><th>defaults</th></tr>
 *   <tr><td>sgd</td><td>−lr·g</td><td></td></tr>
 *   <tr><td>nag</td><td>b ← μb + g; u = −lr·(g + μb)</td><td>μ = 0.9</td></tr>
 *   <tr><td>rmsprop</td><td>s ← ρs + (1−ρ)g²; u = −lr·g / (√s + ε), s<sub>0</sub> = ε</td>
 *       <td>ρ = 0.99, ε = 1e-8 (PyTorch's; DL4J's default ρ is 0.95)</td></tr>
 *   <tr><td>adam</td><td>u = −lr·√(1−β₂<sup>t</sup>)/(1−β₁<sup>t</sup>)·m / (√v + ε)</td>
 *       <td>β₁ = 0.9, β₂ = 0.999, ε = 1e-8</td></tr>
 * </table>
 */
public final class Baselines {

    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("sgd", "nag", "rmsprop", "adam");

    public static final double NAG_MOMENTUM = 0.9;
    public static final double RMSPROP_DECAY = 0.99;
    public static final double RMSPROP_EPSILON = 1e-8;
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double ADAM_EPSILON = 1e-8;

    private Baselines() {}

    /**
     * The rule called {@code name} (one of {@link #NAMES}) with its default hyper-parameters. Every rule's
     * state can be saved and restored ({@link SavableState}).
     *
     * @throws IllegalArgumentException if the name is unknown or the learning rate is not finite and > 0
     */
    public static Optimizer<? extends SavableState> create(String name, double learningRate) {
        Objects.requireNonNull(name, "optimizer name");
        return switch (name) {
            case "sgd" -> sgd(learningRate);
            case "nag" -> nag(learningRate, NAG_MOMENTUM);
            case "rmsprop" -> rmsprop(learningRate, RMSPROP_DECAY, RMSPROP_EPSILON);
            case "adam" -> adam(learningRate);
            default -> throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
    }

    /** Plain gradient descent: u = −lr·g. */
    public static Optimizer<? extends SavableState> sgd(double learningRate) {
        return new Rule<>("sgd", checked(learningRate), Scale.byLearningRate(learningRate));
    }

    /** Nesterov's accelerated gradient, DL4J's {@code Nesterovs(lr, momentum)}. */
    public static Optimizer<? extends SavableState> nag(double learningRate, double momentum) {
        return new Rule<>("nag", checked(learningRate),
                Chain.of(new NesterovTrace((float) momentum), Scale.byLearningRate(learningRate)));
    }

    /** RMSprop, DL4J's {@code RmsProp(lr, decay, epsilon)}. */
    public static Optimizer<? extends SavableState> rmsprop(double learningRate, double decay, double epsilon) {
        return new Rule<>("rmsprop", checked(learningRate),
                Chain.of(new ScaleByRms((float) decay, (float) epsilon), Scale.byLearningRate(learningRate)));
    }

    /** Adam with the default β₁, β₂ and ε: the meta-optimizer of meta-training. */
    public static Optimizer<? extends SavableState> adam(double learningRate) {
        return adam(learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON);
    }

    /** Adam, DL4J's {@code Adam(lr, beta1, beta2, epsilon)}. */
    public static Optimizer<? extends SavableState> adam(double learningRate, double beta1, double beta2, double epsilon) {
        return new Rule<>("adam", checked(learningRate),
                Chain.of(new ScaleByAdam((float) beta1, (float) beta2, (float) epsilon),
                        Scale.byLearningRate(learningRate)));
    }

    static double checked(double learningRate) {
        float asFloat = (float) learningRate; // the rules compute in float32
        if (!(asFloat > 0 && Float.isFinite(asFloat))) {
            throw new IllegalArgumentException("learning rate must be finite and > 0 in float32, got " + learningRate);
        }
        return learningRate;
    }
}
