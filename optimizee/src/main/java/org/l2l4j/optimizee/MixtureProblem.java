package org.l2l4j.optimizee;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.l2l4j.core.Mixture;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SplitMix64;

/**
 * A mixture of problem families: each instance is an instance of one family, chosen by its seed with
 * probability proportional to the family's weight, then sampled from that family with the same seed. So
 * a trajectory's family, like everything else about it, is a function of its seed alone.
 *
 * <p>Specs: one family spec per family, each optionally with a {@code weight=W} key (W &gt; 0, default 1),
 * e.g. {@code quadratic:dim=20,weight=3} and {@code mnist}. The mixture's {@link #spec()} joins the
 * families' canonical specs with {@code " + "}, each with its weight when the weights are not all equal.
 */
public final class MixtureProblem implements Mixture {

    static final String WEIGHT = "weight";
    private static final String JOIN = " + ";

    /** One family of the mixture and its (unnormalised) weight. */
    public record Family(Problem problem, double weight) {

        public Family {
            Objects.requireNonNull(problem, "problem");
            if (!(weight > 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("weight of " + problem.spec() + " must be > 0, got " + weight);
            }
        }
    }

    private final List<Family> families;
    private final double[] cumulative;

    public MixtureProblem(List<Family> families) {
        if (families.size() < 2) {
            throw new IllegalArgumentException("a mixture needs at least 2 families, got " + families.size());
        }
        this.families = List.copyOf(families);
        cumulative = new double[families.size()];
        double total = families.stream().mapToDouble(Family::weight).sum();
        double sum = 0;
        for (int f = 0; f < families.size(); f++) {
            sum += families.get(f).weight();
            cumulative[f] = sum / total;
        }
    }

    /**
     * The problem of {@code specs}: the one family for a single spec (its {@code weight=} key, if any, has
     * nothing to weigh), else their mixture.
     *
     * @param dataDir as {@link Problems#parse(String, Path)}
     * @throws IllegalArgumentException naming the offending spec and part
     */
    public static Problem parse(List<String> specs, Path dataDir) {
        List<Family> families = new ArrayList<>();
        for (String text : specs) {
            Spec spec = Spec.parse(text);
            double weight = spec.positiveNumber(WEIGHT, 1);
            families.add(new Family(Problems.parse(spec.without(WEIGHT), dataDir), weight));
        }
        return families.size() == 1 ? families.get(0).problem() : new MixtureProblem(families);
    }

    public List<Family> families() {
        return families;
    }

    @Override
    public int familyOf(long seed) {
        return familyAt((SplitMix64.mix(seed) >>> 11) * 0x1.0p-53);
    }

    @Override
    public int familyAt(double u) {
        for (int f = 0; f < cumulative.length - 1; f++) {
            if (u < cumulative[f]) {
                return f;
            }
        }
        return cumulative.length - 1;
    }

    @Override
    public Optimizee sample(long seed) {
        return families.get(familyOf(seed)).problem().sample(seed);
    }

    @Override
    public String spec() {
        boolean weighted = families.stream().anyMatch(f -> f.weight() != families.get(0).weight());
        StringJoiner joined = new StringJoiner(JOIN);
        for (Family family : families) {
            String spec = family.problem().spec();
            joined.add(weighted ? spec + (spec.contains(":") ? "," : ":") + WEIGHT + "=" + formatWeight(family.weight())
                    : spec);
        }
        return joined.toString();
    }

    private static String formatWeight(double weight) {
        return weight == Math.rint(weight) ? Long.toString((long) weight) : Double.toString(weight);
    }
}
