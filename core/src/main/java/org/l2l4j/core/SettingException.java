package org.l2l4j.core;

import java.util.List;

/**
 * A settings record refuses a value: {@link #settings()} names the settings involved, first the one to
 * change, and {@link #rule()} says what the value must be. A record names its own components
 * ({@code "steps"}); the record that holds it as a group adds the group's name with {@link #within}, so
 * that the names seen from the top are the dotted keys of {@link SettingsCodec#flatten}
 * ({@code "trajectory.steps"}). A front end maps those keys to its own names (a flag, a field of a form)
 * without repeating the rule.
 */
public final class SettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> settings;
    private final String rule;

    /** @param rule what the value must be, and the value given, e.g. "must be at least 1, got 0" */
    public SettingException(List<String> settings, String rule) {
        super(String.join(", ", settings) + ": " + rule);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("a refused value names at least one setting");
        }
        this.settings = List.copyOf(settings);
        this.rule = rule;
    }

    /** One setting refused by {@code rule}. */
    public SettingException(String setting, String rule) {
        this(List.of(setting), rule);
    }

    /** The settings involved, the one to change first. */
    public List<String> settings() {
        return settings;
    }

    /** What the value must be, and the value given. */
    public String rule() {
        return rule;
    }

    /** This refusal with every setting name prefixed by {@code group + "."}: a nested record's, seen from its owner. */
    public SettingException within(String group) {
        SettingException nested = new SettingException(settings.stream().map(s -> group + "." + s).toList(), rule);
        nested.initCause(this);
        return nested;
    }
}
