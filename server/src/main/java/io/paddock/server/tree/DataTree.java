package io.paddock.server.tree;

import io.paddock.protocol.Acl;
import io.paddock.protocol.NodeStat;
import io.paddock.protocol.PathRules;
import io.paddock.protocol.Perms;
import io.paddock.server.base.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The znode tree as committed txns left it: nodes by path, ephemerals by owning session, and the
 * containers and TTL nodes that wait to be reaped. Applying a txn here never fails for a reason a client
 * could cause; those were ruled out when the txn was prepared, so a failure is a broken invariant.
 *
 * <p>Owned by the replica loop thread. Iteration that reaches an output (ephemerals of a session,
 * reaping candidates) is sorted, so replicas that apply the same txns produce the same outputs.
 */
public final class DataTree {
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private final Map<String, Znode> nodes = new HashMap<>();
    private final Map<Long, NavigableSet<String>> ephemeralsBySession = new TreeMap<>();
    private final NavigableSet<String> containers = new TreeSet<>();
    private final NavigableSet<String> ttlNodes = new TreeSet<>();
    private final AclInterner acls = new AclInterner();
    private long dataBytes;
    /** Paths changed since the snapshot was last brought up to date. */
    private final Set<String> dirty = new java.util.HashSet<>();

    public DataTree() {
        List<Acl> open = acls.intern(List.of(Acl.WORLD_ALL));
        // ZooKeeper's own nodes hold empty data, not null: getData answers with a zero-length buffer.
        Znode root = new Znode(new byte[0], open, 0, 0, 0);
        Znode zookeeper = new Znode(new byte[0], open, 0, 0, 0);
        Znode quota = new Znode(new byte[0], open, 0, 0, 0);
        // ZooKeeper creates the config node with aversion -1: its ACL is set once with version -1.
        Znode config = new Znode(new byte[0], acls.intern(List.of(new Acl(Perms.READ, "world", "anyone"))), 0, 0, 0);
        config.aversion = -1;
        nodes.put("/", root);
        nodes.put(ZOOKEEPER, zookeeper);
        nodes.put(QUOTA, quota);
        nodes.put(CONFIG, config);
        root.addChild("zookeeper");
        zookeeper.addChild("quota");
        zookeeper.addChild("config");
        // ZooKeeper's approximate data size counts path lengths too; its root's key is "" (length 0).
        dataBytes = ZOOKEEPER.length() + QUOTA.length() + CONFIG.length();
    }

    /** The paths ZooKeeper itself owns: they cannot be deleted. */
    public static boolean isSpecial(String path) {
        return "/".equals(path) || ZOOKEEPER.equals(path) || QUOTA.equals(path) || CONFIG.equals(path);
    }

    /** The node at path; "" is the root too, as in ZooKeeper, whose root's key is "". */
    public Znode get(String path) {
        return nodes.get(path.isEmpty() ? "/" : path);
    }

    public int nodeCount() {
        return nodes.size();
    }

    public long dataBytes() {
        return dataBytes;
    }

    /** Applies a create whose validity the prepare step established. */
    public NodeStat create(String path, byte[] data, List<Acl> acl, long ephemeralOwner, int parentCversion,
                           long zxid, long timeMs) {
        Znode parent = nodes.get(PathRules.parent(path));
        Check.that(parent != null, "create %s: parent missing", path);
        Check.that(!nodes.containsKey(path), "create %s: node exists", path);
        Znode node = new Znode(data, acls.intern(acl), zxid, timeMs, ephemeralOwner);
        parent.addChild(PathRules.name(path));
        if (parentCversion > parent.cversion) {
            parent.cversion = parentCversion;
            parent.pzxid = zxid;
        }
        nodes.put(path, node);
        dirty.add(path);
        dirty.add(PathRules.parent(path));
        dataBytes += path.length() + node.dataLength();
        if (EphemeralOwner.isContainer(ephemeralOwner)) {
            containers.add(path);
        } else if (EphemeralOwner.isTtl(ephemeralOwner)) {
            ttlNodes.add(path);
        } else if (EphemeralOwner.isSession(ephemeralOwner)) {
            ephemeralsBySession.computeIfAbsent(ephemeralOwner, s -> new TreeSet<>()).add(path);
        }
        return node.stat();
    }

