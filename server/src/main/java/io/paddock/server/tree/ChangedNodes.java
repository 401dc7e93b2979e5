package io.paddock.server.tree;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The nodes changed since the snapshot was last brought up to date. Tracked by node identity (Znode keeps
 * Object's equals and hashCode): a setData costs one identity-hash probe, where a map keyed by path hashed and
 * compared the path's characters on every write (a quarter of the loop's time on a 100% setData load). Paths
 * are hashed once per changed node per save instead. The order is the order of first change, so what a save
 * writes is deterministic.
 *
 * <p>A node created and deleted between two saves is forgotten at its delete: the snapshot never had it.
 * Queue and lock recipes do exactly that, thousands of times a second; tracking their nodes until the next
 * save kept a second's worth of dead nodes alive, which every young GC copied (pauses of 20-46 ms under
 * create+delete churn), and wrote a delete of each to the snapshot.
 */
final class ChangedNodes {
    /** Node to its path, for nodes changed since the last drain, in the order of their first change. */
    private LinkedHashMap<Znode, String> paths = new LinkedHashMap<>();
    /** The tracked nodes that did not exist at the last drain. */
    private Set<Znode> created = identitySet();
    /** The tracked nodes that have since been deleted. */
    private Set<Znode> gone = identitySet();

    void changed(String path, Znode node) {
        paths.putIfAbsent(node, path);
    }

    void created(String path, Znode node) {
        changed(path, node);
        created.add(node);
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
        if (created.remove(node)) {
            paths.remove(node);
            return;
        }
        changed(path, node);
        gone.add(node);
    }

    /** How many nodes are tracked: what the next save holds alive. */
    int size() {
        return paths.size();
    }

    /**
     * The live changed nodes as records into upserted; the paths of deleted ones into deleted, unless a
     * node at the same path was created since (the path then holds the new node, which is upserted).
     */
    void drainInto(List<NodeRecord> upserted, List<String> deleted) {
        Set<String> upsertedPaths = new HashSet<>();
        paths.forEach((node, path) -> {
            if (!gone.contains(node)) {
                upserted.add(DataTree.record(path, node));
                upsertedPaths.add(path);
            }
        });
        Set<String> deletedPaths = new HashSet<>();
        paths.forEach((node, path) -> {
            if (gone.contains(node) && !upsertedPaths.contains(path) && deletedPaths.add(path)) {
                deleted.add(path);
            }
        });
        // Fresh tables sized for the last interval rather than clear(): a burst (a recovery's log replay)
        // would otherwise pin its peak tables forever, and growing from empty rehashes every interval.
        paths = new LinkedHashMap<>(Math.max(16, paths.size() * 4 / 3 + 1));
        created = identitySet();
        gone = identitySet();
    }

    private static Set<Znode> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
