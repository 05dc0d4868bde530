package org.l2l4j.meta.train;

import org.l2l4j.core.SettingException;

/** The range checks that several settings records repeat, each a {@link SettingException} naming the setting. */
final class SettingChecks {

    private SettingChecks() {
    }

    static void atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new SettingException(setting, "must be at least " + min + ", got " + value);
        }
    }

    /** A rate that runs in float32 (the meta-optimizer's, SGD's): positive and finite there. */
    static void positiveInFloat32(String setting, double value) {
        if (!((float) value > 0 && Float.isFinite((float) value))) {
            throw new SettingException(setting, "must be finite and > 0 in float32, got " + value);
        }
    }

    /** A bound where 0 means off, such as a clipping norm. */
    static void boundOrOff(String setting, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new SettingException(setting, "must be finite and >= 0 (0 = off), got " + value);
        }
    }

    static void given(String setting, Object value) {
        if (value == null) {
            throw new SettingException(setting, "must be given");
        }
    }
}
