package io.paddock.server.tools;

import io.paddock.server.session.Session;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.sm.StateMachine;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.LogRetention;
import io.paddock.server.storage.rocksdb.RocksStorage;
import io.paddock.server.tools.zk.ZkDataDir;
import io.paddock.server.tools.zk.ZkLogReader;
import io.paddock.server.tools.zk.ZkSnapshot;
import io.paddock.server.tools.zk.ZkSnapshotReader;
import io.paddock.server.tools.zk.ZkTree;
import io.paddock.server.tools.zk.ZkTxnDecoder;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Imports the data of an Apache ZooKeeper 3.x server into a fresh Paddock storage, so that Paddock started
 * on it serves the same tree (paths, data, ACLs, every Stat field), the same sessions (ids and timeouts,
 * hence the same passwords) and continues at ZooKeeper's last zxid, so that clients reconnect.
 *
 * <pre>
 *   paddock-import-zk &lt;zk dataDir or its version-2 dir&gt; [&lt;zk dataLogDir&gt;] &lt;paddock dataDir&gt;
 * </pre>
 *
 * The ZooKeeper database is loaded as ZooKeeper loads it: the newest snapshot that reads back with valid
 * checksums, then the logged txns after its zxid, with ZooKeeper's tolerance of a fuzzy snapshot
 * ({@link ZkTree}); then the ephemerals of sessions that no longer exist are removed, as ZooKeeper does at
 * startup. The result is checked by restoring it into Paddock's state machine and written as Paddock's
 * snapshot, stamped with the last zxid; the replayed txns go into Paddock's log as history. The storage is
 * built in a temporary directory and moved into place when complete, so a failed import leaves nothing.
 * The ZooKeeper files are only read; ZooKeeper must not be running on them.
 */
public final class ImportZooKeeper {
    private static final String USAGE = "Usage: paddock-import-zk <zk dataDir or its version-2 dir> [<zk dataLogDir>] "
            + "<paddock dataDir>\n"
            + "  <paddock dataDir> is Paddock's dataLogDir when its zoo.cfg sets one, else its dataDir;\n"
            + "  it must not hold a Paddock storage yet.";
    /** ZooKeeper gives up after trying this many snapshots, newest first (FileSnap.deserialize). */
    private static final int SNAPSHOTS_TRIED_MAX = 100;
    private static final int APPEND_BATCH_MAX = 1000;
    private static final int SNAPSHOT_BATCH_NODES_MAX = 10_000;

    /** What an import did. */
    public record Summary(Path snapshot, long snapshotZxid, int logFiles, long txnsReplayed, int znodes,
                          int sessions, int deadEphemeralsRemoved, long lastZxid, Path storage,
                          List<String> warnings, long elapsedMs) {
    }

