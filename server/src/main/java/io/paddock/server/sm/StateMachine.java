package io.paddock.server.sm;

import io.paddock.protocol.Request;
import io.paddock.server.session.SessionTable;
import io.paddock.server.tree.DataTree;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import io.paddock.server.watch.WatchTable;
import io.paddock.server.session.Session;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The ZooKeeper state machine: prepare (request → txn, validated against the tree plus what is in
 * flight), apply (txn → new state, reply, watch events) and reads. Owned by the replica loop thread.
 */
public final class StateMachine {
    private final DataTree tree = new DataTree();
    private final WatchTable watches = new WatchTable();
    private final SessionTable sessions;
    private final Overlay overlay = new Overlay(tree);
    private final Prepare prepare;
    private final Apply apply;
    private final Reads reads = new Reads(tree, watches);
    private long lastAppliedZxid;

    public StateMachine(int tickMs, boolean extendedTypesEnabled) {
        this.sessions = new SessionTable(tickMs);
        this.prepare = new Prepare(overlay, extendedTypesEnabled);
        this.apply = new Apply(tree, sessions, watches);
    }

    public Txn prepareWrite(Request request, long sessionId, List<AuthId> auth, long zxid) {
        return prepare.write(request, sessionId, auth, zxid);
    }

    /** The ephemerals a closeSession at zxid deletes, counting txns still in flight. */
    public List<String> prepareCloseSession(long sessionId, long zxid) {
        return prepare.closeSession(sessionId, tree, zxid);
    }

    public Outcome apply(TxnEntry entry, long nowMs) {
        Outcome outcome = apply.apply(entry, nowMs);
        overlay.applied(entry.zxid());
        lastAppliedZxid = entry.zxid();
        return outcome;
    }

    /** Every prepared txn was lost before it was persisted: validate from the applied tree again. */
    public void discardPrepared() {
        overlay.clear();
    }

    public ReadResult read(Request request, long connectionId, long sessionId, List<AuthId> auth) {
        return reads.read(request, connectionId, sessionId, auth);
    }

    /** What the snapshot is missing: nodes and sessions changed since the last call. */
    public TreeChanges drainChanges() {
        List<NodeRecord> upserted = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        tree.drainChanges(upserted, deleted);
        List<SessionRecord> sessionsUpserted = new ArrayList<>();
        List<Long> sessionsDeleted = new ArrayList<>();
        for (long id : sessions.drainDirty()) {
            Session session = sessions.get(id);
            if (session == null) {
                sessionsDeleted.add(id);
            } else {
                sessionsUpserted.add(new SessionRecord(id, session.timeoutMs));
            }
        }
        return new TreeChanges(lastAppliedZxid, upserted, deleted, sessionsUpserted, sessionsDeleted);
    }

    /**
     * Rebuilds the state an earlier run persisted: the snapshot, then the log after it, applied as on
     * first commit but with no one to answer. Restored sessions get a full timeout from nowMs.
     */
    public void restore(long snapshotZxid, List<NodeRecord> nodes, List<SessionRecord> restoredSessions,
                        List<TxnEntry> log, long nowMs) {
        tree.restore(nodes);
        for (SessionRecord record : restoredSessions) {
            sessions.add(record.id(), record.timeoutMs(), nowMs);
        }
        lastAppliedZxid = snapshotZxid;
        for (TxnEntry entry : log) {
            if (entry.zxid() > lastAppliedZxid) {
                apply(entry, nowMs);
            }
        }
        // What the log replay changed stays dirty: the first snapshot save writes it.
    }

    public long lastAppliedZxid() {
        return lastAppliedZxid;
    }

    public DataTree tree() {
        return tree;
    }

    public SessionTable sessions() {
        return sessions;
    }

    public WatchTable watches() {
        return watches;
    }
}
