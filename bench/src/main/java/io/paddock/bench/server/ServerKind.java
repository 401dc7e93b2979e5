package io.paddock.bench.server;

import java.util.Locale;

/** The two servers the bench compares. Paddock is always "A", Apache ZooKeeper "B", in the order of runs. */
public enum ServerKind {
    PADDOCK("Paddock"),
    ZOOKEEPER("ZooKeeper"),
    /** A server the bench did not start (load mode, --connect): no CPU or RSS figures. */
    EXTERNAL("server");

    private final String displayName;

    ServerKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The lower-case name used on the command line and in the JSON report. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServerKind of(String key) {
        for (ServerKind kind : values()) {
            if (kind != EXTERNAL && kind.key().equalsIgnoreCase(key.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server \"" + key + "\": expected paddock or zookeeper");
    }
}
