package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs {@code l2l} in-process and checks what a user sees: exit code, stdout, stderr. */
record CliRun(int code, String out, String err) {

    static CliRun l2l(String... args) {
        return l2l(Main.class.getClassLoader(), args);
    }

    /** With the bundled optimizer looked up in {@code resources} rather than on the application's classpath. */
    static CliRun l2l(ClassLoader resources, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err), null, false, resources);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** Exit 2, nothing on stdout, exactly one line on stderr containing every fragment, no stack trace. */
    void assertUsageError(String... fragments) {
        assertEquals(2, code, err);
        assertEquals("", out);
        assertEquals(1, errLines().size(), err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "missing '" + fragment + "' in: " + err);
        }
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), err);
    }
}
