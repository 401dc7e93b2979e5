package io.paddock.compat.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One event line of a lab program: {@code EVENT WHO TIME [key=value ...]} (examples/lab/labzk.py).
 *
 * @param process  the name the test gave the process that printed it
 * @param event    LEADER, TAKE, ACQUIRED, ...
 * @param who      the program's --id
 * @param timeS    the program's CLOCK_MONOTONIC time in seconds, comparable with {@link Lab#nowS()}
 * @param fields   the key=value pairs, in order
 * @param arrivedS when the test read the line, on the same clock
 */
record LabLine(String process, String event, String who, double timeS, Map<String, String> fields,
               double arrivedS) {

    /** The line, or empty when it is not an event line (a Python traceback, for instance). */
    static Optional<LabLine> parse(String process, String text, double arrivedS) {
        String[] parts = text.trim().split(" ");
        if (parts.length < 3 || !parts[0].matches("[A-Z_]+")) {
            return Optional.empty();
        }
        double timeS;
        try {
            timeS = Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 3; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return Optional.of(new LabLine(process, parts[0], parts[1], timeS, Map.copyOf(fields), arrivedS));
    }

    boolean is(String name) {
        return event.equals(name);
    }

    String field(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new AssertionError("line has no " + key + "=: " + this);
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(event).append(' ').append(who).append(' ')
                .append(String.format("%.3f", timeS));
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
