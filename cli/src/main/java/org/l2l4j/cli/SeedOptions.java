package org.l2l4j.cli;

import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.evaluation.Comparison;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How long and on which seeds to run: {@code --steps --seeds --seed --tuning-seeds --tuning-seed --threads}. */
final class SeedOptions {

    static final int DEFAULT_SEEDS = 20;
    static final int DEFAULT_TUNING_SEEDS = 5;
    static final int DEFAULT_THREADS = 1;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N", description = "updates per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seeds", defaultValue = "" + DEFAULT_SEEDS, paramLabel = "K",
            description = "evaluation seeds, the same for every optimizer (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "" + SeedRange.EVALUATION_BASE, paramLabel = "S",
            description = "first evaluation seed; run i uses seed S + i (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tuning-seeds", defaultValue = "" + DEFAULT_TUNING_SEEDS, paramLabel = "K",
            description = "seeds each learning rate of the grid is tried on (default: ${DEFAULT-VALUE})")
    int tuningSeeds;

    @Option(names = "--tuning-seed", defaultValue = "" + SeedRange.TUNING_BASE, paramLabel = "S",
            description = "first tuning seed; must not overlap the evaluation seeds (default: ${DEFAULT-VALUE})")
    long tuningSeed;

    @Option(names = "--threads", defaultValue = "" + DEFAULT_THREADS, paramLabel = "T",
            description = "runs at once; results do not depend on it (default: ${DEFAULT-VALUE})")
    int threads;

    /** A comparison of {@code steps} steps on every seed option's default: what {@code meta-train --compare} runs. */
    static Comparison.Settings defaults(Problem problem, int steps) {
        return new Comparison.Settings(problem, steps, new SeedRange(SeedRange.EVALUATION_BASE, DEFAULT_SEEDS),
                new SeedRange(SeedRange.TUNING_BASE, DEFAULT_TUNING_SEEDS), DEFAULT_THREADS);
    }

    /** The evaluation seeds; also checks {@code --steps} and {@code --threads}. */
    SeedRange evaluationSeeds(CommandLine cli) {
        atLeastOne("--steps", steps, cli);
        atLeastOne("--threads", threads, cli);
        return range("--seeds", seeds, "--seed", seed, cli);
    }

    /**
     * The tuning seeds; when {@code used}, checked to be disjoint from the evaluation seeds (a command
     * that tunes nothing does not complain about them).
     */
    SeedRange tuningSeeds(CommandLine cli, boolean used) {
        SeedRange tuning = range("--tuning-seeds", tuningSeeds, "--tuning-seed", tuningSeed, cli);
        SeedRange evaluation = evaluationSeeds(cli);
        if (used && tuning.overlaps(evaluation)) {
            throw new ParameterException(cli, "--seed " + seed + ": evaluation seeds " + evaluation
                    + " overlap the tuning seeds " + tuning + " (--tuning-seed " + tuningSeed + ")");
        }
        return tuning;
    }

    private static SeedRange range(String countFlag, int count, String baseFlag, long base, CommandLine cli) {
        atLeastOne(countFlag, count, cli);
        if (base < 0 || base > Long.MAX_VALUE - count) {
            throw new ParameterException(cli, baseFlag + ": must be in 0.." + (Long.MAX_VALUE - count) + ", got " + base);
        }
        return new SeedRange(base, count);
    }

    private static void atLeastOne(String flag, int value, CommandLine cli) {
        if (value < 1) {
            throw new ParameterException(cli, flag + ": must be at least 1, got " + value);
        }
    }
}
