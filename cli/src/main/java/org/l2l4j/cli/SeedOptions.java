package org.l2l4j.cli;

import org.l2l4j.baselines.LearningRateSearch;
import org.l2l4j.core.HeapBudget;
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
    /** Memory per step of one run's loss curve: the losses as float64, and the copy its Trajectory keeps. */
    static final int CURVE_BYTES_PER_STEP = 2 * Double.BYTES;
    /**
     * Memory per step of one optimizer's report: three curves (mean and interval) as boxed numbers in the
     * summary, and as text in summary.json, curves.csv and loss.svg, up to 24 characters a number.
     */
    static final int REPORT_BYTES_PER_STEP = 3 * 24 + 3 * 3 * 24;

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

    /**
     * Refuses sizes whose arrays would not fit in the {@link HeapBudget}: every evaluation run's loss curve
     * is kept for the statistics, a learning-rate search keeps every grid point's final loss per tuning
     * seed (when {@code tune}), and the report holds {@code optimizers} curves as numbers and as text.
     * {@code --steps} is blamed when one seed alone would not fit, else the seed count.
     */
    static void requireMemory(Comparison.Settings settings, boolean tune, int optimizers, CommandLine cli) {
        requireMemory(settings.steps(), settings.evaluationSeeds().count(), settings.tuningSeeds().count(),
                settings.threads(), tune, optimizers, cli);
    }

    /** {@link #requireMemory(Comparison.Settings, boolean, int, CommandLine)} for runs of {@code steps} steps. */
    static void requireMemory(int steps, int seeds, int tuningSeeds, int threadCount, boolean tune, int optimizers,
                              CommandLine cli) {
        double curve = (steps + 1.0) * CURVE_BYTES_PER_STEP;
        double report = (steps + 1.0) * REPORT_BYTES_PER_STEP * optimizers;
        int threads = Math.min(threadCount, seeds);
        requireFits("--threads", (double) threads * HeapBudget.THREAD_BYTES, threads + " threads", cli);
        double runs = threads * curve;
        requireFits("--steps", report + runs, optimizers + " curves of " + steps + " steps", cli);
        requireFits("--seeds", report + seeds * curve, seeds + " runs of " + steps + " steps", cli);
        if (tune) {
            requireFits("--tuning-seeds", report + runs + (double) tuningSeeds * LearningRateSearch.GRID.size() * Double.BYTES,
                    tuningSeeds + " tuning seeds of " + LearningRateSearch.GRID.size() + " learning rates", cli);
        }
    }

    /** Refuses {@code flag} unless {@code bytes} fit in the {@link HeapBudget}. */
    static void requireFits(String flag, double bytes, String what, CommandLine cli) {
        if (!HeapBudget.fits(bytes)) {
            throw new ParameterException(cli, flag + ": " + HeapBudget.tooLarge(bytes, what));
        }
    }

    private static SeedRange range(String countFlag, int count, String baseFlag, long base, CommandLine cli) {
        atLeastOne(countFlag, count, cli);
        if (base < 0 || base > Long.MAX_VALUE - count) {
            throw new ParameterException(cli, baseFlag + ": must be in 0.." + (Long.MAX_VALUE - count) + ", got " + base);
        }
        return new SeedRange(base, count);
    }

    static void atLeastOne(String flag, int value, CommandLine cli) {
        if (value < 1) {
            throw new ParameterException(cli, flag + ": must be at least 1, got " + value);
        }
    }
}
