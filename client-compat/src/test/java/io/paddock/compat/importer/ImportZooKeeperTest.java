package io.paddock.compat.importer;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Acls;
import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.storage.rocksdb.ReadOnlyStorage;
import io.paddock.server.tools.ImportZooKeeper;
import io.paddock.server.tools.zk.ZkDataDir;
import io.paddock.server.tools.zk.ZkLogReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.SyncRequestProcessor;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The importer on data written by the real Apache ZooKeeper 3.9.5 server: ZooKeeper takes a snapshot every
 * 5 to 9 txns (snapCount 10) while a varied workload runs, so the import reads a fuzzy snapshot and replays
 * the logs after it. Paddock started on the result must serve the very same tree (every Stat field, data and
 * ACL), keep the live session (its client moves over with its lastZxidSeen and finds its ephemerals) and
 * continue at ZooKeeper's next zxid.
 */
class ImportZooKeeperTest {
    private static final long TTL_MS = 3_600_000L;
    /** No snapshot at all during a test's final writes, so that they are found in the log only. */
    private static final int SNAP_COUNT_NEVER = 10_000_000;

    @TempDir
    Path dir;

    private static int snapCountBefore;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void rememberZooKeeperStatics() {
        Servers.targetKind(); // sets ZooKeeper's system properties before any of its server classes load
        snapCountBefore = SyncRequestProcessor.getSnapCount();
    }

