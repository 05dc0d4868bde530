package org.l2l4j.optimizee;

/** Decimal numbers in text, parsed without creating a string for the common plain forms. */
final class Numbers {

    /** 10<sup>k</sup> for k ≤ 22, each exact in a double. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int k = 1; k < POWERS_OF_TEN.length; k++) {
            POWERS_OF_TEN[k] = POWERS_OF_TEN[k - 1] * 10;
        }
    }

    private Numbers() {}

    /**
     * The number {@code text[from, to)} spells, or NaN if it spells none. A plain {@code [-+]digits[.digits]}
     * of at most 15 digits is an exact integer over an exact power of ten, so one division rounds it
     * correctly; anything else (exponents, long mantissas) goes to {@link Double#parseDouble}.
     */
    static double parse(CharSequence text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1; // digits after the point, -1 before one is seen
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                break;
            }
        }
        if (i == to && digits > 0 && digits <= 15) {
            double value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
            return negative ? -value : value;
        }
        try {
            return Double.parseDouble(text.subSequence(from, to).toString());
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }
}
