package io.paddock.server.replica;

import io.paddock.protocol.ConnectRequest;
import io.paddock.protocol.RequestFrame;

/** Everything that can happen to a replica, as a value. Time arrives with each input. */
public sealed interface Input {
    long nowMs();

    /** A connection's first frame. */
    record Connect(long nowMs, long connectionId, String remoteIp, ConnectRequest request) implements Input {
    }

    record ClientRequest(long nowMs, long connectionId, RequestFrame frame) implements Input {
    }

    /** The connection is gone (closed by either side); its session lives on until it expires. */
    record Disconnected(long nowMs, long connectionId) implements Input {
    }

    /** Time passes: sessions expire, containers and TTL nodes are reaped. */
    record Tick(long nowMs) implements Input {
    }

    /** The storage could not write the entries proposed since the last Persisted: none of them happened. */
    record PersistFailed(long nowMs, String reason) implements Input {
    }

    /** The storage synced every entry up to and including zxid. */
    record Persisted(long nowMs, long zxid) implements Input {
    }
}
