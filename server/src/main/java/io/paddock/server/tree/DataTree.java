package io.paddock.server.tree;

import io.paddock.protocol.Acl;
import io.paddock.protocol.NodeStat;
import io.paddock.protocol.Perms;
import io.paddock.server.base.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The znode tree as committed txns left it: nodes under the root, ephemerals by owning session, and the
 * containers and TTL nodes that wait to be reaped. Applying a txn here never fails for a reason a client
 * could cause; those were ruled out when the txn was prepared, so a failure is a broken invariant.
 *
 * <p>Nodes are found by walking from the root one segment at a time through each node's
 * {@link ChildTable}: no table keyed by full path and no path String per node, which were more than half
 * of what a node cost. A lookup takes one table lookup per path segment; it touches every ancestor on
 * the way, so a random lookup in a large tree misses the cache more often than one HashMap probe did.
 *
 * <p>Owned by the replica loop thread. Iteration that reaches an output (ephemerals of a session,
 * reaping candidates) is sorted, so replicas that apply the same txns produce the same outputs.
 */
public final class DataTree {
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private Znode root;
    /**
     * The last node {@link #get} found, by path. A write looks its node up several times (prepare, apply,
     * the watch events' ACL check); each walk from the root costs a table probe per segment. Cleared when a
     * delete or a restore could make it stale; setData and setAcl change the node in place.
     */
    private String lastPath;
    private Znode lastNode;
    private int nodeCount;
    private final Map<Long, NavigableSet<String>> ephemeralsBySession = new TreeMap<>();
    private final NavigableSet<String> containers = new TreeSet<>();
    private final NavigableSet<String> ttlNodes = new TreeSet<>();
    private final AclInterner acls = new AclInterner();
    private long dataBytes;
    /** What the snapshot lacks. Keeping the nodes saves a walk from the root per path at each save. */
    private final ChangedNodes changed = new ChangedNodes();

    public DataTree() {
        List<Acl> open = acls.intern(List.of(Acl.WORLD_ALL));
        // ZooKeeper's own nodes hold empty data, not null: getData answers with a zero-length buffer.
        root = new Znode(NodeName.ROOT, new byte[0], open, 0, 0);
        Znode zookeeper = new Znode(nameOf(ZOOKEEPER), new byte[0], open, 0, 0);
        Znode quota = new Znode(nameOf(QUOTA), new byte[0], open, 0, 0);
        // ZooKeeper creates the config node with aversion -1: its ACL is set once with version -1.
        Znode config = new Znode(nameOf(CONFIG), new byte[0],
                acls.intern(List.of(new Acl(Perms.READ, "world", "anyone"))), 0, 0);
        config.aversion = -1;
        root.addChild(zookeeper);
        zookeeper.addChild(quota);
        zookeeper.addChild(config);
        nodeCount = 4;
        // ZooKeeper's approximate data size counts path lengths too; its root's key is "" (length 0).
        dataBytes = ZOOKEEPER.length() + QUOTA.length() + CONFIG.length();
    }

    /** The paths ZooKeeper itself owns: they cannot be deleted. */
    public static boolean isSpecial(String path) {
        return "/".equals(path) || ZOOKEEPER.equals(path) || QUOTA.equals(path) || CONFIG.equals(path);
    }

    /** The node at path; "" is the root too, as in ZooKeeper, whose root's key is "". */
    public Znode get(String path) {
        if (path.isEmpty() || "/".equals(path)) {
            return root;
        }
        if (path.equals(lastPath)) {
            return lastNode;
        }
        Znode node = path.charAt(0) == '/' ? walk(path, path.length()) : null;
        if (node != null) {
            lastPath = path;
            lastNode = node;
        }
        return node;
    }

    /** Forgets the last node found: it may be gone or replaced. */
    private void forgetLast() {
        lastPath = null;
        lastNode = null;
    }

    public int nodeCount() {
        return nodeCount;
    }

    public long dataBytes() {
        return dataBytes;
    }

    /** Applies a create whose validity the prepare step established. */
    public NodeStat create(String path, byte[] data, List<Acl> acl, long ephemeralOwner, int parentCversion,
                           long zxid, long timeMs) {
        int slash = path.lastIndexOf('/');
        Check.that(slash >= 0 && slash + 1 < path.length(), "create %s: not a node's path", path);
        Znode parent = parentOf(path, slash);
        Check.that(parent != null, "create %s: parent missing", path);
        Check.that(parent.child(path, slash + 1, path.length()) == null, "create %s: node exists", path);
        Znode node = Znode.of(NodeName.of(path, slash + 1, path.length()), data, acls.intern(acl), zxid, timeMs,
                ephemeralOwner);
        parent.addChild(node);
        nodeCount++;
        if (parentCversion > parent.cversion) {
            parent.cversion = parentCversion;
            parent.pzxid = zxid;
        }
        changed.created(path, node);
        changed.parentChanged(path, slash, parent);
        dataBytes += path.length() + node.dataLength();
        track(path, ephemeralOwner);
        return node.stat();
    }

