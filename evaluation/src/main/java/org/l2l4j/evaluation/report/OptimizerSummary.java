package org.l2l4j.evaluation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.l2l4j.evaluation.CurveStats;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.MeanInterval;

/**
 * One optimizer's entry in {@code summary.json}. Numbers with nothing to report (every run diverged) or
 * that are not finite (runs that stayed finite but grew so large that their mean or interval overflows)
 * are {@code null}, since JSON has no NaN or infinity: a measured value that is not finite keeps its
 * {@code _ci95} pair, {@code [null, null]}, while its {@code _mean} is absent.
 *
 * @param name           {@code sgd}, {@code nag}, {@code rmsprop}, {@code adam} or {@code lstm}
 * @param lr             the learning rate used, null for a learned optimizer
 * @param finalLossMean  mean over the finite runs of the loss at the last step, f(θ<sub>T</sub>; B<sub>T</sub>)
 * @param finalLossCi95  its 95% interval [lo, hi]
 * @param finalTrainLossMean mean over the finite runs of f(θ<sub>T</sub>; D), the final parameters' loss on
 *                       all training data, without the last minibatch's sampling noise; absent (null)
 *                       where the problem cannot measure it
 * @param finalTrainLossCi95 its 95% interval [lo, hi], absent when the value is not measured
 * @param finalTestLossMean mean over the finite runs of the final parameters' loss on the problem's held-out
 *                       test split; absent (null) where the problem has no test split
 * @param finalTestLossCi95 its 95% interval [lo, hi], absent when the value is not measured
 * @param finalTestAccuracyMean mean over the finite runs of the final parameters' accuracy on the test split,
 *                       in [0, 1]; absent (null) without a test split or for a task that does not classify
 * @param finalTestAccuracyCi95 its 95% interval [lo, hi], absent when the value is not measured
 * @param curveMean      mean loss per step t = 0..steps
 * @param curveCi95Lo    lower end of the 95% interval per step
 * @param curveCi95Hi    upper end of the 95% interval per step
 * @param diverged       how many runs diverged (and are left out of the statistics above)
 * @param tuning         how {@code lr} was chosen, null when it was given
 */
@JsonPropertyOrder({"name", "lr", "final_loss_mean", "final_loss_ci95", "final_train_loss_mean",
        "final_train_loss_ci95", "final_test_loss_mean", "final_test_loss_ci95", "final_test_accuracy_mean",
        "final_test_accuracy_ci95", "curve_mean", "curve_ci95_lo", "curve_ci95_hi", "diverged", "tuning"})
