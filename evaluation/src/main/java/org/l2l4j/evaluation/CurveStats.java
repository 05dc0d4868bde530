package org.l2l4j.evaluation;

import java.util.Arrays;
import java.util.List;
import org.l2l4j.core.Trajectory;

/**
 * Per-step mean and 95% confidence interval of the loss over the runs of one optimizer.
 *
 * <p>The interval is Student's t interval of the mean over the runs at each step ({@link MeanInterval}).
 *
 * <p><b>Diverged runs</b> (non-finite loss, which {@link Trajectory} marks +Inf from then on) are
 * counted in {@link #diverged()}, never hidden: the statistics are taken over the k = runs − diverged
 * runs that stayed finite to the end, the same runs at every step, so the curve has no jumps where a
 * run drops out. With every run diverged there is nothing to average and every value is NaN.
 *
 * @param mean     per step t = 0..steps
 * @param lo       lower end of the 95% interval per step
 * @param hi       upper end of the 95% interval per step
 * @param runs     number of runs (seeds)
 * @param diverged how many of them diverged
 */
public record CurveStats(double[] mean, double[] lo, double[] hi, int runs, int diverged) {

    public CurveStats {
        if (mean.length != lo.length || mean.length != hi.length) {
            throw new IllegalArgumentException("mean, lo and hi have lengths " + mean.length + ", "
                    + lo.length + ", " + hi.length);
        }
        if (diverged < 0 || diverged > runs) {
            throw new IllegalArgumentException(diverged + " diverged out of " + runs + " runs");
        }
        mean = mean.clone();
        lo = lo.clone();
        hi = hi.clone();
    }

    /** Statistics of {@code runs}, which must all have the same number of steps. */
    public static CurveStats of(List<Trajectory> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarise");
        }
        int length = runs.get(0).steps() + 1;
        List<Trajectory> finite = runs.stream().filter(r -> !r.diverged()).toList();
        for (Trajectory run : runs) {
            if (run.steps() + 1 != length) {
                throw new IllegalArgumentException("runs have " + (length - 1) + " and " + run.steps() + " steps");
            }
        }
        double[] mean = new double[length];
        double[] lo = new double[length];
        double[] hi = new double[length];
        int k = finite.size();
        if (k > 0) {
            double[] atStep = new double[k];
            for (int t = 0; t < length; t++) {
                for (int r = 0; r < k; r++) {
                    atStep[r] = finite.get(r).loss(t);
                }
                MeanInterval interval = MeanInterval.of(atStep);
                mean[t] = interval.mean();
                lo[t] = interval.lo();
                hi[t] = interval.hi();
            }
        } else {
            Arrays.fill(mean, Double.NaN);
            Arrays.fill(lo, Double.NaN);
            Arrays.fill(hi, Double.NaN);
        }
        return new CurveStats(mean, lo, hi, runs.size(), runs.size() - k);
    }

    public int steps() {
        return mean.length - 1;
    }

    public double finalMean() {
        return mean[mean.length - 1];
    }

    public double finalLo() {
        return lo[lo.length - 1];
    }

    public double finalHi() {
        return hi[hi.length - 1];
    }

    /** True when no run stayed finite, so there are no statistics to report. */
    public boolean allDiverged() {
        return diverged == runs;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] lo() {
        return lo.clone();
    }

    @Override
    public double[] hi() {
        return hi.clone();
    }
}
