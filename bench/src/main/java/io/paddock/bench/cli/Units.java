package io.paddock.bench.cli;

import java.time.Duration;
import java.util.Locale;

/** Parses the human forms of durations (500ms, 20s, 2m) and counts (100k, 1M) the flags take. */
final class Units {
    private Units() {
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (e.g. 500ms, 20s, 2m)");
        }
    }

    static long count(String text) {
        String t = text.trim().replace("_", "").replace(",", "");
        long multiplier = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'k' || last == 'K') {
            multiplier = 1_000;
        } else if (last == 'm' || last == 'M') {
            multiplier = 1_000_000;
        }
        try {
            return Long.parseLong(multiplier == 1 ? t : t.substring(0, t.length() - 1)) * multiplier;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a count: \"" + text + "\" (e.g. 1000, 100k, 1M)");
        }
    }

    static String countText(long count) {
        if (count >= 1_000_000 && count % 1_000_000 == 0) {
            return count / 1_000_000 + "M";
        }
        return count >= 1_000 && count % 1_000 == 0 ? count / 1_000 + "k" : Long.toString(count);
    }
}