    @AfterAll
    static void restoreZooKeeperStatics() {
        SyncRequestProcessor.setSnapCount(snapCountBefore);
        SnapStream.setStreamMode(SnapStream.StreamMode.DEFAULT_MODE);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @ParameterizedTest(name = "snapshots compressed: {0}")
    @EnumSource(SnapStream.StreamMode.class)
    void paddockServesWhatZooKeeperServed(SnapStream.StreamMode compression) throws Exception {
        SnapStream.setStreamMode(compression);
        SyncRequestProcessor.setSnapCount(10);
        Path zkDir = dir.resolve("zk");
        TestServer zookeeper = Servers.zookeeper(zkDir, ServerOptions.defaults());
        Clients.EventQueue liveEvents = new Clients.EventQueue();
        ZooKeeper live = Clients.connect(zookeeper, liveEvents);
        toClose.add(live::close);

        Clients.EventQueue keeperEvents = new Clients.EventQueue();
        ZooKeeper keeper = Clients.connect(zookeeper, keeperEvents);
        keeper.create("/keeper-eph", utf8("k"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        writeVariedTree(zookeeper, live);
        SyncRequestProcessor.setSnapCount(SNAP_COUNT_NEVER);
        awaitNoSnapshotInProgress();
        live.setData("/app", utf8("tail"), -1);
        live.create("/tail", utf8("last"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        live.delete("/bulk/n-01", -1);

        live.addAuthInfo("digest", utf8(ServerOptions.SUPER_USER + ":" + ServerOptions.SUPER_PASSWORD));
        Map<String, NodeView> served = walk(live);
        long lastZxid = zxidOf(zookeeper);
        zookeeper.close();
        liveEvents.takeState(Watcher.Event.KeeperState.Disconnected);
        // Closing a client that cannot reach a server leaves its session open: reattached below.
        keeperEvents.takeState(Watcher.Event.KeeperState.Disconnected);
        long keeperId = keeper.getSessionId();
        byte[] keeperPassword = keeper.getSessionPasswd();
        int keeperTimeoutMs = keeper.getSessionTimeout();
        keeper.close();

        List<Path> snapshots = files(zkDir.resolve("snap").resolve(ZkDataDir.VERSION_DIR), "snapshot.");
        assertTrue(snapshots.size() >= 3, "ZooKeeper took several snapshots: " + snapshots);
        assertTrue(snapshots.stream().allMatch(p -> p.toString().endsWith(compression.getFileExtension())),
                "snapshot files of " + compression + ": " + snapshots);

        Path paddockDir = dir.resolve("paddock");
        List<String> progress = new ArrayList<>();
        ImportZooKeeper.Summary summary = ImportZooKeeper.importDataDir(zkDir.resolve("snap"), zkDir.resolve("log"),
                paddockDir, progress::add);
        assertEquals(lastZxid, summary.lastZxid(), "last zxid; progress: " + progress);
        assertTrue(summary.txnsReplayed() >= 3, "replayed the txns after the snapshot: " + summary);
        assertEquals(served.size(), summary.znodes(), "znodes: " + summary);
        assertEquals(List.of(), summary.warnings());
        try (ReadOnlyStorage storage = ReadOnlyStorage.open(paddockDir)) {
            List<SessionRecord> expected = new ArrayList<>(List.of(
                    new SessionRecord(live.getSessionId(), live.getSessionTimeout()),
                    new SessionRecord(keeperId, keeperTimeoutMs)));
            expected.sort(java.util.Comparator.comparingLong(SessionRecord::id));
            assertEquals(expected, storage.sessions(), "the open sessions and only they");
            assertEquals(lastZxid, storage.snapshotZxid());
        }

        TestServer paddock = Servers.paddock(paddockDir);
        toClose.add(paddock);
        Clients.EventQueue reattachedEvents = new Clients.EventQueue();
        ZooKeeper reattached = new ZooKeeper(paddock.connectString(), keeperTimeoutMs, reattachedEvents, keeperId,
                keeperPassword);
        toClose.add(reattached::close);
        reattachedEvents.takeState(Watcher.Event.KeeperState.SyncConnected);
        assertEquals(keeperId, reattached.getSessionId(), "reattached with id and password");
        Stat keeperEphemeral = reattached.exists("/keeper-eph", false);
        assertNotNull(keeperEphemeral, "the reattached session finds its ephemeral");
        assertEquals(keeperId, keeperEphemeral.getEphemeralOwner());

        // The client moves over as after a server failure: it reconnects with its session id, password and
        // lastZxidSeen, which Paddock accepts only when it has seen that zxid too.
        long sessionId = live.getSessionId();
        live.updateServerList(paddock.connectString());
        liveEvents.takeState(Watcher.Event.KeeperState.SyncConnected);
        assertEquals(sessionId, live.getSessionId(), "the client kept its session");

        assertSameTree(served, walk(live));
        Stat liveEphemeral = live.exists("/app/live-eph", false);
        assertNotNull(liveEphemeral);
        assertEquals(sessionId, liveEphemeral.getEphemeralOwner());

        Stat created = new Stat();
        live.create("/after-import", utf8("x"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        assertEquals(lastZxid + 1, created.getCzxid(), "zxids continue after ZooKeeper's");

    }

    @Test
    void aDamagedLogRecordFailsTheImportNamingTheFileAndOffset() throws Exception {
        SnapStream.setStreamMode(SnapStream.StreamMode.DEFAULT_MODE);
        SyncRequestProcessor.setSnapCount(SNAP_COUNT_NEVER);
        Path zkDir = dir.resolve("zk");
        writeSmallTree(zkDir);
        Path logDir = zkDir.resolve("log").resolve(ZkDataDir.VERSION_DIR);
        List<Path> logs = files(logDir, "log.");
        Path newest = logs.get(logs.size() - 1);
        List<ZkLogReader.Record> records = new ArrayList<>();
        try (ZkLogReader reader = ZkLogReader.open(newest)) {
            for (ZkLogReader.Record r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        assertTrue(records.size() >= 10, "records in " + newest + ": " + records.size());
        ZkLogReader.Record victim = records.get(records.size() / 2);
        flipByte(newest, victim.offset() + 8 + 4 + victim.txnBytes().length / 2);

        Path paddockDir = dir.resolve("paddock");
        IOException e = assertThrows(IOException.class,
                () -> ImportZooKeeper.importDataDir(zkDir.resolve("snap"), zkDir.resolve("log"), paddockDir, s -> { }));
        assertTrue(e.getMessage().contains(newest.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + victim.offset()), e.getMessage());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        try (Stream<Path> left = Files.list(paddockDir)) {
            assertEquals(List.of(), left.toList(), "a failed import leaves nothing behind");
        }
    }

    @Test
    void refusesATargetThatAlreadyHoldsAPaddockStorage() throws Exception {
        SnapStream.setStreamMode(SnapStream.StreamMode.DEFAULT_MODE);
        SyncRequestProcessor.setSnapCount(SNAP_COUNT_NEVER);
        Path zkDir = dir.resolve("zk");
        writeSmallTree(zkDir);
        Path paddockDir = dir.resolve("paddock");
        ImportZooKeeper.Summary first = ImportZooKeeper.importDataDir(zkDir.resolve("snap"), zkDir.resolve("log"),
                paddockDir, s -> { });
        assertTrue(first.txnsReplayed() >= 10, first.toString());

        IOException e = assertThrows(IOException.class,
                () -> ImportZooKeeper.importDataDir(zkDir.resolve("snap"), zkDir.resolve("log"), paddockDir, s -> { }));
        assertTrue(e.getMessage().contains("already holds a Paddock storage"), e.getMessage());
        try (ReadOnlyStorage storage = ReadOnlyStorage.open(paddockDir)) {
            assertEquals(first.lastZxid(), storage.snapshotZxid(), "the first import is untouched");
        }
    }

    // ---- the workload

    /**
     * Nested nodes, text and binary data, digest ACLs, ephemerals of a session that stays and of one that
     * closes, sequentials, a container, TTL nodes, a multi and a failed multi, ACL and data changes, deletes.
     */
    private void writeVariedTree(TestServer zookeeper, ZooKeeper live) throws Exception {
        List<ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        ZooKeeper other = Clients.connect(zookeeper);
        ZooKeeper alice = Clients.connect(zookeeper);
        alice.addAuthInfo("digest", utf8("alice:secret"));

        live.create("/app", utf8("app"), open, CreateMode.PERSISTENT);
        live.create("/app/a", utf8("a"), open, CreateMode.PERSISTENT);
        live.create("/app/a/b", utf8("b"), open, CreateMode.PERSISTENT);
        live.create("/app/a/b/c", utf8("c"), open, CreateMode.PERSISTENT);
        live.create("/app/config", utf8("{\"x\":1}"), open, CreateMode.PERSISTENT);
        live.setData("/app/config", utf8("{\"x\":2}"), -1);
        live.setData("/app/config", utf8("{\"x\":3}"), 1);
        live.setACL("/app/config", acl(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                Acls.digestAcl(ZooDefs.Perms.ALL, "alice", "secret")), -1);
        alice.create("/secure", utf8("s"), acl(Acls.digestAcl(ZooDefs.Perms.ALL, "alice", "secret"),
                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);
        alice.create("/secure/inner", utf8("only alice"), acl(Acls.digestAcl(ZooDefs.Perms.ALL, "alice", "secret")),
                CreateMode.PERSISTENT);
        live.create("/app/live-eph", utf8("mine"), open, CreateMode.EPHEMERAL);
        live.create("/app/eseq-", utf8("e"), open, CreateMode.EPHEMERAL_SEQUENTIAL);
        other.create("/app/other-eph", utf8("theirs"), open, CreateMode.EPHEMERAL);
        for (int i = 0; i < 3; i++) {
            live.create("/app/seq-", utf8("s" + i), open, CreateMode.PERSISTENT_SEQUENTIAL);
        }
        live.create("/app/container", null, open, CreateMode.CONTAINER);
        live.create("/app/container/kid", utf8("k"), open, CreateMode.PERSISTENT);
        live.create("/app/ttl", utf8("t"), open, CreateMode.PERSISTENT_WITH_TTL, new Stat(), TTL_MS);
        live.create("/app/ttl-seq-", utf8("t"), open, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, new Stat(), TTL_MS);
        live.multi(List.of(Op.create("/m", utf8("m"), open, CreateMode.PERSISTENT),
                Op.create("/m/x", utf8("x"), open, CreateMode.PERSISTENT),
                Op.setData("/app", utf8("app2"), -1),
                Op.delete("/app/a/b/c", -1)));
        assertThrows(KeeperException.BadVersionException.class, () -> live.multi(List.of(
                Op.check("/app", 999), Op.create("/never", null, open, CreateMode.PERSISTENT))));
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        live.create("/binary", binary, open, CreateMode.PERSISTENT);
        live.create("/empty", new byte[0], open, CreateMode.PERSISTENT);
        live.create("/null-data", null, open, CreateMode.PERSISTENT);
        live.create("/world-read", utf8("r"), ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        live.create("/bulk", null, open, CreateMode.PERSISTENT);
        for (int i = 0; i < 40; i++) {
            String path = String.format("/bulk/n-%02d", i);
            live.create(path, utf8("v" + i), open, CreateMode.PERSISTENT);
            if (i % 3 == 0) {
                live.setData(path, utf8("w" + i), -1);
            }
            if (i % 5 == 4) {
                live.delete(String.format("/bulk/n-%02d", i - 2), -1);
            }
        }
        try {
            live.delete("/app/a/b/nope", -1);
        } catch (KeeperException.NoNodeException expected) {
            // An error answered without a txn.
        }
        other.close(); // its ephemeral goes with it
        alice.close();
    }

    /** A ZooKeeper dataDir with one snapshot (at startup) and a log of some dozen txns, ZooKeeper stopped. */
    private void writeSmallTree(Path zkDir) throws Exception {
        try (TestServer zookeeper = Servers.zookeeper(zkDir, ServerOptions.defaults())) {
            ZooKeeper zk = Clients.connect(zookeeper);
            try {
                zk.create("/small", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (int i = 0; i < 20; i++) {
                    zk.create("/small/n" + i, utf8("data " + i), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
            } finally {
                zk.close();
            }
        }
    }

    /** A mutable list: the client's ACL validation asks contains(null), which List.of refuses. */
    private static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(List.of(entries));
    }

    // ---- observing

    /** A node as a client sees it: data (hex, or "null": ZooKeeper keeps null data apart from empty), Stat, ACL. */
    private record NodeView(String dataHex, Stat stat, List<ACL> acl) {
    }

    /** Every node reachable from "/", by path. */
    private static Map<String, NodeView> walk(ZooKeeper zk) throws Exception {
        Map<String, NodeView> nodes = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>(List.of("/"));
        while (!pending.isEmpty()) {
            String path = pending.pop();
            Stat stat = new Stat();
            byte[] data = zk.getData(path, false, stat);
            List<ACL> acl = zk.getACL(path, new Stat());
            nodes.put(path, new NodeView(data == null ? "null" : HexFormat.of().formatHex(data), stat, acl));
            for (String child : zk.getChildren(path, false)) {
                pending.push(("/".equals(path) ? "" : path) + "/" + child);
            }
        }
        return nodes;
    }

    /** Every difference, one line each, so that a failure shows the whole picture. */
    private static void assertSameTree(Map<String, NodeView> expected, Map<String, NodeView> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "paths");
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, NodeView> e : expected.entrySet()) {
            NodeView want = e.getValue();
            NodeView got = actual.get(e.getKey());
            if (!want.dataHex().equals(got.dataHex())) {
                differences.add(e.getKey() + " data: " + want.dataHex() + " != " + got.dataHex());
            }
            if (!want.stat().equals(got.stat())) {
                differences.add(e.getKey() + " stat: " + want.stat().toString().trim() + " != "
                        + got.stat().toString().trim());
            }
            if (!want.acl().equals(got.acl())) {
                differences.add(e.getKey() + " ACL: " + want.acl() + " != " + got.acl());
            }
        }
        assertEquals(List.of(), differences, "nodes that differ (stat: czxid,mzxid,ctime,mtime,version,cversion,"
                + "aversion,ephemeralOwner,dataLength,numChildren,pzxid)");
    }

    /** The server's last zxid, from the four-letter word srvr ("Zxid: 0x..."). */
    private static long zxidOf(TestServer server) throws Exception {
        String srvr = FourLetterWordMain.send4LetterWord("127.0.0.1", server.clientPort(), "srvr");
        for (String line : srvr.split("\n")) {
            if (line.startsWith("Zxid: ")) {
                return Long.decode(line.substring("Zxid: ".length()).trim());
            }
        }
        throw new AssertionError("no Zxid in srvr output: " + srvr);
    }

    /**
     * ZooKeeper starts a snapshot thread while it logs a txn, before it answers; once a snapshot in flight is
     * done, the txns that follow are certain to be found only in the log.
     */
    private static void awaitNoSnapshotInProgress() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("Snapshot Thread") && t.isAlive())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("a ZooKeeper snapshot is still being written after 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted((a, b) -> Long.compare(
                            ZkDataDir.zxidFromName(a.getFileName().toString(), prefix.substring(0, prefix.length() - 1)),
                            ZkDataDir.zxidFromName(b.getFileName().toString(), prefix.substring(0, prefix.length() - 1))))
                    .toList();
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }
}
