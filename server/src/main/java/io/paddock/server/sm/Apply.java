package io.paddock.server.sm;

import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.NodeStat;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.PathRules;
import io.paddock.protocol.Response;
import io.paddock.server.base.Check;
import io.paddock.server.session.Session;
import io.paddock.server.session.SessionTable;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.Znode;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import io.paddock.server.watch.Notification;
import io.paddock.server.watch.WatchTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies committed txns to the tree and the session table, in zxid order, and turns each into its reply
 * and watch events. Every replica runs exactly this on exactly the same txns.
 */
final class Apply {
    private static final Response EMPTY = new Response.Empty();

    private final DataTree tree;
    private final SessionTable sessions;
    private final WatchTable watches;

    Apply(DataTree tree, SessionTable sessions, WatchTable watches) {
        this.tree = tree;
        this.sessions = sessions;
        this.watches = watches;
    }

    Outcome apply(TxnEntry entry, long nowMs) {
        List<Notification> events = new ArrayList<>();
        Txn txn = entry.txn();
        if (txn instanceof Txn.Multi multi) {
            List<Response.OpResult> results = new ArrayList<>(multi.txns().size());
            for (Txn sub : multi.txns()) {
                results.add(opResult(sub, apply(entry, sub, events)));
            }
            return new Outcome(ErrorCode.OK, new Response.MultiResults(results), events);
        }
        if (txn instanceof Txn.Error error) {
            return new Outcome(error.err(), EMPTY, events);
        }
        if (txn instanceof Txn.CreateSession cs) {
            sessions.add(cs.sessionId(), cs.timeoutMs(), nowMs);
            return new Outcome(ErrorCode.OK, EMPTY, events);
        }
        if (txn instanceof Txn.CloseSession close) {
            for (String path : close.ephemeralPaths()) {
                delete(path, entry.zxid(), events);
            }
            sessions.remove(entry.sessionId());
            return new Outcome(ErrorCode.OK, EMPTY, events);
        }
        Object result = apply(entry, txn, events);
        return new Outcome(ErrorCode.OK, reply(txn, result), events);
    }

    /** Applies one data txn; returns the stat it produced (or null for delete and check). */
    private Object apply(TxnEntry entry, Txn txn, List<Notification> events) {
        long zxid = entry.zxid();
        if (txn instanceof Txn.Create c) {
            String parentPath = PathRules.parent(c.path());
            NodeStat stat = tree.create(c.path(), c.data(), c.acl(), c.ephemeralOwner(), c.parentCversion(),
                    zxid, entry.timeMs());
            watches.onCreate(c.path(), parentPath, zxid, tree.get(c.path()).acl(), tree.get(parentPath).acl(),
                    events);
            return stat;
        } else if (txn instanceof Txn.Delete d) {
            delete(d.path(), zxid, events);
            return null;
        } else if (txn instanceof Txn.SetData s) {
            NodeStat stat = tree.setData(s.path(), s.data(), s.version(), zxid, entry.timeMs());
            watches.onSetData(s.path(), tree.get(s.path()).acl(), events);
            return stat;
        } else if (txn instanceof Txn.SetAcl s) {
            return tree.setAcl(s.path(), s.acl(), s.aversion());
        } else if (txn instanceof Txn.Check) {
            return null;
        } else if (txn instanceof Txn.Error e) {
            return e.err();
        }
        throw new Check.InvariantViolation("cannot apply " + txn + " inside a multi");
    }

    private void delete(String path, long zxid, List<Notification> events) {
        Znode node = tree.get(path);
        Check.that(node != null, "delete of missing %s", path);
        String parentPath = PathRules.parent(path);
        tree.delete(path, zxid);
        watches.onDelete(path, parentPath, node.acl(), tree.get(parentPath).acl(), events);
    }

    private static Response reply(Txn txn, Object result) {
        if (txn instanceof Txn.Create c) {
            return c.op() == OpCode.CREATE ? new Response.Created(c.path())
                    : new Response.Created2(c.path(), (NodeStat) result);
        } else if (txn instanceof Txn.SetData || txn instanceof Txn.SetAcl) {
            return new Response.StatOnly((NodeStat) result);
        }
        return EMPTY;
    }

    private static Response.OpResult opResult(Txn txn, Object result) {
        if (txn instanceof Txn.Create c) {
            return c.op() == OpCode.CREATE ? new Response.OpResult.Create(c.path())
                    : new Response.OpResult.Create2(c.path(), (NodeStat) result);
        } else if (txn instanceof Txn.Delete) {
            return new Response.OpResult.Delete();
        } else if (txn instanceof Txn.SetData) {
            return new Response.OpResult.SetData((NodeStat) result);
        } else if (txn instanceof Txn.Check) {
            return new Response.OpResult.Check();
        } else if (txn instanceof Txn.Error e) {
            return new Response.OpResult.Error(e.err());
        }
        throw new Check.InvariantViolation("no multi result for " + txn);
    }

    Session session(long id) {
        return sessions.get(id);
    }
}
