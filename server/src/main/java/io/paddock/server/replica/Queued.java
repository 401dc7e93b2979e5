package io.paddock.server.replica;

import io.paddock.protocol.OpCode;
import io.paddock.protocol.Request;
import io.paddock.server.sm.AuthId;
import io.paddock.server.sm.Outcome;
import java.util.List;

/**
 * A request waiting for its reply. A write waits for its txn to be applied ({@code outcome} set); a read
 * waits only for the requests before it. The ids are those the connection had when the request arrived.
 */
final class Queued {
    final int xid;
    final OpCode op;
    final Request request;
    final List<AuthId> auth;
    /** The txn's zxid for writes; -1 for reads. */
    final long zxid;
    Outcome outcome;

    Queued(int xid, OpCode op, Request request, List<AuthId> auth, long zxid) {
        this.xid = xid;
        this.op = op;
        this.request = request;
        this.auth = auth;
        this.zxid = zxid;
    }

    boolean isWrite() {
        return zxid >= 0;
    }
}
