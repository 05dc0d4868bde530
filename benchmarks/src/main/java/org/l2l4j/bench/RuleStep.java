package org.l2l4j.bench;

import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;

/**
 * One step of a hand-made rule (our Adam or RMSprop) at n coordinates, for scale next to the learned
 * optimizer's step: {@code step_adam}, {@code step_rmsprop}. Single-threaded, as the rules are.
 */
final class RuleStep<S> implements BenchCase {

    private final Workload workload;
    private final Optimizer<S> rule;
    private final S state;
    private final float[] gradient;
    private final float[] update;

    private RuleStep(Optimizer<S> rule, int n, long seed) {
        this.workload = new Workload("step_" + rule.name(), "l2l4j", n, 1, Double.NaN, "java=1");
        this.rule = rule;
        this.state = rule.init(n);
        this.gradient = new RandomInputs(seed).gradients(n);
        this.update = new float[n];
    }

    /** The rule {@code name} of {@link Baselines#create} with learning rate 1e-3. */
    static RuleStep<?> of(String name, int n, long seed) {
        return new RuleStep<>(Baselines.create(name, 1e-3), n, seed);
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public void run() {
        rule.update(gradient, state, update);
    }
}
