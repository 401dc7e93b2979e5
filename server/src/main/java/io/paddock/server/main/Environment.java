package io.paddock.server.main;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM facts the {@code envi} four-letter word reports, read once at start. Reporting them is envi's
 * whole job; reading them here keeps every system-property read in {@code main}. What changes while the
 * server runs (memory, the host name's resolution) is read by envi itself when asked.
 */
public final class Environment {
    /** The system properties ZooKeeper's {@code Environment.list()} reports, in its order. */
    public static final List<String> PROPERTY_KEYS = List.of(
            "java.version", "java.vendor", "java.home", "java.class.path", "java.library.path",
            "java.io.tmpdir", "java.compiler", "os.name", "os.arch", "os.version", "user.name", "user.home",
            "user.dir");

    /** What ZooKeeper prints for a property the JVM does not set (java.compiler, usually). */
    public static final String NOT_AVAILABLE = "<NA>";

    private Environment() {
    }

    /** The properties of {@link #PROPERTY_KEYS}, in that order, {@value #NOT_AVAILABLE} when unset. */
    public static Map<String, String> capture() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : PROPERTY_KEYS) {
            values.put(key, System.getProperty(key, NOT_AVAILABLE));
        }
        return Collections.unmodifiableMap(values);
    }
}