    public void delete(String path, long zxid) {
        forgetLast();
        int slash = path.lastIndexOf('/');
        Znode parent = slash < 0 ? null : parentOf(path, slash);
        Znode node = parent == null ? null : parent.child(path, slash + 1, path.length());
        Check.that(node != null, "delete %s: node missing", path);
        Check.that(node.childCount() == 0, "delete %s: node has children", path);
        parent.removeChild(path, slash + 1, path.length());
        nodeCount--;
        if (zxid > parent.pzxid) {
            parent.pzxid = zxid;
        }
        changed.deleted(path, node);
        changed.parentChanged(path, slash, parent);
        dataBytes -= path.length() + node.dataLength();
        untrack(path, node.ephemeralOwner());
    }

    public NodeStat setData(String path, byte[] data, int version, long zxid, long timeMs) {
        Znode node = get(path);
        Check.that(node != null, "setData %s: node missing", path);
        dataBytes += (data == null ? 0 : data.length) - node.dataLength();
        node.data = data;
        node.version = version;
        node.mzxid = zxid;
        node.mtime = timeMs;
        changed.changed(path, node);
        return node.stat();
    }

    public NodeStat setAcl(String path, List<Acl> acl, int aversion) {
        Znode node = get(path);
        Check.that(node != null, "setACL %s: node missing", path);
        node.acl = acls.intern(acl);
        node.aversion = aversion;
        changed.changed(path, node);
        return node.stat();
    }

    /** The session's ephemerals in path order. */
    public List<String> ephemerals(long sessionId) {
        NavigableSet<String> paths = ephemeralsBySession.get(sessionId);
        return paths == null ? List.of() : List.copyOf(paths);
    }

    public Set<Long> sessionsWithEphemerals() {
        return Collections.unmodifiableSet(ephemeralsBySession.keySet());
    }

    public int ephemeralCount() {
        int count = 0;
        for (NavigableSet<String> paths : ephemeralsBySession.values()) {
            count += paths.size();
        }
        return count;
    }

    public NavigableSet<String> containers() {
        return Collections.unmodifiableNavigableSet(containers);
    }

    public NavigableSet<String> ttlNodes() {
        return Collections.unmodifiableNavigableSet(ttlNodes);
    }

    /** Every descendant of path (not path itself), as getAllChildrenNumber counts them. */
    public int descendantCount(String path) {
        if (path.isEmpty()) {
            // ZooKeeper counts the keys under "" + "/": every node, the root included.
            return nodeCount;
        }
        Znode node = get(path);
        if (node == null) {
            return 0;
        }
        int count = 0;
        List<Znode> stack = new ArrayList<>();
        stack.add(node);
        while (!stack.isEmpty()) {
            Znode current = stack.remove(stack.size() - 1);
            count += current.childCount();
            current.forEachChild(stack::add);
        }
        return count;
    }

    /** All paths, sorted so outputs are stable (tests compare trees with it). */
    public List<String> sortedPaths() {
        return sortedRecords().stream().map(NodeRecord::path).toList();
    }

    /** Every node in its snapshot form, in path order: what an export writes, from one walk of the tree. */
    public List<NodeRecord> sortedRecords() {
        List<NodeRecord> records = new ArrayList<>(nodeCount);
        List<Znode> stack = new ArrayList<>();
        List<String> stackPaths = new ArrayList<>();
        stack.add(root);
        stackPaths.add("/");
        while (!stack.isEmpty()) {
            Znode current = stack.remove(stack.size() - 1);
            String path = stackPaths.remove(stackPaths.size() - 1);
            records.add(record(path, current));
            String prefix = "/".equals(path) ? path : path + "/";
            current.forEachChild(child -> {
                stack.add(child);
                stackPaths.add(prefix + NodeName.toString(child.name));
            });
        }
        records.sort(Comparator.comparing(NodeRecord::path));
        return records;
    }

    /** The snapshot form of a node, or null when it does not exist. */
    public NodeRecord record(String path) {
        Znode n = get(path);
        return n == null ? null : record(path, n);
    }

