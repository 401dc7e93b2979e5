package io.paddock.server.replica;

import io.paddock.protocol.ConnectResponse;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.Response;
import io.paddock.protocol.WatchEvent;
import io.paddock.server.txn.TxnEntry;

/**
 * What a replica asks of the world. Calls for one connection are made in the order the client must see
 * them; the shell keeps that order on the wire.
 */
public interface Effects {

    void connected(long connectionId, ConnectResponse response);

    void reply(long connectionId, int xid, long zxid, ErrorCode err, Response body);

    void notify(long connectionId, long zxid, WatchEvent event);

    /** Close after what was already sent to it is flushed. */
    void close(long connectionId, String reason);

    /** Persist; the shell answers with {@link Input.Persisted} once the entry is synced. */
    void append(TxnEntry entry);
}
