package io.paddock.server.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.tree.NodeRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotReaderTest {
    @TempDir
    Path dataDir;

    @Test
    void aSnapshotLargeEnoughToSplitIsReadWholeAndInKeyOrder() throws Exception {
        // About 8 MB of nodes (past the split threshold), clustered under one prefix as real trees are.
        java.util.Random random = new java.util.Random(7);
        List<NodeRecord> written = new ArrayList<>();
        written.add(node("/app", new byte[0]));
        for (int dir = 0; dir < 200; dir++) {
            String parent = String.format("/app/d%03d", dir);
            written.add(node(parent, new byte[0]));
            for (int n = 0; n < 250; n++) {
                byte[] value = new byte[150];
                random.nextBytes(value);
                written.add(node(parent + "/n" + n, value));
            }
        }
        List<SessionRecord> sessions = List.of(new SessionRecord(7, 30_000), new SessionRecord(9, 4_000));
        try (RocksStorage storage = RocksStorage.open(dataDir, false, 1_000)) {
            storage.recover();
            storage.saveSnapshot(new TreeChanges(42, written, List.of(), sessions, List.of()));
        }
        Recovered recovered;
        try (RocksStorage storage = RocksStorage.open(dataDir, false, 1_000)) {
            recovered = storage.recover();
            byte[] split = storage.snapshotSplitKey();
            assertTrue(split != null, "the nodes are read in two halves");
            String at = new String(split, StandardCharsets.ISO_8859_1);
            assertTrue(at.compareTo("n/app/d050") > 0 && at.compareTo("n/app/d150") < 0, "split near the middle: " + at);
        }
        List<String> want = written.stream().map(NodeRecord::path).sorted(SnapshotReaderTest::byKey).toList();
        assertEquals(want, recovered.nodes().stream().map(NodeRecord::path).toList());
        assertEquals(List.of(7L, 9L), recovered.sessions().stream().map(SessionRecord::id).toList());
        assertEquals(42, recovered.snapshotZxid());
    }

    @Test
    void theMidpointLiesBetweenItsEnds() {
        byte[] a = "n/app".getBytes(StandardCharsets.UTF_8);
        byte[] b = "n/app/d199/n99".getBytes(StandardCharsets.UTF_8);
        byte[] mid = SnapshotReader.midpoint(a, b);
        assertTrue(Arrays.compareUnsigned(a, mid) < 0, "above the lower end");
        assertTrue(Arrays.compareUnsigned(mid, b) < 0, "below the upper end");
        byte[] c = "n/app/d000".getBytes(StandardCharsets.UTF_8);
        byte[] d = "n/app/d100".getBytes(StandardCharsets.UTF_8);
        byte[] between = SnapshotReader.midpoint(c, d);
        assertTrue(Arrays.compareUnsigned(c, between) < 0 && Arrays.compareUnsigned(between, d) < 0);
    }

    private static int byKey(String x, String y) {
        return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
    }

    private static NodeRecord node(String path, byte[] data) {
        return new NodeRecord(path, data, List.of(Acl.WORLD_ALL), 1, 1, 0, 0, 0, 0, 0, 0, 1);
    }
}
