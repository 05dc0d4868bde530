package org.l2l4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.l2l4j.evaluation.suite.SuiteRow;
import org.l2l4j.optimizee.TeacherTask;

/**
 * The rows of {@code l2l suite} as the command defines them (issue 17): a problem spec, or a tabular task whose
 * files the suite writes into its directory, and the steps every optimizer trains it for.
 */
final class SuiteRows {

    /** The issue's rows, in order; row i is {@code --rows i}. */
    static final List<Definition> ISSUE_17 = List.of(
            Definition.of("mnist", 100),
            Definition.of("mnist", 1000),
            Definition.of("mnist:activation=relu", 200),
            Definition.of("mnist:layers=2,hidden=64,activation=tanh", 500),
            Definition.of("cnn", 500),
            Definition.of("quadratic", 100),
            Definition.of("mnist:batch=32", 2000),
            new Definition(null, TeacherTask.SUITE, 1000));

    /** The directory under the suite's own where the tabular rows' files go. */
    static final String DATA = "data";

    /**
     * One row's definition.
     *
     * @param spec    the problem spec, with {@code --data} for a family that takes data; null for a teacher task
     * @param teacher the tabular task whose files the suite writes and trains a {@code dl4j:} problem on; or null
     * @param steps   updates per run
     */
    record Definition(String spec, TeacherTask teacher, int steps) {

        Definition {
            if ((spec == null) == (teacher == null)) {
                throw new IllegalArgumentException("a suite row is a problem spec or a teacher task");
            }
        }

        static Definition of(String spec, int steps) {
            return new Definition(spec, null, steps);
        }

        /** The {@code dl4j:} spec of the teacher task's files in {@code dataDir}. */
        String teacherSpec(Path dataDir) {
            return "dl4j:conf=" + dataDir.resolve(TeacherTask.STUDENT_JSON) + ",data=" + dataDir.resolve(TeacherTask.TRAIN_CSV)
                    + ",test=" + dataDir.resolve(TeacherTask.TEST_CSV);
        }

        /** The row's short name: its spec, or for a teacher task a description of it. */
        String name() {
            return spec != null ? spec : "dl4j: teacher CSV " + teacher.features() + " features, " + teacher.classes()
                    + " classes, MLP " + teacher.features() + "-" + teacher.studentHidden() + "-" + teacher.classes();
        }

        SuiteRow row(int number, String canonicalSpec) {
            return new SuiteRow(number, name(), canonicalSpec, steps);
        }
    }

    private SuiteRows() {
    }
}
