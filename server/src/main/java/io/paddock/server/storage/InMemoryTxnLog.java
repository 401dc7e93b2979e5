package io.paddock.server.storage;

import io.paddock.server.base.Check;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A log that keeps the most recent entries in memory and forgets older ones: nothing survives the
 * process. For tests and simulations; the server runs on the RocksDB storage.
 */
public final class InMemoryTxnLog implements TxnLog {
    /** Entries kept for inspection; older ones are dropped so memory stays bounded. */
    public static final int RETAINED_ENTRIES_MAX = 10_000;

    private final ArrayDeque<TxnEntry> recent = new ArrayDeque<>();
    private long lastZxid;

    @Override
    public Recovered recover() {
        return Recovered.empty();
    }

    @Override
    public void append(List<TxnEntry> entries) {
        for (TxnEntry entry : entries) {
            Check.that(entry.zxid() > lastZxid, "log append out of order: 0x%x after 0x%x", entry.zxid(), lastZxid);
            lastZxid = entry.zxid();
            recent.addLast(entry);
            if (recent.size() > RETAINED_ENTRIES_MAX) {
                recent.removeFirst();
            }
        }
    }

    @Override
    public void sync() {
    }

    @Override
    public void saveSnapshot(TreeChanges changes) {
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    public List<TxnEntry> recentEntries() {
        return List.copyOf(recent);
    }

    @Override
    public void close() {
    }
}
