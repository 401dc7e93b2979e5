package io.paddock.server.tools.zk;

import io.paddock.protocol.Acl;
import io.paddock.protocol.OpCode;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A ZooKeeper database being loaded: a snapshot, then the logged txns after its zxid, applied with the
 * exact semantics of ZooKeeper's {@code DataTree.processTxn} and {@code FileTxnSnapLog.processTransaction}.
 *
 * <p>A snapshot is fuzzy: ZooKeeper writes it while it keeps applying txns, so it may already reflect txns
 * after its zxid. Replaying those again must converge, and ZooKeeper makes it so by ignoring the failures
 * that result (a create of a node that exists, a delete or setData of a node that is gone) while still
 * applying their side effects on the parent: a delete of a missing child still raises the parent's pzxid;
 * a plain create of an existing node still sets that node's ACL and raises the parent's cversion and pzxid.
 * Paddock's own state machine treats such failures as broken invariants, rightly for its own log, so the
 * replay of ZooKeeper's log happens here and the result enters Paddock as a snapshot.
 */
public final class ZkTree {

    /** A znode while loading: the snapshot's record, mutable. */
    private static final class Node {
        /** Null when a client wrote null: ZooKeeper keeps and returns it so. */
        byte[] data;
        List<Acl> acl;
        long czxid;
        long mzxid;
        long ctime;
        long mtime;
        int version;
        int cversion;
        int aversion;
        long ephemeralOwner;
        long pzxid;
        final Set<String> children = new TreeSet<>();
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<Long, Set<String>> ephemerals = new HashMap<>();
    private final Map<Long, Integer> sessions = new LinkedHashMap<>();
    /** Nodes whose ACL id the snapshot's ACL table lacked, until a txn gives them an ACL. */
    private final Map<String, Long> unresolvedAcls = new TreeMap<>();
    private long lastZxid;

    /** Starts from a snapshot; its nodes come parents first. */
    public ZkTree(ZkSnapshot snapshot) {
        for (NodeRecord r : snapshot.nodes()) {
            Node node = new Node();
            node.data = r.data();
            node.acl = r.acl();
            node.czxid = r.czxid();
            node.mzxid = r.mzxid();
            node.ctime = r.ctime();
            node.mtime = r.mtime();
            node.version = r.version();
            node.cversion = r.cversion();
            node.aversion = r.aversion();
            node.ephemeralOwner = r.ephemeralOwner();
            node.pzxid = r.pzxid();
            nodes.put(r.path(), node);
            if (!"/".equals(r.path())) {
                nodes.get(parent(r.path())).children.add(name(r.path()));
                track(r.path(), r.ephemeralOwner());
            }
        }
        for (SessionRecord s : snapshot.sessions()) {
            sessions.put(s.id(), s.timeoutMs());
        }
        unresolvedAcls.putAll(snapshot.unresolvedAcls());
        lastZxid = snapshot.zxid();
    }

    /** Applies one logged txn as {@code FileTxnSnapLog.processTransaction} does, ignoring the same failures. */
    public void apply(TxnEntry entry) {
        Txn txn = entry.txn();
        if (txn instanceof Txn.CreateSession cs) {
            sessions.put(entry.sessionId(), cs.timeoutMs());
        } else if (txn instanceof Txn.CloseSession close) {
            sessions.remove(entry.sessionId());
            killSession(entry.sessionId(), close.ephemeralPaths(), entry.zxid());
        } else if (txn instanceof Txn.Multi multi) {
            // A multi that failed is logged with error sub-txns; ZooKeeper then applies none of its parts.
            boolean failed = multi.txns().stream().anyMatch(t -> t instanceof Txn.Error);
            if (!failed) {
                for (Txn sub : multi.txns()) {
                    applyData(entry, sub);
                }
            }
        } else {
            applyData(entry, txn);
        }
        lastZxid = Math.max(lastZxid, entry.zxid());
    }

    private void applyData(TxnEntry entry, Txn txn) {
        if (txn instanceof Txn.Create c) {
            create(c, entry.zxid(), entry.timeMs());
        } else if (txn instanceof Txn.Delete d) {
            delete(d.path(), entry.zxid());
        } else if (txn instanceof Txn.SetData s) {
            Node node = nodes.get(s.path());
            if (node != null) {
                node.data = s.data();
                node.mtime = entry.timeMs();
                node.mzxid = entry.zxid();
                node.version = s.version();
            }
        } else if (txn instanceof Txn.SetAcl s) {
            Node node = nodes.get(s.path());
            if (node != null) {
                node.aversion = s.aversion();
                setAcl(s.path(), node, s.acl());
            }
        }
        // Check and Error change nothing; sessions cannot be created or closed inside a multi.
    }

