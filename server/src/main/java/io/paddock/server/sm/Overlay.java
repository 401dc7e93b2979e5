package io.paddock.server.sm;

import io.paddock.protocol.Acl;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.Znode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tree will look like once every prepared txn is applied: ZooKeeper's outstanding change
 * records. Prepare validates against this view, so a txn never conflicts with one still in flight.
 * A change leaves the overlay when the txn that made it is applied. Owned by the replica loop thread.
 */
final class Overlay {

    /** A node as prepared txns leave it. */
    record View(int version, int cversion, int aversion, int childCount, List<Acl> acl, long ephemeralOwner) {
        View withVersion(int v) {
            return new View(v, cversion, aversion, childCount, acl, ephemeralOwner);
        }

        View withAcl(List<Acl> newAcl, int newAversion) {
            return new View(version, cversion, newAversion, childCount, newAcl, ephemeralOwner);
        }

        View withChildren(int count, int newCversion) {
            return new View(version, newCversion, aversion, count, acl, ephemeralOwner);
        }
    }

    /** One change; view null means the node is deleted. */
    private record Change(long zxid, String path, View view) {
    }

    private final Map<String, Change> byPath = new HashMap<>();
    private final ArrayDeque<Change> inZxidOrder = new ArrayDeque<>();
    private final DataTree tree;

    Overlay(DataTree tree) {
        this.tree = tree;
    }

    /** The node as prepared txns leave it, or null when it does not (or will not) exist. */
    View get(String path) {
        Change change = byPath.get(path);
        if (change != null) {
            return change.view;
        }
        Znode node = tree.get(path);
        if (node == null) {
            return null;
        }
        return new View(node.version(), node.cversion(), node.aversion(), node.childCount(), node.acl(),
                node.ephemeralOwner());
    }

    void put(long zxid, String path, View view) {
        Change change = new Change(zxid, path, view);
        byPath.put(path, change);
        inZxidOrder.addLast(change);
    }

    /** Forgets changes made by txns up to zxid: the tree now shows them. */
    void applied(long zxid) {
        while (!inZxidOrder.isEmpty() && inZxidOrder.peekFirst().zxid <= zxid) {
            Change change = inZxidOrder.removeFirst();
            if (byPath.get(change.path) == change) {
                byPath.remove(change.path);
            }
        }
    }

    /** Paths the overlay says a session will own as ephemerals, and paths it deletes. */
    void sessionChanges(long sessionId, List<String> created, List<String> deleted) {
        for (Change change : byPath.values()) {
            if (change.view == null) {
                deleted.add(change.path);
            } else if (change.view.ephemeralOwner() == sessionId) {
                created.add(change.path);
            }
        }
    }

    /** A point to roll back to when a multi fails part-way. */
    Mark mark() {
        // Most writes change two nodes (a create: the node and its parent); ArrayList's first ten is waste.
        return new Mark(inZxidOrder.size(), new ArrayList<>(MARK_CHANGES_HINT));
    }

    private static final int MARK_CHANGES_HINT = 2;

    record Mark(int size, List<Change> replaced) {
    }

    /** Like put, remembering what it replaced so that {@link #rollback} can restore it. */
    void put(Mark mark, long zxid, String path, View view) {
        mark.replaced.add(byPath.get(path) == null ? new Change(-1, path, null) : byPath.get(path));
        put(zxid, path, view);
    }

    void rollback(Mark mark) {
        while (inZxidOrder.size() > mark.size) {
            inZxidOrder.removeLast();
        }
        for (int i = mark.replaced.size() - 1; i >= 0; i--) {
            Change previous = mark.replaced.get(i);
            if (previous.zxid == -1) {
                byPath.remove(previous.path);
            } else {
                byPath.put(previous.path, previous);
            }
        }
    }

    /** Forgets every prepared change: the txns that made them will never be applied. */
    void clear() {
        byPath.clear();
        inZxidOrder.clear();
    }

    boolean isEmpty() {
        return inZxidOrder.isEmpty();
    }
}