public record OptimizerSummary(
        String name,
        Double lr,
        @JsonProperty("final_loss_mean") Double finalLossMean,
        @JsonProperty("final_loss_ci95") List<Double> finalLossCi95,
        @JsonProperty("final_train_loss_mean") @JsonInclude(JsonInclude.Include.NON_NULL) Double finalTrainLossMean,
        @JsonProperty("final_train_loss_ci95") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<Double> finalTrainLossCi95,
        @JsonProperty("final_test_loss_mean") @JsonInclude(JsonInclude.Include.NON_NULL) Double finalTestLossMean,
        @JsonProperty("final_test_loss_ci95") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<Double> finalTestLossCi95,
        @JsonProperty("final_test_accuracy_mean") @JsonInclude(JsonInclude.Include.NON_NULL)
        Double finalTestAccuracyMean,
        @JsonProperty("final_test_accuracy_ci95") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<Double> finalTestAccuracyCi95,
        @JsonProperty("curve_mean") List<Double> curveMean,
        @JsonProperty("curve_ci95_lo") List<Double> curveCi95Lo,
        @JsonProperty("curve_ci95_hi") List<Double> curveCi95Hi,
        int diverged,
        @JsonInclude(JsonInclude.Include.NON_NULL) Tuning tuning) {

    public OptimizerSummary {
        if (finalLossCi95.size() != 2) {
            throw new IllegalArgumentException("final_loss_ci95 of " + name + " has " + finalLossCi95.size()
                    + " values, not 2");
        }
        if (curveCi95Lo.size() != curveMean.size() || curveCi95Hi.size() != curveMean.size()) {
            throw new IllegalArgumentException("curves of " + name + " have lengths " + curveMean.size() + ", "
                    + curveCi95Lo.size() + ", " + curveCi95Hi.size());
        }
        finalTrainLossCi95 = optionalPair(name, "final_train_loss", finalTrainLossMean, finalTrainLossCi95);
        finalTestLossCi95 = optionalPair(name, "final_test_loss", finalTestLossMean, finalTestLossCi95);
        finalTestAccuracyCi95 = optionalPair(name, "final_test_accuracy", finalTestAccuracyMean, finalTestAccuracyCi95);
        finalLossCi95 = nullable(finalLossCi95);
        curveMean = nullable(curveMean);
        curveCi95Lo = nullable(curveCi95Lo);
        curveCi95Hi = nullable(curveCi95Hi);
    }

    /** The entry for {@code evaluation}; {@code tuning} says how its learning rate was found, or is null. */
    public static OptimizerSummary of(Evaluation evaluation, Tuning tuning) {
        CurveStats stats = evaluation.stats();
        Optional<MeanInterval> trainLoss = evaluation.finalTrainingLoss();
        Optional<MeanInterval> testLoss = evaluation.finalTestLoss();
        Optional<MeanInterval> testAccuracy = evaluation.finalTestAccuracy();
        return new OptimizerSummary(evaluation.optimizer(), evaluation.learningRate(), orNull(stats.finalMean()),
                Arrays.asList(orNull(stats.finalLo()), orNull(stats.finalHi())),
                trainLoss.map(t -> orNull(t.mean())).orElse(null), trainLoss.map(OptimizerSummary::interval).orElse(null),
                testLoss.map(t -> orNull(t.mean())).orElse(null), testLoss.map(OptimizerSummary::interval).orElse(null),
                testAccuracy.map(t -> orNull(t.mean())).orElse(null),
                testAccuracy.map(OptimizerSummary::interval).orElse(null),
                list(stats.mean()), list(stats.lo()), list(stats.hi()), stats.diverged(), tuning);
    }

    /** A learning rate as people write it: 0.03, 1, 0.00001; scientific far from 1 (1E+30). */
    public static String formatLearningRate(double lr) {
        BigDecimal value = new BigDecimal(Double.toString(lr)).stripTrailingZeros();
        double magnitude = Math.abs(lr);
        return magnitude >= 1e-5 && magnitude < 1e6 ? value.toPlainString() : value.toString();
    }

    /** Number of steps the curves cover. */
    public int steps() {
        return curveMean.size() - 1;
    }

    /**
     * The mean final score optimizers are ranked by: the train loss on all training data where measured, else
     * the last minibatch's loss; null if every run diverged.
     */
    public Double finalScoreMean() {
        return finalTrainLossMean != null ? finalTrainLossMean : finalLossMean;
    }

    /** The 95% interval of {@link #finalScoreMean()}, [lo, hi] (entries null where not measured). */
    public List<Double> finalScoreCi95() {
        return finalTrainLossMean != null ? finalTrainLossCi95 : finalLossCi95;
    }

    /**
     * An optional {@code <field>_mean} and {@code <field>_ci95}: both absent (not measured), or 2 bounds with the
     * mean (copied, nulls kept); a mean that is not finite is absent beside its bounds.
     */
    private static List<Double> optionalPair(String name, String field, Double mean, List<Double> ci95) {
        if (mean != null && ci95 == null || ci95 != null && ci95.size() != 2) {
            throw new IllegalArgumentException(field + "_mean and " + field + "_ci95 of " + name
                    + " must both be absent, or 2 bounds beside the mean");
        }
        return ci95 == null ? null : nullable(ci95);
    }

    private static List<Double> interval(MeanInterval interval) {
        return Arrays.asList(orNull(interval.lo()), orNull(interval.hi()));
    }

    private static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(values).mapToObj(OptimizerSummary::orNull).toList();
    }

    /** An unmodifiable copy that, unlike {@link List#copyOf}, keeps nulls. */
    private static List<Double> nullable(List<Double> values) {
        return Collections.unmodifiableList(new ArrayList<>(values));
    }
}
