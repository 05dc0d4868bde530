package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;

class UnrollBenchmarkTest {

    private final LstmKernel kernel = LstmKernel.create(1);

    @AfterEach
    void closeKernel() {
        kernel.close();
    }

    /** Small quadratics, one per seed. */
    private static final Problem QUADRATICS = new Problem() {
        @Override
        public String spec() {
            return "small-quadratic";
        }

        @Override
        public Optimizee sample(long seed) {
            return new SmallQuadratic(4, 5, seed).asOptimizee();
        }
    };

    private static MetaTrainingSettings settings(int epochs, int segment) {
        return MetaTrainingSettings.builder().steps(12).unroll(4).epochs(epochs).metaLearningRate(1e-3)
                .finalLearningRateFraction(1).seed(7).checkpointSegment(segment).validateEvery(0).validationSeeds(0)
                .threads(1).objective(MetaObjective.MEAN_LOSS).selection(Selection.OBJECTIVE)
                .metaGradient(MetaGradient.FIRST_ORDER).lstm(LstmConfig.defaults()).build();
    }

    /**
     * Two trajectories of three unrolls each: the benchmark's meta-losses, summed per trajectory, equal
     * the trainer's epoch losses bit for bit (same seeds, same weights, same meta steps; the 1-thread
     * kernel is deterministic), so what the benchmark times is what training runs.
     */
    @Test
    void unrollsReproduceMetaTrainingExactly() {
        for (int segment : new int[] {0, 2}) {
            List<Double> trainerLosses = new ArrayList<>();
            new MetaTrainer(QUADRATICS, settings(2, segment), kernel).train(report -> trainerLosses.add(report.meanLoss()));

            UnrollBenchmark bench = new UnrollBenchmark(QUADRATICS, settings(2, segment), kernel);
            for (int epoch = 0; epoch < 2; epoch++) {
                double sum = 0;
                for (int u = 0; u < 3; u++) {
                    bench.startTrajectoryIfDone();
                    sum += bench.unroll();
                }
                assertEquals(trainerLosses.get(epoch), sum / 12, 0.0, "epoch " + epoch + ", segment " + segment);
            }
            assertEquals(UnrolledBptt.plannedPeakBytes(settings(1, segment).compute().memory(), MetaGradient.FIRST_ORDER, LstmConfig.defaults(), 20, 4),
                    bench.peakBytes(), "counted bytes, segment " + segment);
        }
    }

    @Test
    void unrollWithoutTrajectoryIsRefused() {
        UnrollBenchmark bench = new UnrollBenchmark(QUADRATICS, settings(1, 0), kernel);
        assertThrows(IllegalStateException.class, bench::unroll);
    }

    @Test
    void settingsThatTrainingWouldRunDifferentlyAreRefused() {
        MetaTrainingSettings batched = settings(1, 0).toBuilder().optimizeesPerStep(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UnrollBenchmark(QUADRATICS, batched, kernel));
        assertTrue(e.getMessage().contains("2 optimizees per step"), e.getMessage());
    }
}
