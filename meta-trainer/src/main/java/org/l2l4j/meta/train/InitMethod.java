package org.l2l4j.meta.train;

/**
 * How a learned initialisation θ<sub>0</sub> is meta-trained, each with the defaults of its paper where
 * the paper gives one for the sinusoid (else ours, said below):
 *
 * <ul>
 *   <li>{@link #MAML} (Finn et al. 2017): K steps of SGD at a fixed α from θ<sub>0</sub>, the full
 *       meta-gradient of the query loss through them (Hessian-vector products); 1 step, α = 0.01,
 *       25 tasks per meta-step, Adam at 1e-3, 70,000 meta-steps.</li>
 *   <li>{@link #FOMAML}: MAML with the first-order meta-gradient: the query gradient at θ<sub>K</sub>.</li>
 *   <li>{@link #REPTILE} (Nichol et al. 2018): θ<sub>0</sub> ← θ<sub>0</sub> + ε·mean(θ̃ − θ<sub>0</sub>) over the
 *       tasks, θ̃ after K steps of SGD; no backward, and the meta-optimizer is that plain step. Ours: 5
 *       steps, α = 0.01, ε = 0.1.</li>
 *   <li>{@link #META_SGD} (Li et al. 2017): MAML whose α is a vector, one rate per parameter, learned
 *       with θ<sub>0</sub> (started at α everywhere).</li>
 *   <li>{@link #LSTM}: the coordinate-wise LSTM optimizer learned with θ<sub>0</sub> (Ravi and Larochelle
 *       2017's learn-the-init-and-the-optimizer design); ours: 5 steps.</li>
 * </ul>
 */
public enum InitMethod {
    MAML("maml", 1, 1e-3),
    FOMAML("fomaml", 1, 1e-3),
    REPTILE("reptile", 5, 0.1),
    META_SGD("meta-sgd", 1, 1e-3),
    LSTM("lstm", 5, 1e-3);

    private final String flag;
    private final int defaultSteps;
    private final double defaultMetaLearningRate;

    InitMethod(String flag, int defaultSteps, double defaultMetaLearningRate) {
        this.flag = flag;
        this.defaultSteps = defaultSteps;
        this.defaultMetaLearningRate = defaultMetaLearningRate;
    }

    /** The name used on the command line ({@code --method}) and in saved files. */
    public String flag() {
        return flag;
    }

    /** Inner steps when none are given. */
    public int defaultSteps() {
        return defaultSteps;
    }

    /** The meta-optimizer's learning rate (Reptile's ε) when none is given. */
    public double defaultMetaLearningRate() {
        return defaultMetaLearningRate;
    }

    /** Whether the inner rule is SGD whose α is a setting (all but the LSTM). */
    boolean usesInnerLearningRate() {
        return this != LSTM;
    }

    @Override
    public String toString() {
        return flag;
    }
}
