package org.l2l4j.core;

/**
 * Whether this JVM has the incubating Vector API ({@code --add-modules jdk.incubator.vector}), which the
 * project's fast kernels are written on; without it they are not loaded and slower paths run.
 */
public final class VectorApi {

    private static final boolean PRESENT = present0();

    private VectorApi() {
    }

    /** True if {@code jdk.incubator.vector} is resolved in this JVM. */
    public static boolean present() {
        return PRESENT;
    }

    private static boolean present0() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
