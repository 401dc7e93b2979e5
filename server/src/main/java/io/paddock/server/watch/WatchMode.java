package io.paddock.server.watch;

/** How a watch behaves when it fires; a connection may hold several modes on one path. */
public enum WatchMode {
    /** One-shot: removed when it fires. */
    STANDARD(1),
    /** Fires on every change of the path itself and stays. */
    PERSISTENT(2),
    /** Fires on every change of the path and its descendants, except child-list changes, and stays. */
    PERSISTENT_RECURSIVE(4);

    final int bit;

    WatchMode(int bit) {
        this.bit = bit;
    }
}
