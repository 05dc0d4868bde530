package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCodecTest {

    enum Kind { ONE, TWO }

    record Inner(double rate, int steps) {
        Inner {
            if (rate < 0) {
                throw new IllegalArgumentException("rate must be >= 0, got " + rate);
            }
        }
    }

    record Outer(int layers, long seed, double scale, boolean flag, String name, Kind kind, Inner inner) {
    }

    private static final Outer VALUE = new Outer(2, 1L << 40, 0.1, true, "a \"q\"", Kind.TWO, new Inner(1e-8, 3));

    @Test
    void aRecordRoundTripsThroughItsMap() {
        Map<String, Object> map = SettingsCodec.encode(VALUE);
        assertEquals(List.of("flag", "inner", "kind", "layers", "name", "scale", "seed"), List.copyOf(map.keySet()));
        assertEquals(2L, map.get("layers"));
        assertEquals("TWO", map.get("kind"));
        assertEquals(VALUE, SettingsCodec.decode(Outer.class, map, "test"));
    }

    @Test
    void canonicalJsonIsSortedCompactAndEqualForEqualSettings() {
        String json = SettingsCodec.canonicalJson(SettingsCodec.encode(VALUE));
        assertEquals("{\"flag\":true,\"inner\":{\"rate\":1.0E-8,\"steps\":3},\"kind\":\"TWO\",\"layers\":2,"
                + "\"name\":\"a \\\"q\\\"\",\"scale\":0.1,\"seed\":1099511627776}", json);
        Map<String, Object> shuffled = new LinkedHashMap<>();
        shuffled.put("seed", 1L << 40);
        shuffled.putAll(SettingsCodec.encode(VALUE));
        assertEquals(json, SettingsCodec.canonicalJson(shuffled));
    }

    @Test
    void missingNumbersAndBooleansAndRecordsReadAsZero() {
        Map<String, Object> map = new LinkedHashMap<>(Map.of("name", "n", "kind", "ONE"));
        assertEquals(new Outer(0, 0, 0, false, "n", Kind.ONE, new Inner(0, 0)),
                SettingsCodec.decode(Outer.class, map, "file.l2l config"));
    }

    @Test
    void badInputIsRefusedNamingTheKeyAndTheSource() {
        Map<String, Object> map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.put("colour", "red");
        assertMessage(map, "f: unknown setting \"colour\"");

        map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.remove("kind");
        assertMessage(map, "f.kind is missing");

        map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.put("kind", "THREE");
        assertMessage(map, "f.kind is \"THREE\"; valid: [ONE, TWO]");

        map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.put("layers", 2.5);
        assertMessage(map, "f.layers must be an integer, got 2.5");

        map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.put("layers", 1L << 33);
        assertMessage(map, "f.layers is 8589934592, outside the int range");

        map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.put("inner", Map.of("rate", -1.0));
        assertMessage(map, "f.inner: rate must be >= 0, got -1.0");

        map = new LinkedHashMap<>(SettingsCodec.encode(VALUE));
        map.put("flag", "yes");
        assertMessage(map, "f.flag must be true or false, got yes");
    }

    private static void assertMessage(Map<String, Object> map, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsCodec.decode(Outer.class, map, "f"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void nonFiniteNumbersAreNotSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsCodec.encode(new Inner(Double.POSITIVE_INFINITY, 1)));
        assertTrue(e.getMessage().contains("Inner.rate is Infinity"), e.getMessage());
    }

    /** isZero says which encoded values a missing key stands for: those of a record decoded from nothing. */
    @Test
    void isZeroHoldsForWhatMissingKeysDecodeAsOnly() {
        record Numbers(int i, long l, double d, float f, boolean b) {
        }
        Map<String, Object> zeros = SettingsCodec.flatten(SettingsCodec.encode(
                SettingsCodec.decode(Numbers.class, Map.of(), "test")));
        assertEquals(5, zeros.size());
        zeros.forEach((key, value) -> assertTrue(SettingsCodec.isZero(value), key + " = " + value));
        SettingsCodec.flatten(SettingsCodec.encode(VALUE))
                .forEach((key, value) -> assertFalse(SettingsCodec.isZero(value), key + " = " + value));
        assertFalse(SettingsCodec.isZero("0"), "a string has no zero");
    }

    @Test
    void flattenGivesDottedKeysWithCanonicalText() {
        Map<String, Object> flat = SettingsCodec.flatten(SettingsCodec.encode(VALUE));
        assertEquals(List.of("flag", "inner.rate", "inner.steps", "kind", "layers", "name", "scale", "seed"),
                List.copyOf(flat.keySet()));
        assertEquals("1.0E-8", String.valueOf(flat.get("inner.rate")));
        assertEquals(3L, flat.get("inner.steps"));
        assertEquals("TWO", flat.get("kind"));
        assertEquals("a \"q\"", flat.get("name"));
        assertEquals(8, flat.size());
    }
}
