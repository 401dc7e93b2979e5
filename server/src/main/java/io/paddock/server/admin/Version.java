package io.paddock.server.admin;

/** The versions we report: Paddock's own, and the ZooKeeper release whose protocol it speaks. */
public final class Version {
    public static final String PADDOCK = "0.1.0";
    public static final String ZOOKEEPER_PROTOCOL = "3.9.5";

    private Version() {
    }

    /** What srvr / stat print after "Zookeeper version: " (scripts parse the leading x.y.z). */
    public static String fullVersion() {
        return ZOOKEEPER_PROTOCOL + "-paddock-" + PADDOCK + ", built on unknown";
    }
}
