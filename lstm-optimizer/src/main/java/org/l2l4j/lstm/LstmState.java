package org.l2l4j.lstm;

import java.util.Arrays;

/**
 * The recurrent state (h and c of every layer) of n coordinates; also used for gradients with respect
 * to a state. Unit-major: {@code h(l)[j * n + i]} is unit j of layer l at coordinate i, so that
 * consecutive coordinates of one unit sit in consecutive SIMD lanes.
 */
public final class LstmState {

    private final LstmConfig config;
    private final int n;
    private final float[][] h;
    private final float[][] c;

    private LstmState(LstmConfig config, int n) {
        if (n < 0 || (long) n * config.hidden() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("n must be in [0, " + (Integer.MAX_VALUE - 16) / config.hidden()
                    + "] for hidden = " + config.hidden() + ", got " + n);
        }
        this.config = config;
        this.n = n;
        this.h = new float[config.layers()][n * config.hidden()];
        this.c = new float[config.layers()][n * config.hidden()];
    }

    /** An all-zero state for {@code n} coordinates (the state at the start of every trajectory). */
    public static LstmState zeros(LstmConfig config, int n) {
        return new LstmState(config, n);
    }

    public LstmConfig config() {
        return config;
    }

    public int n() {
        return n;
    }

    /** Live array of layer {@code layer}'s hidden output h, unit-major [H × n]. */
    public float[] h(int layer) {
        return h[layer];
    }

    /** Live array of layer {@code layer}'s cell state c, unit-major [H × n]. */
    public float[] c(int layer) {
        return c[layer];
    }

    /** Copies {@code other} into this state; both must have the same config and n. */
    public void copyFrom(LstmState other) {
        requireSameShape(other);
        for (int l = 0; l < h.length; l++) {
            System.arraycopy(other.h[l], 0, h[l], 0, h[l].length);
            System.arraycopy(other.c[l], 0, c[l], 0, c[l].length);
        }
    }

    /** Sets every value to zero. */
    public void clear() {
        for (int l = 0; l < h.length; l++) {
            Arrays.fill(h[l], 0f);
            Arrays.fill(c[l], 0f);
        }
    }

    /** Memory held by the arrays, in bytes. */
    public long bytes() {
        return bytes(config, n);
    }

    /** Bytes a state of {@code n} coordinates takes, without allocating. */
    public static long bytes(LstmConfig config, int n) {
        return 2L * Float.BYTES * config.layers() * config.hidden() * n;
    }

    void requireSameShape(LstmState other) {
        if (other.n != n || !other.config.equals(config)) {
            throw new IllegalArgumentException("LSTM states differ: n " + other.n + " vs " + n
                    + ", config " + other.config + " vs " + config);
        }
    }
}
