package org.l2l4j.meta.train;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.l2l4j.core.SettingException;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.Preprocessing;

/**
 * How to meta-train, in groups by concept: the {@code trajectory} (T steps in unrolls of K), the
 * meta-optimizer's {@code schedule} over the epochs, the {@code validation} that picks the kept weights,
 * the {@code compute} budget, the {@code estimator} of the meta-gradient and the {@code lstm} trained.
 * Each group checks its own values; the rules that span groups are checked here. Every refusal is a
 * {@link SettingException} naming the settings by their dotted keys ({@code "trajectory.steps"}).
 * Built with {@link #builder()}.
 */
public record MetaTrainingSettings(
        TrajectorySettings trajectory,
        ScheduleSettings schedule,
        ValidationSettings validation,
        ComputeSettings compute,
        EstimatorSettings estimator,
        LstmConfig lstm) {

    public MetaTrainingSettings {
        if (trajectory == null || schedule == null || validation == null || compute == null || estimator == null
                || lstm == null) {
            throw new IllegalArgumentException("every group of the settings must be given");
        }
        if (estimator.metaGradient() == MetaGradient.FULL && lstm.preprocessing().kind() == Preprocessing.Kind.ADAM_NORMALISED) {
            throw new SettingException(List.of("estimator.metaGradient", "lstm.preprocessing.kind"),
                    "the full meta-gradient differentiates the LSTM's input features, which it can for log-sign or raw"
                            + " preprocessing only; with Adam-normalised preprocessing use the first-order meta-gradient");
        }
        int correctionSteps = lstm.base().correctionSteps();
        if (correctionSteps > 0 && correctionSteps < trajectory.steps()) {
            throw new SettingException(List.of("lstm.base.correctionSteps", "trajectory.steps"),
                    "the LSTM's correction must cover the " + trajectory.steps() + " steps it is trained on: 0 (every step)"
                            + " or at least " + trajectory.steps() + ", got " + correctionSteps);
        }
        if (validation.shortSteps() >= trajectory.steps()) {
            throw new SettingException(List.of("validation.shortSteps", "trajectory.steps"),
                    "the short validation horizon must be shorter than the " + trajectory.steps() + " steps of a run:"
                            + " 0 (off) to " + (trajectory.steps() - 1) + ", got " + validation.shortSteps());
        }
    }

    /** The run lengths validation and calibration score: T, then the short horizon S if there is one. */
    public List<Integer> validationHorizons() {
        int shortSteps = validation.shortSteps();
        return shortSteps == 0 ? List.of(trajectory.steps()) : List.of(trajectory.steps(), shortSteps);
    }

    /**
     * Trajectory length at {@code epoch} (1-based): the longest {@link #longestHorizon}, or with a minimum
     * ({@code trajectory.minSteps}) a draw from {@code random} between the two, log-uniform (as many
     * trajectories of 100 to 200 steps as of 200 to 400) and rounded to whole unrolls; the curriculum caps
     * both ends.
     */
    int horizon(int epoch, SplittableRandom random) {
        int longest = longestHorizon(epoch);
        if (trajectory.minSteps() == 0) {
            return longest;
        }
        int shortest = Math.min(trajectory.minSteps(), longest);
        double drawn = shortest * Math.pow((double) longest / shortest, random.nextDouble());
        int unroll = trajectory.unroll();
        return Math.max(shortest, Math.min(longest, (int) Math.round(drawn / unroll) * unroll));
    }

    /**
     * The longest trajectory of {@code epoch} (1-based): T, or under the curriculum a whole number of unrolls
     * growing linearly from one (K steps) at epoch 1 to all of T at epoch ⌈curriculum · epochs⌉ + 1.
     */
    int longestHorizon(int epoch) {
        int steps = trajectory.steps();
        if (schedule.curriculum() == 0) {
            return steps;
        }
        int unroll = trajectory.unroll();
        int unrolls = (steps + unroll - 1) / unroll;
        double progress = Math.min(1, (epoch - 1) / (schedule.curriculum() * schedule.epochs()));
        return Math.min(steps, (1 + (int) Math.floor(progress * (unrolls - 1))) * unroll);
    }

    /** A builder with the defaults of {@code l2l meta-train}, except the LSTM: the paper's, without a base step. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .steps(trajectory.steps()).unroll(trajectory.unroll()).minSteps(trajectory.minSteps())
                .epochs(schedule.epochs()).metaLearningRate(schedule.metaLearningRate())
                .finalLearningRateFraction(schedule.finalLearningRateFraction()).curriculum(schedule.curriculum())
                .clipNorm(schedule.clipNorm()).averageDecay(schedule.averageDecay())
                .validateEvery(validation.every()).validationSeeds(validation.seeds()).selection(validation.selection())
                .calibrationSeeds(validation.calibrationSeeds()).shortValidationSteps(validation.shortSteps())
                .patience(validation.patience())
                .checkpointSegment(compute.checkpointSegment()).threads(compute.threads())
                .objective(estimator.objective()).metaGradient(estimator.metaGradient())
                .optimizeesPerStep(estimator.optimizeesPerStep()).stratified(estimator.stratified())
                .randomScale(estimator.randomScale()).seed(estimator.seed())
                .lstm(lstm);
    }

    /** Collects settings one by one; {@link #build()} checks them all. */
    public static final class Builder {
        private int steps = 100;
        private int unroll = 20;
        private int minSteps = 0;
        private int epochs = 150;
        private double metaLearningRate = 3e-3;
        private double finalLearningRateFraction = 0.1;
        private double curriculum = 0;
        private double clipNorm = 0;
        private double averageDecay = 0;
        private int validateEvery = 10;
        private int validationSeeds = 10;
        private Selection selection = Selection.FINAL;
        private int calibrationSeeds = 40;
        private int shortValidationSteps = 0;
        private int patience = 0;
        private int checkpointSegment = 0;
        private int threads = 2;
        private MetaObjective objective = MetaObjective.MEAN_LOG_LOSS;
        private MetaGradient metaGradient = MetaGradient.FULL;
        private int optimizeesPerStep = 1;
        private boolean stratified = false;
        private double randomScale = 0;
        private long seed = 1;
        private LstmConfig lstm = LstmConfig.defaults();

        private Builder() {
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder unroll(int unroll) {
            this.unroll = unroll;
            return this;
        }

        public Builder minSteps(int minSteps) {
            this.minSteps = minSteps;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder metaLearningRate(double metaLearningRate) {
            this.metaLearningRate = metaLearningRate;
            return this;
        }

        public Builder finalLearningRateFraction(double finalLearningRateFraction) {
            this.finalLearningRateFraction = finalLearningRateFraction;
            return this;
        }

        public Builder curriculum(double curriculum) {
            this.curriculum = curriculum;
            return this;
        }

        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder averageDecay(double averageDecay) {
            this.averageDecay = averageDecay;
            return this;
        }

        public Builder validateEvery(int validateEvery) {
            this.validateEvery = validateEvery;
            return this;
        }

        public Builder validationSeeds(int validationSeeds) {
            this.validationSeeds = validationSeeds;
            return this;
        }

        public Builder selection(Selection selection) {
            this.selection = selection;
            return this;
        }

        public Builder calibrationSeeds(int calibrationSeeds) {
            this.calibrationSeeds = calibrationSeeds;
            return this;
        }

        public Builder shortValidationSteps(int shortValidationSteps) {
            this.shortValidationSteps = shortValidationSteps;
            return this;
        }

        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder checkpointSegment(int checkpointSegment) {
            this.checkpointSegment = checkpointSegment;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder objective(MetaObjective objective) {
            this.objective = objective;
            return this;
        }

        public Builder metaGradient(MetaGradient metaGradient) {
            this.metaGradient = metaGradient;
            return this;
        }

        public Builder optimizeesPerStep(int optimizeesPerStep) {
            this.optimizeesPerStep = optimizeesPerStep;
            return this;
        }

        public Builder stratified(boolean stratified) {
            this.stratified = stratified;
            return this;
        }

        public Builder randomScale(double randomScale) {
            this.randomScale = randomScale;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder lstm(LstmConfig lstm) {
            this.lstm = lstm;
            return this;
        }

        /**
         * The settings.
         *
         * @throws SettingException naming the settings (dotted keys) of the first value refused
         */
        public MetaTrainingSettings build() {
            return new MetaTrainingSettings(
                    group("trajectory", () -> new TrajectorySettings(steps, unroll, minSteps)),
                    group("schedule", () -> new ScheduleSettings(epochs, metaLearningRate, finalLearningRateFraction,
                            curriculum, clipNorm, averageDecay)),
                    group("validation", () -> new ValidationSettings(validateEvery, validationSeeds, selection,
                            calibrationSeeds, shortValidationSteps, patience)),
                    group("compute", () -> new ComputeSettings(checkpointSegment, threads)),
                    group("estimator", () -> new EstimatorSettings(objective, metaGradient, optimizeesPerStep,
                            stratified, randomScale, seed)),
                    lstm);
        }

        private static <G> G group(String name, Supplier<G> make) {
            try {
                return make.get();
            } catch (SettingException e) {
                throw e.within(name);
            }
        }
    }
}
