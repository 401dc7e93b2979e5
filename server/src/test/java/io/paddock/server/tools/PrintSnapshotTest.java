package io.paddock.server.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.protocol.Perms;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.rocksdb.RocksStorage;
import io.paddock.server.tools.zk.ZkFilesForTest;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.tree.NodeRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot printer on a Paddock storage (also while a server holds it) and on a ZooKeeper snapshot file. */
class PrintSnapshotTest {
    private static final long SESSION = 0x1000_0000_0000_0001L;
    private static final long TIME_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static List<NodeRecord> nodes() {
        return List.of(
                new NodeRecord("/", new byte[0], List.of(Acl.WORLD_ALL), 0, 0, 0, 0, 0, 2, 0, 0, 3),
                new NodeRecord("/app", "hello".getBytes(StandardCharsets.UTF_8),
                        List.of(new Acl(Perms.ALL, "digest", "alice:x="), Acl.WORLD_READ), 2, 4, TIME_MS,
                        TIME_MS + 2000, 1, 1, 1, 0, 3),
                new NodeRecord("/app/e", new byte[] {1, 2, 3}, List.of(Acl.WORLD_ALL), 3, 3, TIME_MS + 1000,
                        TIME_MS + 1000, 0, 0, 0, SESSION, 3),
                new NodeRecord("/c", new byte[0], List.of(Acl.WORLD_ALL), 5, 5, TIME_MS + 3000, TIME_MS + 3000, 0, 0,
                        0, EphemeralOwner.CONTAINER, 5));
    }

    private static final String APP = """
            ----
            /app
              cZxid = 0x2
              ctime = 2023-11-14 22:13:20.000 Z
              mZxid = 0x4
              mtime = 2023-11-14 22:13:22.000 Z
              pZxid = 0x3
              cversion = 1
              dataVersion = 1
              aclVersion = 1
              ephemeralOwner = 0x0
            """;

    @Test
    void printsEachZnodeThenTheSessionsThenTheZxid() {
        writeSnapshot();
        PrintLogTest.Run run = run(dir.toString());
        assertEquals(0, run.status(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("Paddock snapshot in " + dir.resolve("paddock-db") + "\nZNode Details:\n----\n/\n"),
                out);
        assertTrue(out.contains(APP + "  dataLength = 5\n  acl = [digest:alice:x=:cdrwa, world:anyone:r]\n"), out);
        assertTrue(out.contains("/app/e\n  cZxid = 0x3\n"), out);
        assertTrue(out.contains("  ephemeralOwner = 0x1000000000000001\n  dataLength = 3\n"), out);
        assertTrue(out.contains("  ephemeralOwner = 0x8000000000000000\n"), "a container: " + out);
        assertTrue(out.endsWith("""
                ----
                ZNode count: 4
                Session Details (sid, timeout, ephemeralCount):
                0x1000000000000001, 30000, 1
                0x1000000000000002, 4000, 0
                ----
                Last zxid: 0x1f
                """), out);
    }

    @Test
    void dumpsTheDataInBase64() {
        writeSnapshot();
        PrintLogTest.Run run = run("-d", dir.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains(APP + "  data = aGVsbG8=\n"), run.out());
    }

    @Test
    void readsTheStorageWhileAServerHoldsIt() throws IOException {
        try (RocksStorage held = RocksStorage.open(dir, true, 1000)) {
            held.saveSnapshot(changes());
            PrintLogTest.Run run = run(dir.toString());
            assertEquals(0, run.status(), run.err());
            assertTrue(run.out().endsWith("Last zxid: 0x1f\n"), run.out());
        }
    }

    @Test
    void printsAZooKeeperSnapshotFile() throws IOException {
        Path file = dir.resolve("snapshot.1f");
        ZkFilesForTest.writeSnapshot(file, nodes(), List.of(new SessionRecord(SESSION, 30_000)),
                ZkFilesForTest.Style.PLAIN, Map.of("/c", 9L));
        PrintLogTest.Run run = run(file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("ZooKeeper snapshot " + file + "\n"), run.out());
        assertTrue(run.out().contains(APP + "  dataLength = 5\n"), run.out());
        assertTrue(run.out().contains("  acl = <ACL id 9 missing from the ACL table>\n"), run.out());
        assertTrue(run.out().endsWith("0x1000000000000001, 30000, 1\n----\nLast zxid: 0x1f\n"), run.out());
    }

    @Test
    void saysWhatIsWrongWithItsArguments() {
        PrintLogTest.Run missing = run(dir.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("error: no Paddock storage in " + dir), missing.err());
        assertEquals(2, run().status());
        assertEquals(2, run("-x", dir.toString()).status());
    }

    private static TreeChanges changes() {
        return new TreeChanges(0x1f, nodes(), List.of(),
                List.of(new SessionRecord(SESSION, 30_000), new SessionRecord(SESSION + 1, 4000)), List.of());
    }

    private void writeSnapshot() {
        try (RocksStorage storage = RocksStorage.open(dir, true, 1000)) {
            storage.saveSnapshot(changes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static PrintLogTest.Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PrintSnapshot.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ZoneOffset.UTC);
        return new PrintLogTest.Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
