package io.paddock.server.storage;

/**
 * How much log the storage keeps behind its snapshot: ZooKeeper's two limits on its transaction log, which
 * rolls the log and snapshots at whichever it reaches first. Paddock snapshots continuously and instead
 * deletes the log beyond either limit; what is left is there for followers that need a diff, and for tools.
 *
 * @param snapCount  txns kept behind the snapshot (zoo.cfg {@code snapCount})
 * @param maxBytes   log bytes kept behind the snapshot (zoo.cfg {@code snapSizeLimitInKb} × 1024); 0 or less
 *                   means no limit in bytes, as in ZooKeeper
 */
public record LogRetention(int snapCount, long maxBytes) {
    public static final int DEFAULT_SNAP_COUNT = 100_000;
    /** ZooKeeper's snapSizeLimitInKb default, 4,194,304 KiB (4 GiB). */
    public static final long DEFAULT_MAX_KIB = 4_194_304L;
    public static final LogRetention DEFAULT = new LogRetention(DEFAULT_SNAP_COUNT, DEFAULT_MAX_KIB * 1024);

    public LogRetention {
        if (snapCount <= 0) {
            throw new IllegalArgumentException("snapCount must be positive: " + snapCount);
        }
    }

    /** snapSizeLimitInKb as zoo.cfg gives it; a limit too large for a long in bytes is no limit at all. */
    public static LogRetention of(int snapCount, long maxKib) {
        long maxBytes = maxKib <= 0 || maxKib > Long.MAX_VALUE / 1024 ? 0 : maxKib * 1024;
        return new LogRetention(snapCount, maxBytes);
    }

    public boolean limitsBytes() {
        return maxBytes > 0;
    }
}
