package io.paddock.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesWhatTheParserReadsBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 µs");
        value.put("int", 42L);
        value.put("double", 1.5);
        value.put("list", List.of(1, "two", true));
        value.put("empty", Map.of());
        value.put("nothing", null);
        Object parsed = JsonParser.parse(Json.write(value));
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertEquals(value.get("text"), map.get("text"));
        assertEquals(42.0, map.get("int"));
        assertEquals(1.5, map.get("double"));
        assertEquals(Arrays.asList(1.0, "two", true), map.get("list"));
        assertEquals(Map.of(), map.get("empty"));
        assertEquals(null, map.get("nothing"));
    }

    @Test
    void numbersThatAreNotFiniteBecomeNull() {
        assertEquals("[\n  null,\n  null,\n  3\n]\n", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 3.0)));
    }

    @Test
    void refusesTypesItHasNoFormFor() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Test
    void theTestParserRejectsBrokenJson() {
        assertThrows(IllegalArgumentException.class, () -> JsonParser.parse("{\"a\": 1,}"));
        assertThrows(IllegalArgumentException.class, () -> JsonParser.parse("[1, 2"));
    }
}
