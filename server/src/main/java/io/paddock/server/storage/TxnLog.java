package io.paddock.server.storage;

import io.paddock.server.txn.TxnEntry;
import java.util.List;

/**
 * The transaction log port. Entries arrive in zxid order; {@link #sync} returns once everything appended
 * before it is durable (a no-op for the in-memory log).
 */
public interface TxnLog extends AutoCloseable {

    void append(List<TxnEntry> entries);

    void sync();

    /** The zxid of the last appended entry, 0 when empty. */
    long lastZxid();

    @Override
    void close();
}