    private ImportZooKeeper() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || args.length > 3 || args[0].startsWith("-")) {
            err.println(USAGE);
            return PrintLog.EXIT_USAGE;
        }
        Path zkDataDir = Path.of(args[0]);
        Path zkDataLogDir = args.length == 3 ? Path.of(args[1]) : null;
        Path paddockDataDir = Path.of(args[args.length - 1]);
        try {
            Summary s = importDataDir(zkDataDir, zkDataLogDir, paddockDataDir, out::println);
            for (String warning : s.warnings()) {
                err.println("warning: " + warning);
            }
            out.printf("Imported %d znodes and %d sessions; last zxid 0x%s (snapshot 0x%s + %d txns from %d log "
                            + "files%s) in %d ms%n", s.znodes(), s.sessions(), Long.toHexString(s.lastZxid()),
                    Long.toHexString(s.snapshotZxid()), s.txnsReplayed(), s.logFiles(),
                    s.deadEphemeralsRemoved() > 0 ? "; removed " + s.deadEphemeralsRemoved()
                            + " ephemerals of sessions that no longer exist" : "", s.elapsedMs());
            out.println("Paddock storage: " + s.storage());
            return PrintLog.EXIT_OK;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            err.println("no Paddock storage was created in " + paddockDataDir);
            return PrintLog.EXIT_FAILED;
        }
    }

    /**
     * Imports zkDataDir (and zkDataLogDir, null when the logs live in zkDataDir) into paddockDataDir, which
     * must not hold a Paddock storage yet. Progress lines go to progress.
     */
    public static Summary importDataDir(Path zkDataDir, Path zkDataLogDir, Path paddockDataDir,
                                        Consumer<String> progress) throws IOException {
        long startMs = System.currentTimeMillis();
        Path target = paddockDataDir.resolve("paddock-db");
        refuseExisting(paddockDataDir, target);
        ZkDataDir zk = ZkDataDir.locate(zkDataDir, zkDataLogDir);
        List<String> warnings = new ArrayList<>();
        ZkSnapshot snapshot = newestValidSnapshot(zk, warnings, progress);
        Files.createDirectories(paddockDataDir);
        Path workDir = Files.createTempDirectory(paddockDataDir, ".paddock-import-");
        try {
            Replay replay;
            int removed;
            StateMachine sm;
            try (RocksStorage storage = RocksStorage.open(workDir, true, LogRetention.DEFAULT)) {
                replay = replayLogs(zk, snapshot, storage, warnings, progress);
                removed = replay.tree.removeEphemeralsOfDeadSessions();
                if (!replay.tree.unresolvedAcls().isEmpty()) {
                    throw new IOException(snapshot.file() + ": nodes refer to ACLs missing from its ACL table and "
                            + "no logged txn sets them: " + replay.tree.unresolvedAcls());
                }
                sm = restore(replay.tree);
                writeSnapshot(storage, sm, replay.tree.lastZxid());
            }
            moveIntoPlace(workDir.resolve("paddock-db"), target);
            return new Summary(snapshot.file(), snapshot.zxid(), replay.logFiles, replay.txns, sm.tree().nodeCount(),
                    sm.sessions().size(), removed, replay.tree.lastZxid(), target, List.copyOf(warnings),
                    System.currentTimeMillis() - startMs);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private static void refuseExisting(Path paddockDataDir, Path target) throws IOException {
        if (Files.exists(paddockDataDir) && !Files.isDirectory(paddockDataDir)) {
            throw new IOException(paddockDataDir + " is not a directory");
        }
        if (Files.exists(target)) {
            throw new IOException(paddockDataDir + " already holds a Paddock storage (" + target
                    + "); import only into a dataDir without one");
        }
    }

    private static ZkSnapshot newestValidSnapshot(ZkDataDir zk, List<String> warnings, Consumer<String> progress)
            throws IOException {
        List<ZkDataDir.ZkFile> snapshots = zk.snapshotsNewestFirst();
        if (snapshots.isEmpty()) {
            if (!zk.logs().isEmpty()) {
                throw new IOException("no snapshot in " + zk.snapDir() + " but log files in " + zk.logDir()
                        + ": ZooKeeper itself refuses to start from this (is the snapshot directory right?)");
            }
            throw new IOException("no snapshot in " + zk.snapDir() + ": nothing to import");
        }
        List<String> problems = new ArrayList<>();
        for (ZkDataDir.ZkFile file : snapshots.subList(0, Math.min(SNAPSHOTS_TRIED_MAX, snapshots.size()))) {
            try {
                ZkSnapshot snapshot = ZkSnapshotReader.read(file.path());
                progress.accept("Read snapshot " + file.path() + " (zxid 0x" + Long.toHexString(snapshot.zxid())
                        + ", " + snapshot.nodes().size() + " znodes, " + snapshot.sessions().size() + " sessions)");
                if (!problems.isEmpty()) {
                    warnings.add("used an older snapshot, as ZooKeeper would: " + String.join("; ", problems));
                }
                return snapshot;
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        throw new IOException("no valid snapshot in " + zk.snapDir() + ": " + String.join("; ", problems));
    }

    private static final class Replay {
        final ZkTree tree;
        int logFiles;
        long txns;

        Replay(ZkTree tree) {
            this.tree = tree;
        }
    }

    /**
     * Reads every record of the log files that may follow the snapshot (checking each checksum, as
     * ZooKeeper does, also of records before the snapshot's zxid) and applies those after it. The applied
     * entries are appended to Paddock's log as they come.
     */
    private static Replay replayLogs(ZkDataDir zk, ZkSnapshot snapshot, RocksStorage storage, List<String> warnings,
                                     Consumer<String> progress) throws IOException {
        Replay replay = new Replay(new ZkTree(snapshot));
        List<ZkDataDir.ZkFile> logs = zk.logsAfter(snapshot.zxid());
        if (logs.isEmpty()) {
            warnings.add("no log files in " + zk.logDir() + (zk.logDir().equals(zk.snapDir())
                    ? "; if ZooKeeper ran with a dataLogDir, give it as the second argument, or the txns after the "
                    + "snapshot are missing" : ""));
        }
        List<TxnEntry> batch = new ArrayList<>();
        boolean started = false;
        long previous = snapshot.zxid();
        for (ZkDataDir.ZkFile log : logs) {
            boolean used = false;
            try (ZkLogReader reader = ZkLogReader.open(log.path())) {
                for (ZkLogReader.Record r = reader.next(); r != null; r = reader.next()) {
                    TxnEntry entry = decode(r);
                    // As FileTxnIterator: skip to the first txn after the snapshot, then apply everything.
                    if (!started && entry.zxid() <= snapshot.zxid()) {
                        continue;
                    }
                    started = true;
                    used = true;
                    maybeWarnGap(previous, entry.zxid(), log.path(), warnings);
                    previous = Math.max(previous, entry.zxid());
                    replay.tree.apply(entry);
                    replay.txns++;
                    batch.add(entry);
                    if (batch.size() == APPEND_BATCH_MAX) {
                        storage.append(batch);
                        batch.clear();
                    }
                }
                warnings.addAll(reader.warnings());
            }
            if (used) {
                replay.logFiles++;
                progress.accept("Replayed " + log.path());
            }
        }
        storage.append(batch);
        return replay;
    }

    private static TxnEntry decode(ZkLogReader.Record r) throws IOException {
        try {
            return ZkTxnDecoder.decode(r.txnBytes());
        } catch (TxnCodec.MalformedTxnException e) {
            throw new IOException(r.file() + " at offset " + r.offset() + ": " + e.getMessage(), e);
        }
    }

    /** Within an epoch zxids are consecutive; a hole means log data is missing (ZooKeeper loads it anyway). */
    private static void maybeWarnGap(long previous, long zxid, Path file, List<String> warnings) {
        if (zxid > previous + 1 && (zxid >>> 32) == (previous >>> 32)) {
            warnings.add(String.format("%s: txns 0x%x to 0x%x are missing from the logs", file, previous + 1, zxid - 1));
        } else if (zxid <= previous) {
            warnings.add(String.format("%s: txn 0x%x comes after 0x%x", file, zxid, previous));
        }
    }

    /** Paddock's state machine loads the result exactly as the server will at startup: a bad tree fails here. */
    private static StateMachine restore(ZkTree tree) throws IOException {
        StateMachine sm = new StateMachine(2000, true);
        try {
            sm.restore(tree.lastZxid(), tree.records(), tree.sessions(), List.of(), System.currentTimeMillis());
        } catch (RuntimeException e) {
            throw new IOException("the ZooKeeper data does not load into Paddock: " + e.getMessage(), e);
        }
        return sm;
    }

    private static void writeSnapshot(RocksStorage storage, StateMachine sm, long lastZxid) {
        List<NodeRecord> batch = new ArrayList<>();
        for (NodeRecord record : sm.tree().sortedRecords()) {
            batch.add(record);
            if (batch.size() == SNAPSHOT_BATCH_NODES_MAX) {
                storage.saveSnapshot(new TreeChanges(lastZxid, batch, List.of(), List.of(), List.of()));
                batch = new ArrayList<>();
            }
        }
        List<SessionRecord> sessions = new ArrayList<>();
        for (Session s : sm.sessions().all()) {
            sessions.add(new SessionRecord(s.id, s.timeoutMs));
        }
        // Every batch stamps the snapshot with lastZxid; the tree is never empty, so at least one does.
        storage.saveSnapshot(new TreeChanges(lastZxid, batch, List.of(), sessions, List.of()));
    }

    /** Syncs every file of the finished storage, then renames its directory into place. */
    private static void moveIntoPlace(Path built, Path target) throws IOException {
        try (Stream<Path> files = Files.list(built)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
        }
        syncDirectory(built);
        Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform lets a directory be synced; the files themselves are.
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
