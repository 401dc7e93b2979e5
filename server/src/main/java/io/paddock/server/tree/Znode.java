package io.paddock.server.tree;

import io.paddock.protocol.Acl;
import io.paddock.protocol.NodeStat;
import java.util.List;
import java.util.function.Consumer;

/**
 * One znode of the serving tree. Mutable, owned by the replica loop thread; never leaves the core —
 * readers get {@link NodeStat} values and copies of the children.
 *
 * <p>A node knows its name but not its path: the tree finds a node by walking from the root, so no
 * path String per node and no table keyed by path are kept. Millions of nodes make every field count:
 * for the same reason the owner (session, container or TTL) lives in the subclass {@link OwnedZnode},
 * as most nodes are persistent and have none.
 */
public sealed class Znode permits OwnedZnode {
    /** The last segment of the path, {@link NodeName} bytes; empty for the root. */
    final byte[] name;
    /** Null when the client created or set null data: ZooKeeper hands null back (length -1). */
    byte[] data;
    List<Acl> acl;
    final long czxid;
    final long ctime;
    long mzxid;
    long mtime;
    long pzxid;
    int version;
    int cversion;
    int aversion;
    /** Null while the node has no children: most nodes are leaves. */
    ChildTable children;

    Znode(byte[] name, byte[] data, List<Acl> acl, long czxid, long ctime) {
        this.name = name;
        this.data = data;
        this.acl = acl;
        this.czxid = czxid;
        this.ctime = ctime;
        this.mzxid = czxid;
        this.mtime = ctime;
        this.pzxid = czxid;
    }

    /** A new node; ephemeralOwner is ZooKeeper's raw encoding, 0 for a persistent node. */
    static Znode of(byte[] name, byte[] data, List<Acl> acl, long czxid, long ctime, long ephemeralOwner) {
        return ephemeralOwner == 0 ? new Znode(name, data, acl, czxid, ctime)
                : new OwnedZnode(name, data, acl, czxid, ctime, ephemeralOwner);
    }

    public NodeStat stat() {
        // The stored cversion counts child creates; clients see creates plus deletes, as ZooKeeper's
        // DataNode.copyStat derives it: every create but those of the children still present had a delete.
        int children = childCount();
        return new NodeStat(czxid, mzxid, ctime, mtime, version, cversion * 2 - children, aversion,
                EphemeralOwner.forClient(ephemeralOwner()), dataLength(), children, pzxid);
    }

    public byte[] data() {
        return data;
    }

    public int dataLength() {
        return data == null ? 0 : data.length;
    }

    public List<Acl> acl() {
        return acl;
    }

    /** ZooKeeper's raw encoding of what owns the node: 0 for a persistent node. */
    public long ephemeralOwner() {
        return 0;
    }

    public int version() {
        return version;
    }

    /** The stored cversion: the number of children ever created (the Stat shows creates + deletes). */
    public int cversion() {
        return cversion;
    }

    public int aversion() {
        return aversion;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        return pzxid;
    }

    public long ctime() {
        return ctime;
    }

    public long mtime() {
        return mtime;
    }

    public int childCount() {
        return children == null ? 0 : children.size();
    }

    /** A copy: callers may hold it after the tree changes. */
    public List<String> childNames() {
        return children == null ? List.of() : children.names();
    }

    /** The child named path[from, to), or null. */
    Znode child(String path, int from, int to) {
        return children == null ? null : children.get(path, from, to);
    }

    void forEachChild(Consumer<Znode> action) {
        if (children != null) {
            children.forEach(action);
        }
    }

    void addChild(Znode child) {
        if (children == null) {
            children = new ChildTable();
        }
        children.add(child);
    }

    /** Removes the child named path[from, to); returns it, or null when there is none. */
    Znode removeChild(String path, int from, int to) {
        if (children == null) {
            return null;
        }
        Znode removed = children.remove(path, from, to);
        if (children.size() == 0) {
            children = null;
        }
        return removed;
    }
}