    static NodeRecord record(String path, Znode n) {
        return new NodeRecord(path, n.data, n.acl, n.czxid, n.mzxid, n.ctime, n.mtime, n.version, n.cversion,
                n.aversion, n.ephemeralOwner(), n.pzxid);
    }

    /** How many nodes the next {@link #drainChanges} would report: what it holds alive until then. */
    int changedCount() {
        return changed.size();
    }

    /**
     * What changed since the last call, in the order it first changed: the nodes as they are now into
     * upserted, the paths of deleted nodes into deleted. The tracking starts afresh.
     */
    public void drainChanges(List<NodeRecord> upserted, List<String> deleted) {
        changed.drainInto(upserted, deleted);
    }

    /**
     * Puts the snapshot's nodes in place. Records must come parents first (path order does that);
     * ZooKeeper's own nodes exist already and take the record's values. Path order also puts siblings
     * together, so the parent found for one record is kept for the next: one walk per directory.
     */
    public void restore(List<NodeRecord> records) {
        forgetLast();
        String parentOfPath = null;
        int parentEnd = -1;
        Znode parent = null;
        for (NodeRecord r : records) {
            String path = r.path();
            if ("/".equals(path)) {
                root = restored(r, NodeName.ROOT, root);
                parentOfPath = null;
                continue;
            }
            int slash = path.lastIndexOf('/');
            if (parentOfPath == null || slash != parentEnd || !path.regionMatches(0, parentOfPath, 0, slash)) {
                parent = parentOf(path, slash);
                Check.that(parent != null, "snapshot holds %s without its parent", path);
                parentOfPath = path;
                parentEnd = slash;
            }
            Znode existing = parent.child(path, slash + 1, path.length());
            if (existing == null) {
                parent.addChild(restored(r, NodeName.of(path, slash + 1, path.length()), null));
                nodeCount++;
            } else {
                parent.children.replace(existing, restored(r, existing.name, existing));
                // The node replaced may be the parent remembered for the next record.
                parentOfPath = null;
            }
        }
    }

    /** A node made from r that takes the place (and the children) of existing, if there is one. */
    private Znode restored(NodeRecord r, byte[] name, Znode existing) {
        Znode node = Znode.of(name, r.data(), acls.intern(r.acl()), r.czxid(), r.ctime(), r.ephemeralOwner());
        node.mzxid = r.mzxid();
        node.mtime = r.mtime();
        node.pzxid = r.pzxid();
        node.version = r.version();
        node.cversion = r.cversion();
        node.aversion = r.aversion();
        if (existing != null) {
            node.children = existing.children;
            dataBytes -= r.path().length() + existing.dataLength();
        }
        dataBytes += r.path().length() + node.dataLength();
        track(r.path(), r.ephemeralOwner());
        return node;
    }

    /** Files a node under what owns it, if anything does: its session, or the reaper. */
    private void track(String path, long owner) {
        if (EphemeralOwner.isContainer(owner)) {
            containers.add(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttlNodes.add(path);
        } else if (EphemeralOwner.isSession(owner)) {
            ephemeralsBySession.computeIfAbsent(owner, s -> new TreeSet<>()).add(path);
        }
    }

    private void untrack(String path, long owner) {
        if (EphemeralOwner.isContainer(owner)) {
            containers.remove(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttlNodes.remove(path);
        } else if (EphemeralOwner.isSession(owner)) {
            NavigableSet<String> paths = ephemeralsBySession.get(owner);
            if (paths != null) {
                paths.remove(path);
                if (paths.isEmpty()) {
                    ephemeralsBySession.remove(owner);
                }
            }
        }
    }

    /** The parent of path, whose last slash is at slash; null when it does not exist. */
    private Znode parentOf(String path, int slash) {
        return slash == 0 ? root : walk(path, slash);
    }

    /**
     * The node at path[0, end), which starts with '/' and ends at a segment's end; null when it does not
     * exist. An empty segment matches nothing: no node but the root has an empty name.
     */
    private Znode walk(String path, int end) {
        Znode node = root;
        for (int from = 1; from <= end && node != null; ) {
            int slash = path.indexOf('/', from);
            int to = slash < 0 || slash > end ? end : slash;
            node = node.child(path, from, to);
            from = to + 1;
        }
        return node;
    }

    private static byte[] nameOf(String path) {
        return NodeName.of(path, path.lastIndexOf('/') + 1, path.length());
    }
}
