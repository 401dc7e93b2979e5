package io.paddock.server.storage.rocksdb;

import java.util.ArrayDeque;

/**
 * How many bytes of log lie behind each zxid, coarsely: enough to delete the oldest log once more than a
 * byte limit of it is kept (ZooKeeper's snapSizeLimitInKb). Without it a log of 1 MB values kept snapCount
 * (100,000) txns behind the snapshot: 100 GB of disk.
 *
 * <p>A mark is kept per {@code maxBytes / 64} bytes of log, not per entry, so the bookkeeping stays a few
 * dozen marks whatever the write rate, and the cut it picks is off by at most one step. Entries written
 * before the last start and not replayed are not counted; a cut from zxid 0 deletes them with the rest.
 *
 * <p>The storage appends on one thread and deletes on another: every method is synchronized.
 */
final class LogSizes {
    private static final int MARKS_PER_LIMIT = 64;

    private final long maxBytes;
    private final long stepBytes;
    /** {zxid, bytes of the counted log up to and including that zxid}, oldest first. */
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();
    /** Whether the newest mark still moves forward with appends (it spans less than a step so far). */
    private boolean lastOpen;
    private long closedBytes;
    private long countedBytes;
    private long deletedBytes;

    /** maxBytes must be positive. */
    LogSizes(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.stepBytes = Math.max(1, maxBytes / MARKS_PER_LIMIT);
    }

    /** Entries up to lastZxid, of bytes in all, were added to the log. */
    synchronized void appended(long lastZxid, long bytes) {
        countedBytes += bytes;
        long[] last;
        if (lastOpen) {
            last = marks.peekLast();
            last[0] = lastZxid;
            last[1] = countedBytes;
        } else {
            last = new long[] {lastZxid, countedBytes};
            marks.addLast(last);
            lastOpen = true;
        }
        if (last[1] - closedBytes >= stepBytes) {
            closedBytes = last[1];
            lastOpen = false;
        }
    }

    /** Bytes of counted log not deleted yet. */
    synchronized long keptBytes() {
        return countedBytes - deletedBytes;
    }

    /**
     * The zxid below which the log may go: once more than maxBytes are kept, a cut that leaves at most half
     * of that (so deletions come in steps, not at every snapshot), never past the snapshot. 0 for no cut.
     */
    synchronized long deleteBelow(long snapshotZxid) {
        if (countedBytes - deletedBytes <= maxBytes) {
            return 0;
        }
        long[] cut = null;
        for (long[] mark : marks) {
            if (mark[0] > snapshotZxid) {
                break;
            }
            cut = mark;
            if (countedBytes - mark[1] <= maxBytes / 2) {
                break;
            }
        }
        return cut == null ? 0 : cut[0] + 1;
    }

    /** The log below zxid was deleted: forgets the marks there. */
    synchronized void deleted(long belowZxid) {
        while (!marks.isEmpty() && marks.peekFirst()[0] < belowZxid) {
            long[] mark = marks.removeFirst();
            deletedBytes = mark[1];
            if (marks.isEmpty()) {
                lastOpen = false;
                closedBytes = Math.max(closedBytes, mark[1]);
            }
        }
    }
}
