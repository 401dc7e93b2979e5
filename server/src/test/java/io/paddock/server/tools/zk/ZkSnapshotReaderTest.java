package io.paddock.server.tools.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.protocol.Perms;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshot files: their sections, seals, compression, and how the newest usable one and its logs are chosen. */
class ZkSnapshotReaderTest {
    private static final List<Acl> ALICE = List.of(new Acl(Perms.ALL, "digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="),
            new Acl(Perms.READ, "world", "anyone"));

    @TempDir
    Path dir;

    private static List<NodeRecord> nodes() {
        List<NodeRecord> nodes = new ArrayList<>(ZkFilesForTest.zookeeperNodes());
        nodes.add(new NodeRecord("/app", "hello".getBytes(StandardCharsets.UTF_8), ALICE, 2, 3, 2000, 3000, 1, 1, 0,
                0, 4));
        nodes.add(new NodeRecord("/app/e", new byte[0], List.of(Acl.WORLD_ALL), 4, 4, 4000, 4000, 0, 0, 0,
                0x1000_0000_0000_0001L, 4));
        nodes.add(new NodeRecord("/app/null", null, List.of(Acl.WORLD_ALL), 5, 5, 5000, 5000, 0, 0, 0, 0, 5));
        return nodes;
    }

    @ParameterizedTest
    @EnumSource(ZkFilesForTest.Style.class)
    void readsNodesSessionsAndAclsBackAsWritten(ZkFilesForTest.Style style) throws IOException {
        Path file = dir.resolve(style == ZkFilesForTest.Style.GZIP ? "snapshot.1f.gz" : "snapshot.1f");
        List<SessionRecord> sessions = List.of(new SessionRecord(0x1000_0000_0000_0001L, 30_000));
        ZkFilesForTest.writeSnapshot(file, nodes(), sessions, style, Map.of());

        ZkSnapshot snapshot = ZkSnapshotReader.read(file);
        assertEquals(0x1f, snapshot.zxid());
        assertEquals(sessions, snapshot.sessions());
        assertEquals(Map.of(), snapshot.unresolvedAcls());
        assertEquals(nodes().size(), snapshot.nodes().size());
        for (int i = 0; i < nodes().size(); i++) {
            NodeRecord want = nodes().get(i);
            NodeRecord got = snapshot.nodes().get(i);
            assertArrayEquals(want.data(), got.data());
            assertEquals(withoutData(want), withoutData(got));
        }
        assertEquals(style == ZkFilesForTest.Style.PLAIN_WITHOUT_TRAILER ? -1 : 0, snapshot.lastProcessedZxid());
    }

    @Test
    void aDamagedByteFailsTheChecksum() throws IOException {
        Path file = dir.resolve("snapshot.1f");
        ZkFilesForTest.writeSnapshot(file, nodes(), List.of(), ZkFilesForTest.Style.PLAIN, Map.of());
        // Inside the data "hello" of /app: the structure stays readable, only the seal can tell.
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, "hello".getBytes(StandardCharsets.UTF_8));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.write('j');
        }
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZkSnapshotReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": checksum mismatch after the tree"), e.getMessage());
    }

    @Test
    void aTruncatedSnapshotIsRefused() throws IOException {
        Path file = dir.resolve("snapshot.1f");
        ZkFilesForTest.writeSnapshot(file, nodes(), List.of(), ZkFilesForTest.Style.PLAIN, Map.of());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZkSnapshotReader.read(file));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    }

    @Test
    void aNodeWithoutItsParentIsRefused() throws IOException {
        Path file = dir.resolve("snapshot.1f");
        List<NodeRecord> nodes = new ArrayList<>(ZkFilesForTest.zookeeperNodes());
        nodes.add(ZkFilesForTest.node("/lost/child", 3, 0));
        ZkFilesForTest.writeSnapshot(file, nodes, List.of(), ZkFilesForTest.Style.PLAIN, Map.of());
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZkSnapshotReader.read(file));
        assertTrue(e.getMessage().contains("/lost/child comes without its parent /lost"), e.getMessage());
    }

    @Test
    void anAclIdMissingFromTheTableIsReportedNotFatal() throws IOException {
        Path file = dir.resolve("snapshot.1f");
        ZkFilesForTest.writeSnapshot(file, nodes(), List.of(), ZkFilesForTest.Style.PLAIN, Map.of("/app/e", 42L));
        assertEquals(Map.of("/app/e", 42L), ZkSnapshotReader.read(file).unresolvedAcls());
    }

    @Test
    void snappyStreamsAreDecoded() throws IOException {
        // One chunk whose block is the literal "abc" and a back-reference copying 9 bytes from 3 back.
        byte[] block = {12, (3 - 1) << 2, 'a', 'b', 'c', (byte) (1 | ((9 - 4) << 2)), 3};
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(new byte[] {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1});
        stream.write(new byte[] {0, 0, 0, (byte) block.length});
        stream.write(block);
        try (XerialSnappyInputStream in = new XerialSnappyInputStream(new ByteArrayInputStream(stream.toByteArray()))) {
            assertEquals("abcabcabcabc", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void compressionFollowsTheFileNameAsInZooKeeper() {
        assertEquals(ZkSnapshotReader.Compression.GZIP, ZkSnapshotReader.Compression.of("snapshot.1a.gz"));
        assertEquals(ZkSnapshotReader.Compression.SNAPPY, ZkSnapshotReader.Compression.of("snapshot.1a.snappy"));
        assertEquals(ZkSnapshotReader.Compression.NONE, ZkSnapshotReader.Compression.of("snapshot.1a"));
    }

    @Test
    void logsAfterASnapshotStartWithTheOneThatCoversIt() throws IOException {
        Path version2 = Files.createDirectories(dir.resolve("data").resolve(ZkDataDir.VERSION_DIR));
        for (String name : List.of("log.1", "log.a", "log.1e", "log.30", "snapshot.0", "snapshot.1f", "other.txt")) {
            Files.createFile(version2.resolve(name));
        }
        ZkDataDir zk = ZkDataDir.locate(dir.resolve("data"), null);
        assertEquals(version2, zk.snapDir());
        assertEquals(List.of(0x1eL, 0x30L), zk.logsAfter(0x1f).stream().map(ZkDataDir.ZkFile::zxid).toList());
        assertEquals(List.of(0x1L, 0xaL, 0x1eL, 0x30L), zk.logsAfter(0).stream().map(ZkDataDir.ZkFile::zxid).toList());
        assertEquals(List.of(0x1fL, 0L), zk.snapshotsNewestFirst().stream().map(ZkDataDir.ZkFile::zxid).toList());
        assertEquals(version2, ZkDataDir.locate(version2, null).logDir(), "the version-2 dir itself also works");
        IOException e = assertThrows(IOException.class, () -> ZkDataDir.locate(dir, null));
        assertTrue(e.getMessage().contains("no ZooKeeper data in " + dir), e.getMessage());
    }

    private static NodeRecord withoutData(NodeRecord r) {
        return new NodeRecord(r.path(), null, r.acl(), r.czxid(), r.mzxid(), r.ctime(), r.mtime(), r.version(),
                r.cversion(), r.aversion(), r.ephemeralOwner(), r.pzxid());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
