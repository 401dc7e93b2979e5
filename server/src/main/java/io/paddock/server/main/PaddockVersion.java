package io.paddock.server.main;

/**
 * Paddock's own version and the Apache ZooKeeper release whose client protocol it speaks.
 *
 * <p>The launcher runs the server from {@code target/classes}, where Maven leaves no manifest, so the version
 * is a constant. {@code PaddockVersionTest} fails the build when it drifts from the pom.
 */
public final class PaddockVersion {

    /** The Maven project version. */
    public static final String PADDOCK = "0.1.0-SNAPSHOT";

    /** The ZooKeeper release whose wire protocol, four-letter words and zoo.cfg Paddock follows. */
    public static final String ZOOKEEPER = "3.9.5";

    private PaddockVersion() {
    }

    /** The line {@code zkServer.sh version} prints. */
    public static String describe() {
        return "Paddock " + PADDOCK + ", speaking the Apache ZooKeeper " + ZOOKEEPER + " client protocol";
    }
}
