package io.paddock.server.replica;

import io.paddock.server.base.Limits;
import io.paddock.server.sm.StateMachine;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.tree.Znode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds containers and TTL nodes to reap, as ZooKeeper's ContainerManager does: a container once it had
 * children and has none left; a TTL node without children that was not modified for longer than its TTL.
 */
final class Housekeeping {
    private final StateMachine sm;
    private final long intervalMs;
    private long nextCheckMs = Long.MIN_VALUE;

    Housekeeping(StateMachine sm, long intervalMs) {
        this.sm = sm;
        this.intervalMs = intervalMs;
    }

    List<String> reapable(long nowMs) {
        if (nextCheckMs == Long.MIN_VALUE) {
            nextCheckMs = nowMs + intervalMs;
        }
        if (nowMs < nextCheckMs) {
            return List.of();
        }
        nextCheckMs = nowMs + intervalMs;
        DataTree tree = sm.tree();
        List<String> out = new ArrayList<>();
        for (String path : tree.containers()) {
            Znode node = tree.get(path);
            if (node.childCount() == 0 && node.cversion() > 0 && out.size() < Limits.REAP_PER_PASS_MAX) {
                out.add(path);
            }
        }
        for (String path : tree.ttlNodes()) {
            Znode node = tree.get(path);
            long ttlMs = EphemeralOwner.ttlMs(node.ephemeralOwner());
            if (node.childCount() == 0 && nowMs - node.mtime() > ttlMs && out.size() < Limits.REAP_PER_PASS_MAX) {
                out.add(path);
            }
        }
        return out;
    }
}
