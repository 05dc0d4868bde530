package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {

    @TempDir
    Path dir;

    private static EpochReport epoch(int epoch, List<Double> families) {
        boolean validated = epoch % 2 == 0;
        return new EpochReport(epoch, 6, 1.0 / epoch, 0.5 / epoch, validated ? 0.25 / epoch : Double.NaN,
                validated ? families : List.of(), validated, epoch == 6, 0, 1.5 * epoch, 2);
    }

    @Test
    void everyEpochIsARowWithAnEmptyCellWhereItDidNotValidate() throws IOException {
        Path file = dir.resolve("run.meta-train.csv");
        TrainingLog log = TrainingLog.open(file, List.of("quadratic"), 0);
        for (int e = 1; e <= 3; e++) {
            log.add(epoch(e, List.of(0.25 / e)));
        }
        assertEquals(List.of("epoch,meta_loss,final_loss,validation,skipped,elapsed_s",
                "1,1.0,0.5,,0,1.5", "2,0.5,0.25,0.125,0,3.0", "3,0.3333333333333333,0.16666666666666666,,0,4.5"),
                Files.readAllLines(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "written atomically: no temporary file left");
        }
    }

    @Test
    void aMixtureHasOneValidationColumnPerFamilyWithQuotedSpecs() throws IOException {
        Path file = dir.resolve("mix.meta-train.csv");
        TrainingLog log = TrainingLog.open(file, List.of("quadratic:dim=3,batch=4", "mnist"), 0);
        log.add(epoch(1, List.of()));
        log.add(epoch(2, List.of(0.5, 0.75)));
        List<String> lines = Files.readAllLines(file);
        assertEquals("epoch,meta_loss,final_loss,validation,\"validation quadratic:dim=3,batch=4\",validation mnist,"
                + "skipped,elapsed_s", lines.get(0));
        assertEquals("1,1.0,0.5,,,,0,1.5", lines.get(1));
        assertEquals("2,0.5,0.25,0.125,0.5,0.75,0,3.0", lines.get(2));
        assertEquals(0.75, log.rows().get(1)[TrainingLog.familyColumn(1)], 0);
    }

    @Test
    void aResumedRunKeepsTheRowsUpToItsCheckpointAndRewritesTheRest() throws IOException {
        Path file = dir.resolve("run.meta-train.csv");
        TrainingLog first = TrainingLog.open(file, List.of("quadratic"), 0);
        for (int e = 1; e <= 5; e++) {
            first.add(epoch(e, List.of(0.25 / e)));
        }
        List<String> uninterrupted = Files.readAllLines(file);

        TrainingLog resumed = TrainingLog.open(file, List.of("quadratic"), 3); // the checkpoint is of epoch 3
        assertEquals(3, resumed.rows().size());
        for (int e = 4; e <= 5; e++) {
            resumed.add(epoch(e, List.of(0.25 / e)));
        }
        assertEquals(uninterrupted, Files.readAllLines(file));
    }

    @Test
    void aLogOfAnotherRunOrAFreshStartIsNotContinued() throws IOException {
        Path file = dir.resolve("run.meta-train.csv");
        TrainingLog other = TrainingLog.open(file, List.of("quadratic", "mnist"), 0);
        other.add(epoch(1, List.of()));
        assertEquals(0, TrainingLog.open(file, List.of("quadratic"), 3).rows().size(), "another header");
        assertEquals(0, TrainingLog.open(file, List.of("quadratic", "mnist"), 0).rows().size(), "epoch 0: a new run");
        assertEquals(1, TrainingLog.open(file, List.of("quadratic", "mnist"), 1).rows().size());
    }
}
