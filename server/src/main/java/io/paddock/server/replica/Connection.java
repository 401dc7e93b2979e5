package io.paddock.server.replica;

import io.paddock.server.sm.AuthId;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A client connection as the core sees it: its session, the ids it proved, and its requests in arrival
 * order that are not answered yet. Replies leave strictly in that order: a read waits behind the
 * connection's own uncommitted writes.
 */
final class Connection {
    final long id;
    final String remoteIp;
    final boolean readOnlyFlag;
    final int negotiatedTimeoutMs;
    final ArrayDeque<Queued> queue = new ArrayDeque<>();
    long sessionId;
    List<AuthId> auth;
    /** The client asked to close its session: later requests are ignored. */
    boolean closing;

    Connection(long id, String remoteIp, boolean readOnlyFlag, int negotiatedTimeoutMs) {
        this.id = id;
        this.remoteIp = remoteIp;
        this.readOnlyFlag = readOnlyFlag;
        this.negotiatedTimeoutMs = negotiatedTimeoutMs;
        this.auth = List.of(new AuthId("ip", remoteIp));
    }
}
