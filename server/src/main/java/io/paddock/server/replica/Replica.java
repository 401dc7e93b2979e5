package io.paddock.server.replica;

import io.paddock.protocol.ConnectRequest;
import io.paddock.protocol.ConnectResponse;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.protocol.Request;
import io.paddock.protocol.RequestFrame;
import io.paddock.protocol.Response;
import io.paddock.protocol.WatchEvent;
import io.paddock.protocol.Xids;
import io.paddock.server.base.Check;
import io.paddock.server.base.Limits;
import io.paddock.server.base.Prng;
import io.paddock.server.session.Session;
import io.paddock.server.sm.Acls;
import io.paddock.server.sm.AuthId;
import io.paddock.server.sm.Outcome;
import io.paddock.server.sm.ReadResult;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.StateMachine;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import io.paddock.server.watch.Notification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone replica: an ensemble of one. {@link #step} takes one input and reports what must happen
 * through {@link Effects}; it reads no clock, opens no socket, touches no disk and starts no thread.
 *
 * <p>Invariants: txns are proposed with consecutive zxids and applied in that order, each only after the
 * storage reported it persisted; a connection's replies leave in the order its requests arrived; a watch
 * event for a change leaves before any reply that reflects the change.
 *
 * <p>Owned by one thread (the replica loop).
 */
public final class Replica {
    private static final byte[] NO_PASSWORD = new byte[16];

    private final ReplicaConfig config;
    private final StateMachine sm;
    private final Prng prng;
    private final Map<Long, Connection> connections = new HashMap<>();
    private final Map<Long, Long> connectionBySession = new HashMap<>();
    private final ArrayDeque<Proposal> proposals = new ArrayDeque<>();
    private final Housekeeping housekeeping;
    private long lastProposedZxid;

    private record Proposal(TxnEntry entry, long connectionId) {
    }

    public Replica(ReplicaConfig config) {
        this.config = config;
        this.sm = new StateMachine(config.tickMs(), config.extendedTypesEnabled());
        this.prng = new Prng(config.seed());
        this.housekeeping = new Housekeeping(sm, config.containerCheckIntervalMs());
    }

    /** Loads what storage recovered; before the first step. */
    public void recover(Recovered recovered, long nowMs) {
        Check.that(lastProposedZxid == 0 && proposals.isEmpty(), "recover after the replica started");
        sm.restore(recovered.snapshotZxid(), recovered.nodes(), recovered.sessions(), recovered.logAfterSnapshot(),
                nowMs);
        lastProposedZxid = sm.lastAppliedZxid();
    }

    /**
     * Restored sessions get their whole timeout from the moment the server serves, not from when loading
     * began: a tree that takes longer to load than a timeout must not expire every session. Before the
     * first step.
     */
    public void restartSessionClocks(long nowMs) {
        for (Session session : sm.sessions().all()) {
            sm.sessions().touch(session, nowMs);
        }
    }

    /** Changes the snapshot is missing; the shell persists them after each turn. */
    public TreeChanges drainChanges() {
        return sm.drainChanges();
    }

    public void step(Input input, Effects effects) {
        if (input instanceof Input.ClientRequest r) {
            onRequest(r.nowMs(), r.connectionId(), r.frame(), effects);
        } else if (input instanceof Input.Persisted p) {
            onPersisted(p.nowMs(), p.zxid(), effects);
        } else if (input instanceof Input.Connect c) {
            onConnect(c, effects);
        } else if (input instanceof Input.Disconnected d) {
            onDisconnected(d.connectionId());
        } else if (input instanceof Input.Tick t) {
            onTick(t.nowMs(), effects);
        } else if (input instanceof Input.PersistFailed f) {
            onPersistFailed(f.reason(), effects);
        }
    }

    // ---- connections and sessions

    private void onConnect(Input.Connect c, Effects effects) {
        ConnectRequest request = c.request();
        if (request.lastZxidSeen() > sm.lastAppliedZxid()) {
            // The client saw a newer state than ours; it must go to a server that has it.
            effects.close(c.connectionId(), "client has seen zxid 0x" + Long.toHexString(request.lastZxidSeen())
                    + ", our last zxid is 0x" + Long.toHexString(sm.lastAppliedZxid()));
            return;
        }
        int timeoutMs = Math.max(config.minSessionTimeoutMs(),
                Math.min(config.maxSessionTimeoutMs(), request.timeOutMs()));
        Connection conn = new Connection(c.connectionId(), c.remoteIp(), request.hasReadOnlyFlag(), timeoutMs);
        connections.put(conn.id, conn);
        if (request.sessionId() == 0) {
            createSession(conn, c.nowMs(), effects);
        } else {
            reattach(conn, request, c.nowMs(), effects);
        }
    }

    private void createSession(Connection conn, long nowMs, Effects effects) {
        long sessionId = newSessionId();
        conn.sessionId = sessionId;
        long zxid = lastProposedZxid + 1;
        conn.queue.add(new Queued(0, OpCode.CREATE_SESSION, null, conn.auth, zxid));
        propose(new TxnEntry(zxid, nowMs, sessionId, 0,
                new Txn.CreateSession(sessionId, conn.negotiatedTimeoutMs)), conn.id, effects);
    }

    private long newSessionId() {
        while (true) {
            long id = (config.serverId() << 56) | (prng.nextLong() >>> 8);
            if (id != 0 && sm.sessions().get(id) == null) {
                return id;
            }
        }
    }

    private void reattach(Connection conn, ConnectRequest request, long nowMs, Effects effects) {
        Session session = sm.sessions().get(request.sessionId());
        if (session == null || session.closing() || !session.passwordMatches(request.passwd())) {
            effects.connected(conn.id, new ConnectResponse(0, 0, 0, NO_PASSWORD, false, conn.readOnlyFlag));
            closeConnection(conn, "session 0x" + Long.toHexString(request.sessionId()) + " expired or bad password",
                    effects);
            return;
        }
        Long previous = connectionBySession.get(session.id);
        if (previous != null && connections.containsKey(previous)) {
            closeConnection(connections.get(previous), "session moved to a new connection", effects);
        }
        conn.sessionId = session.id;
        connectionBySession.put(session.id, conn.id);
        sm.sessions().touch(session, nowMs);
        effects.connected(conn.id, new ConnectResponse(0, conn.negotiatedTimeoutMs, session.id, session.passwd(),
                false, conn.readOnlyFlag));
    }

    private void onDisconnected(long connectionId) {
        Connection conn = connections.remove(connectionId);
        if (conn == null) {
            return;
        }
        sm.watches().removeWatcher(connectionId);
        connectionBySession.remove(conn.sessionId, connectionId);
    }

    private void closeConnection(Connection conn, String reason, Effects effects) {
        effects.close(conn.id, reason);
        onDisconnected(conn.id);
    }

    // ---- requests

    private void onRequest(long nowMs, long connectionId, RequestFrame frame, Effects effects) {
        Connection conn = connections.get(connectionId);
        if (conn == null || conn.closing) {
            return;
        }
        Session session = sm.sessions().get(conn.sessionId);
        if (session != null) {
            sm.sessions().touch(session, nowMs);
        }
        Request request = frame.request();
        if (request instanceof Request.Auth auth) {
            authenticate(conn, frame.xid(), auth, effects);
            return;
        }
        if (request instanceof Request.Unknown) {
            effects.reply(conn.id, frame.xid(), -1, ErrorCode.UNIMPLEMENTED, null);
            closeConnection(conn, "unknown request type " + frame.type(), effects);
            return;
        }
        if (conn.queue.size() >= Limits.CONNECTION_QUEUED_MAX) {
            closeConnection(conn, "more than " + Limits.CONNECTION_QUEUED_MAX + " requests outstanding", effects);
            return;
        }
        OpCode op = OpCode.of(frame.type());
        if (request instanceof Request.CloseSession) {
            closeSession(conn, frame.xid(), nowMs, effects);
        } else if (op.isWrite() && !(request instanceof Request.Malformed)) {
            long zxid = lastProposedZxid + 1;
            Txn txn = sm.prepareWrite(request, conn.sessionId, conn.auth, zxid);
            conn.queue.add(new Queued(frame.xid(), op, request, conn.auth, zxid));
            propose(new TxnEntry(zxid, nowMs, conn.sessionId, frame.xid(), txn), conn.id, effects);
        } else {
            conn.queue.add(new Queued(frame.xid(), op, request, conn.auth, -1));
            drain(conn, effects);
        }
    }

    private void authenticate(Connection conn, int xid, Request.Auth auth, Effects effects) {
        List<AuthId> ids = new ArrayList<>(conn.auth);
        if ("digest".equals(auth.scheme())) {
            String digest = Acls.digest(new String(auth.auth(), StandardCharsets.UTF_8));
            if (config.superDigest().isPresent() && config.superDigest().get().equals(digest)
                    && !ids.contains(AuthId.SUPER)) {
                ids.add(AuthId.SUPER);
            }
            AuthId id = new AuthId("digest", digest);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        } else if (!"ip".equals(auth.scheme())) {
            effects.reply(conn.id, xid, 0, ErrorCode.AUTH_FAILED, null);
            closeConnection(conn, "no authentication provider for scheme " + auth.scheme(), effects);
            return;
        }
        conn.auth = List.copyOf(ids);
        effects.reply(conn.id, xid, 0, ErrorCode.OK, null);
    }

    private void closeSession(Connection conn, int xid, long nowMs, Effects effects) {
        Session session = sm.sessions().get(conn.sessionId);
        conn.closing = true;
        long zxid = lastProposedZxid + 1;
        conn.queue.add(new Queued(xid, OpCode.CLOSE_SESSION, new Request.CloseSession(), conn.auth, zxid));
        if (session != null) {
            sm.sessions().markClosing(session);
        }
        List<String> ephemerals = sm.prepareCloseSession(conn.sessionId, zxid);
        propose(new TxnEntry(zxid, nowMs, conn.sessionId, xid, new Txn.CloseSession(ephemerals)), conn.id, effects);
    }

    private void propose(TxnEntry entry, long connectionId, Effects effects) {
        Check.that(entry.zxid() == lastProposedZxid + 1, "zxid gap: %d after %d", entry.zxid(), lastProposedZxid);
        Check.that(proposals.size() < Limits.PROPOSALS_IN_FLIGHT_MAX, "proposals in flight over the limit");
        lastProposedZxid = entry.zxid();
        proposals.add(new Proposal(entry, connectionId));
        effects.append(entry);
    }

    /** Sends every reply at the head of the connection's queue that is ready, in order. */
    private void drain(Connection conn, Effects effects) {
        while (!conn.queue.isEmpty() && connections.get(conn.id) == conn) {
            Queued q = conn.queue.peekFirst();
            if (q.isWrite() && q.outcome == null) {
                return;
            }
            conn.queue.removeFirst();
            if (q.isWrite()) {
                deliverWrite(conn, q, effects);
            } else {
                executeRead(conn, q, effects);
            }
        }
    }

    private void deliverWrite(Connection conn, Queued q, Effects effects) {
        if (q.op == OpCode.CREATE_SESSION) {
            Session session = sm.sessions().get(conn.sessionId);
            connectionBySession.put(conn.sessionId, conn.id);
            effects.connected(conn.id, new ConnectResponse(0, conn.negotiatedTimeoutMs, conn.sessionId,
                    session.passwd(), false, conn.readOnlyFlag));
        } else if (q.op == OpCode.CLOSE_SESSION) {
            effects.reply(conn.id, q.xid, q.zxid, q.outcome.err(), null);
            closeConnection(conn, "client closed its session", effects);
        } else {
            effects.reply(conn.id, q.xid, q.zxid, q.outcome.err(), q.outcome.response());
        }
    }

    private void executeRead(Connection conn, Queued q, Effects effects) {
        long zxid = sm.lastAppliedZxid();
        Request request = q.request;
        if (request instanceof Request.Ping) {
            effects.reply(conn.id, Xids.PING, zxid, ErrorCode.OK, null);
        } else if (request instanceof Request.Malformed) {
            effects.reply(conn.id, q.xid, zxid, ErrorCode.MARSHALLING_ERROR, null);
        } else if (request instanceof Request.Sasl) {
            // SASL is not built yet: say so rather than hang the client.
            effects.reply(conn.id, q.xid, zxid, ErrorCode.UNIMPLEMENTED, null);
        } else {
            ReadResult result = sm.read(request, conn.id, conn.sessionId, q.auth);
            for (WatchEvent event : result.immediateEvents()) {
                effects.notify(conn.id, -1, event);
            }
            effects.reply(conn.id, q.xid, zxid, result.err(), result.response());
        }
    }

    // ---- commit

    private void onPersisted(long nowMs, long zxid, Effects effects) {
        while (!proposals.isEmpty() && proposals.peekFirst().entry().zxid() <= zxid) {
            Proposal p = proposals.removeFirst();
            Outcome outcome = sm.apply(p.entry(), nowMs);
            notifyWatchers(p.entry().zxid(), outcome.notifications(), effects);
            Connection conn = connections.get(p.connectionId());
            if (conn != null) {
                completeWrite(conn, p.entry().zxid(), outcome);
                drain(conn, effects);
            }
        }
    }

    /**
     * Storage refused the proposals in flight (disk full, I/O error): none of them will be applied. Their
     * requesters get SystemError, sessions they would have closed stay open (expiry retries on the next
     * tick), and later writes are validated against the applied tree again.
     */
    private void onPersistFailed(String reason, Effects effects) {
        sm.discardPrepared();
        lastProposedZxid = sm.lastAppliedZxid();
        Outcome failed = new Outcome(ErrorCode.SYSTEM_ERROR, null, List.of());
        while (!proposals.isEmpty()) {
            Proposal p = proposals.removeFirst();
            Txn txn = p.entry().txn();
            if (txn instanceof Txn.CloseSession) {
                Session session = sm.sessions().get(p.entry().sessionId());
                if (session != null) {
                    sm.sessions().unmarkClosing(session);
                }
            }
            Connection conn = connections.get(p.connectionId());
            if (conn == null) {
                continue;
            }
            if (txn instanceof Txn.CreateSession || txn instanceof Txn.CloseSession) {
                closeConnection(conn, "storage failed: " + reason, effects);
            } else {
                completeWrite(conn, p.entry().zxid(), failed);
                drain(conn, effects);
            }
        }
    }

    private void notifyWatchers(long zxid, List<Notification> notifications, Effects effects) {
        for (Notification n : notifications) {
            Connection target = connections.get(n.connectionId());
            // ZooKeeper withholds an event from a watcher that may no longer read the node.
            if (target != null && Acls.permits(n.acl(), Perms.READ, target.auth)) {
                effects.notify(target.id, zxid, n.event());
            }
        }
    }

    private static void completeWrite(Connection conn, long zxid, Outcome outcome) {
        for (Queued q : conn.queue) {
            if (q.isWrite() && q.outcome == null) {
                Check.that(q.zxid == zxid, "connection %d: applied 0x%x but first pending write is 0x%x",
                        conn.id, zxid, q.zxid);
                q.outcome = outcome;
                return;
            }
        }
        throw new Check.InvariantViolation("connection " + conn.id + " has no pending write for 0x"
                + Long.toHexString(zxid));
    }

    // ---- time

    private void onTick(long nowMs, Effects effects) {
        for (Session session : sm.sessions().due(nowMs, Limits.EXPIRIES_PER_TICK_MAX)) {
            expire(session, nowMs, effects);
        }
        for (String path : housekeeping.reapable(nowMs)) {
            long zxid = lastProposedZxid + 1;
            Txn txn = sm.prepareWrite(new Request.Delete(OpCode.DELETE_CONTAINER, path, -1), 0, List.of(), zxid);
            if (!(txn instanceof Txn.Error)) {
                propose(new TxnEntry(zxid, nowMs, 0, 0, txn), -1, effects);
            }
        }
    }

    private void expire(Session session, long nowMs, Effects effects) {
        sm.sessions().markClosing(session);
        long zxid = lastProposedZxid + 1;
        List<String> ephemerals = sm.prepareCloseSession(session.id, zxid);
        propose(new TxnEntry(zxid, nowMs, session.id, 0, new Txn.CloseSession(ephemerals)), -1, effects);
        Long connectionId = connectionBySession.get(session.id);
        if (connectionId != null && connections.containsKey(connectionId)) {
            closeConnection(connections.get(connectionId), "session 0x" + Long.toHexString(session.id)
                    + " expired", effects);
        }
    }

    // ---- read-only views for four-letter words and metrics (same thread)

    public StateMachine stateMachine() {
        return sm;
    }

    public long lastProposedZxid() {
        return lastProposedZxid;
    }

    public int proposalsInFlight() {
        return proposals.size();
    }

    public int queuedRequests() {
        int n = 0;
        for (Connection c : connections.values()) {
            n += c.queue.size();
        }
        return n;
    }

    /** Session of each connection the core knows, by connection id. */
    public Map<Long, Long> sessionsByConnection() {
        Map<Long, Long> out = new HashMap<>();
        for (Connection c : connections.values()) {
            out.put(c.id, c.sessionId);
        }
        return Collections.unmodifiableMap(out);
    }

    public Collection<Session> sessions() {
        return sm.sessions().all();
    }
}