    private void create(Txn.Create c, long zxid, long timeMs) {
        String path = c.path();
        Node parent = nodes.get(parent(path));
        if (parent == null) {
            return; // NoNode: ignored during replay
        }
        Node existing = nodes.get(path);
        if (existing != null) {
            // NodeExists: ZooKeeper has already put the txn's ACL on the node, and for a plain create it then
            // raises the parent's cversion and pzxid to what the txn carries.
            setAcl(path, existing, c.acl());
            if (c.op() == OpCode.CREATE) {
                raiseCversion(parent, c.parentCversion(), zxid);
            }
            return;
        }
        int parentCversion = c.parentCversion() == -1 ? parent.cversion + 1 : c.parentCversion();
        if (parentCversion > parent.cversion) {
            parent.cversion = parentCversion;
            parent.pzxid = zxid;
        }
        Node node = new Node();
        node.data = c.data();
        node.acl = c.acl();
        node.czxid = zxid;
        node.mzxid = zxid;
        node.pzxid = zxid;
        node.ctime = timeMs;
        node.mtime = timeMs;
        node.ephemeralOwner = c.ephemeralOwner();
        parent.children.add(name(path));
        nodes.put(path, node);
        track(path, c.ephemeralOwner());
    }

    private static void raiseCversion(Node parent, int cversion, long zxid) {
        int target = cversion == -1 ? parent.cversion + 1 : cversion;
        if (target > parent.cversion) {
            parent.cversion = target;
            parent.pzxid = zxid;
        }
    }

    /** ZooKeeper's deleteNode: the parent's bookkeeping happens even when the node is already gone. */
    private void delete(String path, long zxid) {
        Node parent = nodes.get(parent(path));
        if (parent == null) {
            return;
        }
        parent.children.remove(name(path));
        if (zxid > parent.pzxid) {
            parent.pzxid = zxid;
        }
        Node node = nodes.remove(path);
        if (node == null) {
            return;
        }
        unresolvedAcls.remove(path);
        Set<String> owned = ephemerals.get(node.ephemeralOwner);
        if (owned != null) {
            owned.remove(path);
        }
    }

    /** The listed ephemerals first, then any others the tree holds for the session (older logs list none). */
    private void killSession(long sessionId, List<String> listed, long zxid) {
        Set<String> local = ephemerals.remove(sessionId);
        for (String path : listed) {
            delete(path, zxid);
        }
        if (local != null) {
            local.removeAll(listed);
            for (String path : new ArrayList<>(local)) {
                delete(path, zxid);
            }
        }
    }

    /**
     * What ZooKeeperServer.loadData does once the database is loaded: ephemerals whose session is not among
     * the sessions are deleted, at the last zxid. Returns how many nodes went.
     */
    public int removeEphemeralsOfDeadSessions() {
        int removed = 0;
        for (Long owner : new ArrayList<>(new TreeSet<>(ephemerals.keySet()))) {
            if (!sessions.containsKey(owner)) {
                Set<String> paths = ephemerals.remove(owner);
                removed += paths.size();
                for (String path : new ArrayList<>(paths)) {
                    delete(path, lastZxid);
                }
            }
        }
        return removed;
    }

    private void setAcl(String path, Node node, List<Acl> acl) {
        node.acl = acl;
        unresolvedAcls.remove(path);
    }

    private void track(String path, long owner) {
        if (EphemeralOwner.isSession(owner)) {
            ephemerals.computeIfAbsent(owner, k -> new TreeSet<>()).add(path);
        }
    }

    /** The highest zxid applied, or the snapshot's when no txn followed it. */
    public long lastZxid() {
        return lastZxid;
    }

    /** Nodes (path → ACL id) still without an ACL: the snapshot was damaged, not merely fuzzy. */
    public Map<String, Long> unresolvedAcls() {
        return Map.copyOf(unresolvedAcls);
    }

    /** Every node, in path order (parents before children). */
    public List<NodeRecord> records() {
        List<NodeRecord> records = new ArrayList<>(nodes.size());
        for (Map.Entry<String, Node> e : new TreeMap<>(nodes).entrySet()) {
            Node n = e.getValue();
            records.add(new NodeRecord(e.getKey(), n.data, n.acl, n.czxid, n.mzxid, n.ctime, n.mtime, n.version,
                    n.cversion, n.aversion, n.ephemeralOwner, n.pzxid));
        }
        return records;
    }

    /** Sessions in id order. */
    public List<SessionRecord> sessions() {
        List<SessionRecord> out = new ArrayList<>();
        new TreeMap<>(sessions).forEach((id, timeoutMs) -> out.add(new SessionRecord(id, timeoutMs)));
        return out;
    }

    /** Children counts follow from the paths; this one is for the summary and tests. */
    public int nodeCount() {
        return nodes.size();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
