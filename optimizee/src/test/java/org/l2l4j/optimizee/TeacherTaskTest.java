package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherTaskTest {

    @TempDir
    Path tmp;

    @Test
    void sameSettingsGiveTheSameBytes() {
        Map<String, byte[]> first = TeacherTask.SUITE.files();
        Map<String, byte[]> second = TeacherTask.SUITE.files();
        assertEquals(List.of(TeacherTask.TRAIN_CSV, TeacherTask.TEST_CSV, TeacherTask.STUDENT_JSON),
                List.copyOf(first.keySet()));
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name);
        }
        TeacherTask otherSeed = new TeacherTask(50, 32, 5, 64, 20_000, 5_000, TeacherTask.SUITE.seed() + 1);
        assertFalse(Arrays.equals(first.get(TeacherTask.TRAIN_CSV), otherSeed.files().get(TeacherTask.TRAIN_CSV)));
    }

    @Test
    void suiteTaskHasItsSizesAndEveryClass() {
        String train = new String(TeacherTask.SUITE.files().get(TeacherTask.TRAIN_CSV), StandardCharsets.US_ASCII);
        List<String> lines = train.lines().toList();
        assertEquals(1 + 20_000, lines.size(), "a header and 20,000 rows");
        assertEquals(51, lines.get(1).split(",").length, "50 features and the label");
        long[] perClass = new long[5];
        lines.stream().skip(1).forEach(line -> perClass[Integer.parseInt(line.substring(line.lastIndexOf(',') + 1))]++);
        for (long count : perClass) {
            assertTrue(count > 20_000 / 50, "every class is labelled, at least 1 in 50 rows: " + Arrays.toString(perClass));
        }
    }

    @Test
    void filesMakeADl4jProblemWithTheStudentNetwork() throws IOException {
        TeacherTask task = new TeacherTask(4, 3, 3, 6, 40, 10, 5);
        for (Map.Entry<String, byte[]> file : task.files().entrySet()) {
            Files.write(tmp.resolve(file.getKey()), file.getValue());
        }
        Dl4jProblem problem = (Dl4jProblem) Problems.parse("dl4j:conf=" + tmp.resolve(TeacherTask.STUDENT_JSON)
                + ",data=" + tmp.resolve(TeacherTask.TRAIN_CSV) + ",test=" + tmp.resolve(TeacherTask.TEST_CSV));
        assertEquals(4 * 6 + 6 + 6 * 3 + 3, problem.sample(1).dimension(), "MLP 4-6-3 with biases");
        assertTrue(problem.sample(1).testMetrics(problem.sample(1).initialParameters()).orElseThrow().accuracy().isPresent());
    }
}
