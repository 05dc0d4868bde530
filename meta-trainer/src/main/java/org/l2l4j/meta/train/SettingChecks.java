package org.l2l4j.meta.train;

import org.l2l4j.core.SettingException;

/** The range check that most settings records repeat, as a {@link SettingException} naming the setting. */
final class SettingChecks {

    private SettingChecks() {
    }

    static void atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new SettingException(setting, "must be at least " + min + ", got " + value);
        }
    }

    static void given(String setting, Object value) {
        if (value == null) {
            throw new SettingException(setting, "must be given");
        }
    }
}
