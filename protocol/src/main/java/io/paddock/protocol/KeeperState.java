package io.paddock.protocol;

/** {@code Watcher.Event.KeeperState} wire values the server sends. */
public final class KeeperState {
    public static final int SYNC_CONNECTED = 3;
    public static final int EXPIRED = -112;

    private KeeperState() {
    }
}
