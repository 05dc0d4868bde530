package org.l2l4j.evaluation.suite;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.l2l4j.core.AtomicFiles;
import org.l2l4j.core.Trajectory;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.report.OptimizerSummary;

/**
 * What a row has finished, kept in its directory as {@value Suite#ROW_STATE} and rewritten (atomically) after every
 * optimizer: the row's {@link RowKey} and, per optimizer, its {@code summary.json} entry, its final score on
 * each evaluation seed (for the paired ratio; null where the run diverged) and, for the learned optimizer,
 * the identity of the one that ran. An interrupted suite resumes from it.
 *
 * @param key        what the results were computed for
 * @param optimizers the finished optimizers, in the order they finished
 */
@JsonPropertyOrder({"key", "optimizers"})
record RowState(RowKey key, List<Stored> optimizers) {

    static final String FILE = Suite.ROW_STATE;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One finished optimizer.
     *
     * @param summary     its entry, as in {@code summary.json}
     * @param finalScores {@link Trajectory#finalScore()} per evaluation seed, in seed order; null for a diverged run
     * @param learned     the learned optimizer's identity; null for a hand-made rule
     */
    @JsonPropertyOrder({"summary", "final_scores", "learned"})
    record Stored(OptimizerSummary summary, @JsonProperty("final_scores") List<Double> finalScores,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String learned) {

        Stored {
            finalScores = Collections.unmodifiableList(new ArrayList<>(finalScores));
        }

        static Stored of(OptimizerSummary summary, Evaluation evaluation, String learned) {
            List<Double> scores = new ArrayList<>();
            for (Trajectory run : evaluation.runs()) {
                scores.add(run.diverged() ? null : run.finalScore());
            }
            return new Stored(summary, scores, learned);
        }

        String name() {
            return summary.name();
        }
    }

    RowState {
        optimizers = List.copyOf(optimizers);
    }

    static RowState empty(RowKey key) {
        return new RowState(key, List.of());
    }

    Optional<Stored> find(String name) {
        return optimizers.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** This state with {@code stored} added, or in place of the optimizer of its name. */
    RowState with(Stored stored) {
        List<Stored> next = new ArrayList<>(optimizers.stream().filter(o -> !o.name().equals(stored.name())).toList());
        next.add(stored);
        return new RowState(key, next);
    }

    void write(Path rowDir) throws IOException {
        AtomicFiles.write(rowDir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /**
     * The state in {@code rowDir}, or empty if it has none.
     *
     * @throws IOException naming the file if it cannot be read or is not a row state of this format
     */
    static Optional<RowState> read(Path rowDir) throws IOException {
        Path file = rowDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        RowState state;
        try {
            state = JSON.readValue(file.toFile(), RowState.class);
        } catch (JacksonException e) {
            throw new IOException(file + " is not a suite row file: " + e.getOriginalMessage(), e);
        }
        state.requireConsistent(file);
        return Optional.of(state);
    }

    private void requireConsistent(Path file) throws IOException {
        if (key == null || key.problem() == null || key.grid() == null) {
            throw new IOException(file + " is not a suite row file: it has no complete \"key\"");
        }
        Set<String> names = new HashSet<>();
        for (Stored stored : optimizers) {
            if (stored.summary() == null || !names.add(stored.name()) || stored.finalScores().size() != key.seeds()
                    || stored.summary().steps() != key.steps()) {
                throw new IOException(file + " is not a suite row file: an optimizer entry is missing, repeated, or"
                        + " does not match the key's " + key.seeds() + " seeds and " + key.steps() + " steps");
            }
        }
    }
}
