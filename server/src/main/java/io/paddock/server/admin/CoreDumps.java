package io.paddock.server.admin;

import io.paddock.server.replica.Replica;
import io.paddock.server.session.Session;
import io.paddock.server.tree.DataTree;
import io.paddock.server.watch.WatchTable;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The texts of dump, wchs, wchc, wchp and hash: views of core state, so they run on the replica loop
 * thread (through {@code ReplicaLoop.query}). Where ZooKeeper iterates hash maps we sort, so the same
 * state always prints the same text.
 */
final class CoreDumps {
    private CoreDumps() {
    }

    /**
     * dump: ZooKeeper's SessionTrackerImpl.dumpSessions (sessions by expiry bucket), DataTree.dumpEphemerals,
     * then "Connections dump:" with nothing under it, as ZooKeeper's Netty connection factory prints it
     * (only its NIO factory lists connections there; cons is the place for them).
     */
    static String dump(Replica replica) {
        StringBuilder b = new StringBuilder();
        b.append("SessionTracker dump:\n");
        appendSessions(replica, b);
        b.append("ephemeral nodes dump:\n");
        appendEphemerals(replica.stateMachine().tree(), b);
        b.append("Connections dump:\n");
        return b.toString();
    }

    private static void appendSessions(Replica replica, StringBuilder b) {
        Map<Long, List<Long>> byExpiry = new TreeMap<>();
        int sessionCount = 0;
        for (Session session : replica.sessions()) {
            byExpiry.computeIfAbsent(session.expiresAtMs(), at -> new ArrayList<>()).add(session.id);
            sessionCount++;
        }
        b.append("Session Sets (").append(byExpiry.size()).append(")/(").append(sessionCount).append("):\n");
        for (Map.Entry<Long, List<Long>> bucket : byExpiry.entrySet()) {
            // ExpiryQueue prints java.util.Date: "Sat Nov 21 09:47:18 UTC 2026" in the JVM's zone.
            b.append(bucket.getValue().size()).append(" expire at ").append(new Date(bucket.getKey()))
                    .append(":\n");
            for (long sessionId : bucket.getValue()) {
                b.append("\t0x").append(Long.toHexString(sessionId)).append('\n');
            }
        }
    }

    private static void appendEphemerals(DataTree tree, StringBuilder b) {
        TreeSet<Long> owners = new TreeSet<>(tree.sessionsWithEphemerals());
        b.append("Sessions with Ephemerals (").append(owners.size()).append("):\n");
        for (long sessionId : owners) {
            b.append("0x").append(Long.toHexString(sessionId)).append(":\n");
            for (String path : tree.ephemerals(sessionId)) {
                b.append('\t').append(path).append('\n');
            }
        }
    }

    /*
     * ZooKeeper's wchs, wchc and wchp show the data-watch table only (DataTree.dumpWatches and
     * dumpWatchesSummary read dataWatches): getData, exists, persistent and persistent-recursive watches,
     * not getChildren watches. We show the same, so the numbers agree with ZooKeeper's; mntr's
     * zk_watch_count counts both tables, as ZooKeeper's does.
     */

    /** wchs: WatchManager.toString, then WatchCommand's newline. */
    static String watchSummary(Replica replica) {
        WatchTable watches = replica.stateMachine().watches();
        Map<Long, List<String>> byWatcher = watches.dataPathsByWatcher();
        long total = 0;
        for (List<String> paths : byWatcher.values()) {
            total += paths.size();
        }
        return byWatcher.size() + " connections watching " + watches.dataWatchersByPath().size() + " paths\n"
                + "Total watches:" + total + "\n";
    }

    /** wchc: for each watching connection its session id (0x0 before the session exists), then its paths. */
    static String watchesBySession(Replica replica) {
        Map<Long, Long> sessionOf = replica.sessionsByConnection();
        Map<Long, TreeSet<String>> bySession = new TreeMap<>();
        replica.stateMachine().watches().dataPathsByWatcher().forEach((connectionId, paths) ->
                bySession.computeIfAbsent(sessionOf.getOrDefault(connectionId, 0L), s -> new TreeSet<>())
                        .addAll(paths));
        StringBuilder b = new StringBuilder();
        bySession.forEach((sessionId, paths) -> {
            b.append("0x").append(Long.toHexString(sessionId)).append('\n');
            for (String path : paths) {
                b.append('\t').append(path).append('\n');
            }
        });
        return b.append('\n').toString();
    }

    /** wchp: for each watched path the session ids watching it. */
    static String watchesByPath(Replica replica) {
        Map<Long, Long> sessionOf = replica.sessionsByConnection();
        StringBuilder b = new StringBuilder();
        replica.stateMachine().watches().dataWatchersByPath().forEach((path, connectionIds) -> {
            b.append(path).append('\n');
            TreeSet<Long> sessions = new TreeSet<>();
            for (long connectionId : connectionIds) {
                sessions.add(sessionOf.getOrDefault(connectionId, 0L));
            }
            for (long sessionId : sessions) {
                b.append("\t0x").append(Long.toHexString(sessionId)).append('\n');
            }
        });
        return b.append('\n').toString();
    }

    /**
     * hash: ZooKeeper prints its digest log, one "zxidHex: digest" line per 128th zxid. Paddock keeps no
     * tree digests yet, so this is what ZooKeeper prints with zookeeper.digest.enabled=false: nothing.
     */
    static String digestLog() {
        return "";
    }
}
