package io.paddock.server.sm;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What changed in the applied state since the last time the shell asked: the snapshot family is brought
 * up to date with these, stamped with {@code zxid}, in one batch.
 */
public record TreeChanges(long zxid, List<NodeRecord> upserted, List<String> deleted,
                          List<SessionRecord> sessionsUpserted, List<Long> sessionsDeleted) {

    public boolean isEmpty() {
        return upserted.isEmpty() && deleted.isEmpty() && sessionsUpserted.isEmpty() && sessionsDeleted.isEmpty();
    }

    /**
     * Changes in zxid order as one: writing the result does what writing each in turn would. A path's last
     * change wins, so the result holds each path and session at most once, however many updates it merges.
     */
    public static TreeChanges merge(List<TreeChanges> inOrder) {
        if (inOrder.size() == 1) {
            return inOrder.get(0);
        }
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        Set<String> deletedPaths = new LinkedHashSet<>();
        Map<Long, SessionRecord> sessions = new LinkedHashMap<>();
        Set<Long> deletedSessions = new LinkedHashSet<>();
        long zxid = 0;
        for (TreeChanges changes : inOrder) {
            // Upserts before deletes, as storage writes a single TreeChanges.
            mergeInto(nodes, deletedPaths, changes.upserted(), NodeRecord::path, changes.deleted());
            mergeInto(sessions, deletedSessions, changes.sessionsUpserted(), SessionRecord::id,
                    changes.sessionsDeleted());
            zxid = Math.max(zxid, changes.zxid());
        }
        return new TreeChanges(zxid, List.copyOf(nodes.values()), List.copyOf(deletedPaths),
                List.copyOf(sessions.values()), List.copyOf(deletedSessions));
    }

    private static <K, V> void mergeInto(Map<K, V> upserts, Set<K> deletes, List<V> upserted, Function<V, K> key,
                                         List<K> deleted) {
        for (V value : upserted) {
            K k = key.apply(value);
            deletes.remove(k);
            upserts.put(k, value);
        }
        for (K k : deleted) {
            upserts.remove(k);
            deletes.add(k);
        }
    }
}