    public void delete(String path, long zxid) {
        Znode node = nodes.get(path);
        Check.that(node != null, "delete %s: node missing", path);
        Check.that(node.childCount() == 0, "delete %s: node has children", path);
        Znode parent = nodes.get(PathRules.parent(path));
        parent.removeChild(PathRules.name(path));
        if (zxid > parent.pzxid) {
            parent.pzxid = zxid;
        }
        nodes.remove(path);
        dirty.add(path);
        dirty.add(PathRules.parent(path));
        dataBytes -= path.length() + node.dataLength();
        long owner = node.ephemeralOwner;
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

    public NodeStat setData(String path, byte[] data, int version, long zxid, long timeMs) {
        Znode node = nodes.get(path);
        Check.that(node != null, "setData %s: node missing", path);
        dataBytes += (data == null ? 0 : data.length) - node.dataLength();
        node.data = data;
        node.version = version;
        node.mzxid = zxid;
        node.mtime = timeMs;
        dirty.add(path);
        return node.stat();
    }

    public NodeStat setAcl(String path, List<Acl> acl, int aversion) {
        Znode node = nodes.get(path);
        Check.that(node != null, "setACL %s: node missing", path);
        node.acl = acls.intern(acl);
        node.aversion = aversion;
        dirty.add(path);
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
            return nodes.size();
        }
        Znode node = nodes.get(path);
        if (node == null) {
            return 0;
        }
        int count = 0;
        List<String> stack = new ArrayList<>();
        stack.add(path);
        while (!stack.isEmpty()) {
            String current = stack.remove(stack.size() - 1);
            Znode n = nodes.get(current);
            for (String child : n.childSet()) {
                count++;
                stack.add("/".equals(current) ? "/" + child : current + "/" + child);
            }
        }
        return count;
    }

    /** All paths, for four-letter words and digests; sorted so outputs are stable. */
    public List<String> sortedPaths() {
        List<String> paths = new ArrayList<>(nodes.keySet());
        Collections.sort(paths);
        return paths;
    }

    /** The snapshot form of a node, or null when it does not exist. */
    public NodeRecord record(String path) {
        Znode n = nodes.get(path);
        if (n == null) {
            return null;
        }
        return new NodeRecord(path, n.data, n.acl, n.czxid, n.mzxid, n.ctime, n.mtime, n.version, n.cversion,
                n.aversion, n.ephemeralOwner, n.pzxid);
    }

    /** Paths changed since the last call, in path order; the set starts afresh. */
    public List<String> drainDirty() {
        List<String> paths = new ArrayList<>(dirty);
        dirty.clear();
        Collections.sort(paths);
        return paths;
    }

    /**
     * Puts a node from the snapshot in place. Records must come parents first (path order does that);
     * ZooKeeper's own nodes exist already and take the record's values.
     */
    public void restore(NodeRecord r) {
        Znode node = new Znode(r.data(), acls.intern(r.acl()), r.czxid(), r.ctime(), r.ephemeralOwner());
        node.mzxid = r.mzxid();
        node.mtime = r.mtime();
        node.pzxid = r.pzxid();
        node.version = r.version();
        node.cversion = r.cversion();
        node.aversion = r.aversion();
        Znode existing = nodes.get(r.path());
        if (existing != null) {
            node.children = existing.children;
            dataBytes -= r.path().length() + existing.dataLength();
        } else if (!"/".equals(r.path())) {
            Znode parent = nodes.get(PathRules.parent(r.path()));
            Check.that(parent != null, "snapshot holds %s without its parent", r.path());
            parent.addChild(PathRules.name(r.path()));
        }
        nodes.put(r.path(), node);
        dataBytes += r.path().length() + node.dataLength();
        long owner = r.ephemeralOwner();
        if (EphemeralOwner.isContainer(owner)) {
            containers.add(r.path());
        } else if (EphemeralOwner.isTtl(owner)) {
            ttlNodes.add(r.path());
        } else if (EphemeralOwner.isSession(owner)) {
            ephemeralsBySession.computeIfAbsent(owner, s -> new TreeSet<>()).add(r.path());
        }
    }
}
