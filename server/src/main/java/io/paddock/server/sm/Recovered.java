package io.paddock.server.sm;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.TxnEntry;
import java.util.List;

/**
 * What storage holds at startup: the snapshot (nodes and sessions as of {@code snapshotZxid}) and the
 * log entries after it, in zxid order.
 */
public record Recovered(long snapshotZxid, List<NodeRecord> nodes, List<SessionRecord> sessions,
                        List<TxnEntry> logAfterSnapshot) {

    public static Recovered empty() {
        return new Recovered(0, List.of(), List.of(), List.of());
    }
}
