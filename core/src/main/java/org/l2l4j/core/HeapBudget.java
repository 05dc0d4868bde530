package org.l2l4j.core;

import java.util.Locale;

/**
 * How much memory a run may plan for the arrays whose sizes the user chooses (seeds, steps, problem and
 * optimizer sizes): half of this JVM's maximum heap, the rest left to the data, the libraries and the
 * garbage collector. A size whose arrays would not fit is refused before anything is allocated, with
 * the setting's name, rather than ending in an OutOfMemoryError an hour later.
 */
public final class HeapBudget {

    /** What one more thread costs: its stack at the JVM's default size (not heap, but memory all the same). */
    public static final int THREAD_BYTES = 1 << 20;

    private HeapBudget() {
    }

    /** The budget in bytes. */
    public static long bytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** Whether {@code bytes} (a double, so that products of large sizes cannot overflow) fit in the budget. */
    public static boolean fits(double bytes) {
        return bytes <= bytes();
    }

    /**
     * Refuses {@code setting} unless {@code bytes} fit.
     *
     * @param what what needs the memory, e.g. "2147483647 seeds of 100 steps"
     * @throws SettingException naming {@code setting}, the memory needed and the budget
     */
    public static void require(String setting, double bytes, String what) {
        if (!fits(bytes)) {
            throw new SettingException(setting, tooLarge(bytes, what));
        }
    }

    /** E.g. "2147483647 seeds of 100 steps would need about 3.5 TB, more than the 3.0 GB a run may use (half of -Xmx)". */
    public static String tooLarge(double bytes, String what) {
        return what + " would need about " + size(bytes) + ", more than the " + size(bytes())
                + " a run may use (half the JVM's maximum heap, -Xmx)";
    }

    private static String size(double bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        int unit = 0;
        while (bytes >= 1000 && unit < units.length - 1) {
            bytes /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    }
}
