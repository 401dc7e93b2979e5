package io.paddock.server.storage;

import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.txn.TxnEntry;
import java.util.List;

/**
 * The storage port: the transaction log and the snapshot it is folded into. Entries arrive in zxid
 * order; {@link #sync} returns once everything appended before it is durable. Any method may throw
 * {@link StorageException}: the write did not happen (disk full, I/O error) and may be retried.
 */
public interface TxnLog extends AutoCloseable {

    /** Reads what an earlier run left: called once, before anything is appended. */
    Recovered recover();

    void append(List<TxnEntry> entries);

    void sync();

    /** Folds applied changes into the snapshot; need not be synced (the log is the durable record). */
    void saveSnapshot(TreeChanges changes);

    /** The zxid of the last appended entry, 0 when empty. */
    long lastZxid();

    @Override
    void close();
}
