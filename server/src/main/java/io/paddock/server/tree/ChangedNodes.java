package io.paddock.server.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The nodes changed since the snapshot was last brought up to date. Tracked by node identity: a setData
 * costs one identity-hash probe, where a map keyed by path hashed and compared the path's characters on
 * every write (a quarter of the loop's time on a 100% setData load). Paths are hashed once per changed node
 * per save instead. The order is the order of first change, so what a save writes is deterministic.
 */
final class ChangedNodes {
    /** Node to its path, for nodes changed since the last drain. */
    private IdentityHashMap<Znode, String> paths = new IdentityHashMap<>();
    private ArrayList<Znode> order = new ArrayList<>();
    /** The changed nodes that have since been deleted. */
    private Set<Znode> gone = Collections.newSetFromMap(new IdentityHashMap<>());

    void changed(String path, Znode node) {
        if (paths.put(node, path) == null) {
            order.add(node);
        }
    }

    /**
     * The parent of the node at childPath (its last slash at slash) changed: a create or delete under it.
     * Its path is only cut from the child's when the parent is not tracked yet, which in a burst of creates
     * under one parent is once.
     */
    void parentChanged(String childPath, int slash, Znode parent) {
        if (!paths.containsKey(parent)) {
            changed(slash == 0 ? "/" : childPath.substring(0, slash), parent);
        }
    }

    void deleted(String path, Znode node) {
        changed(path, node);
        gone.add(node);
    }

    /**
     * The live changed nodes as records into upserted; the paths of deleted ones into deleted, unless a
     * node at the same path was created since (the path then holds the new node, which is upserted).
     */
    void drainInto(List<NodeRecord> upserted, List<String> deleted) {
        Set<String> upsertedPaths = new HashSet<>();
        for (Znode node : order) {
            if (!gone.contains(node)) {
                String path = paths.get(node);
                upserted.add(DataTree.record(path, node));
                upsertedPaths.add(path);
            }
        }
        Set<String> deletedPaths = new HashSet<>();
        for (Znode node : order) {
            if (gone.contains(node)) {
                String path = paths.get(node);
                if (!upsertedPaths.contains(path) && deletedPaths.add(path)) {
                    deleted.add(path);
                }
            }
        }
        // Fresh tables sized for the last interval rather than clear(): a burst (a recovery's log replay)
        // would otherwise pin its peak tables forever, and growing from empty rehashes every interval.
        int expected = order.size();
        paths = new IdentityHashMap<>(expected);
        order = new ArrayList<>(expected);
        gone = Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
