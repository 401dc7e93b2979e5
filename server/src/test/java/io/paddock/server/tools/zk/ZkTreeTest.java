package io.paddock.server.tools.zk;

import static io.paddock.server.tools.zk.ZkFilesForTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replay over a fuzzy snapshot, one test per tolerance of ZooKeeper's DataTree.processTxn: the snapshot
 * already reflects some txns after its zxid, and replaying them again must end where ZooKeeper ends.
 */
class ZkTreeTest {
    private static final long SESSION = 0x1000_0000_0000_0001L;
    private static final long OTHER = 0x1000_0000_0000_0002L;
    private static final List<Acl> OPEN = List.of(Acl.WORLD_ALL);
    private static final List<Acl> READ = List.of(new Acl(Perms.READ, "world", "anyone"));

    /** The snapshot at zxid 10: /a (cversion 2, one child /a/x created at 9), sessions SESSION and OTHER. */
    private static ZkSnapshot snapshot(NodeRecord... extra) {
        List<NodeRecord> nodes = new ArrayList<>(ZkFilesForTest.zookeeperNodes());
        nodes.add(node("/a", 5, 2));
        nodes.add(node("/a/x", 9, 0));
        nodes.addAll(List.of(extra));
        return new ZkSnapshot(Path.of("snapshot.a"), 10, nodes,
                List.of(new SessionRecord(SESSION, 30_000), new SessionRecord(OTHER, 10_000)), Map.of(), -1);
    }

    private static TxnEntry entry(long zxid, long session, Txn txn) {
        return new TxnEntry(zxid, 100_000 + zxid, session, (int) zxid, txn);
    }

    private static NodeRecord record(ZkTree tree, String path) {
        return tree.records().stream().filter(r -> r.path().equals(path)).findFirst().orElse(null);
    }

    @Test
    void aCreateTheSnapshotAlreadyHoldsSetsTheAclAndRaisesTheParentsCversion() {
        // /a/x was created at 9, /a/y at 11 but the snapshot (zxid 10) caught it already.
        NodeRecord y = new NodeRecord("/a/y", "y".getBytes(StandardCharsets.UTF_8), OPEN, 11, 11, 111_000, 111_000,
                0, 0, 0, 0, 11);
        ZkTree tree = new ZkTree(snapshot(y));
        tree.apply(entry(11, SESSION, new Txn.Create(OpCode.CREATE, "/a/y", "other".getBytes(StandardCharsets.UTF_8),
                READ, 0, 3)));

        NodeRecord a = record(tree, "/a");
        assertEquals(3, a.cversion());
        assertEquals(11, a.pzxid());
        NodeRecord replayed = record(tree, "/a/y");
        assertEquals(READ, replayed.acl(), "ZooKeeper puts the txn's ACL on the existing node");
        assertEquals("y", new String(replayed.data(), StandardCharsets.UTF_8), "and leaves its data alone");
    }

    @Test
    void onlyAPlainCreateRaisesTheParentOfANodeThatExists() {
        NodeRecord y = node("/a/y", 11, 0);
        ZkTree tree = new ZkTree(snapshot(y));
        tree.apply(entry(11, SESSION, new Txn.Create(OpCode.CREATE2, "/a/y", new byte[0], READ, 0, 3)));

        assertEquals(2, record(tree, "/a").cversion(), "create2, container and TTL creates leave the parent");
        assertEquals(READ, record(tree, "/a/y").acl());
    }

    @Test
    void aDeleteOfANodeAlreadyGoneStillRaisesTheParentsPzxid() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(12, SESSION, new Txn.Delete("/a/gone")));
        tree.apply(entry(13, SESSION, new Txn.Delete("/missing-parent/x")));

        NodeRecord a = record(tree, "/a");
        assertEquals(12, a.pzxid());
        assertEquals(2, a.cversion());
        assertEquals(13, tree.lastZxid());
    }

    @Test
    void setDataAndSetAclOfMissingNodesAreIgnored() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, SESSION, new Txn.SetData("/nope", new byte[] {1}, 1)));
        tree.apply(entry(12, SESSION, new Txn.SetAcl("/nope", READ, 1)));
        tree.apply(entry(13, SESSION, new Txn.SetData("/a", new byte[] {7}, 1)));

        NodeRecord a = record(tree, "/a");
        assertEquals(1, a.version());
        assertEquals(13, a.mzxid());
        assertEquals(100_013, a.mtime());
        assertEquals(6, tree.records().size());
    }

    @Test
    void nullDataStaysNull() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, SESSION, new Txn.Create(OpCode.CREATE, "/a/n", null, OPEN, 0, 3)));
        tree.apply(entry(12, SESSION, new Txn.SetData("/a", null, 1)));
        assertNull(record(tree, "/a/n").data());
        assertNull(record(tree, "/a").data());
    }

    @Test
    void aCreateUnderAMissingParentIsIgnored() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, SESSION, new Txn.Create(OpCode.CREATE, "/b/c", new byte[0], OPEN, 0, 1)));
        assertNull(record(tree, "/b/c"));
    }

    @Test
    void aCreateFromBefore33TakesOneMoreThanTheParentsCversion() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, SESSION, new Txn.Create(OpCode.CREATE, "/a/z", new byte[0], OPEN, 0, -1)));
        NodeRecord a = record(tree, "/a");
        assertEquals(3, a.cversion());
        assertEquals(11, a.pzxid());
    }

    @Test
    void closeSessionDeletesTheListedAndTheRemainingEphemeralsOfTheSession() {
        NodeRecord e1 = ephemeral("/a/e1", 6, SESSION);
        NodeRecord e2 = ephemeral("/a/e2", 7, SESSION);
        NodeRecord theirs = ephemeral("/a/theirs", 8, OTHER);
        ZkTree tree = new ZkTree(snapshot(e1, e2, theirs));
        // The txn lists /a/e1 and a node a fuzzy snapshot no longer holds; /a/e2 is found in the tree.
        tree.apply(entry(11, SESSION, new Txn.CloseSession(List.of("/a/e1", "/a/already-gone"))));

        assertNull(record(tree, "/a/e1"));
        assertNull(record(tree, "/a/e2"));
        assertEquals(OTHER, record(tree, "/a/theirs").ephemeralOwner());
        assertEquals(List.of(new SessionRecord(OTHER, 10_000)), tree.sessions());
        assertEquals(11, record(tree, "/a").pzxid());
    }

    @Test
    void aFailedMultiChangesNothing() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, SESSION, new Txn.Multi(List.of(
                new Txn.Error(ErrorCode.OK),
                new Txn.Create(OpCode.CREATE, "/a/never", new byte[0], OPEN, 0, 3),
                new Txn.Error(ErrorCode.BAD_VERSION)))));
        assertNull(record(tree, "/a/never"));
        assertEquals(2, record(tree, "/a").cversion());
        assertEquals(11, tree.lastZxid());
    }

    @Test
    void aMultiAppliesEveryPartWithTheSameZxid() {
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, SESSION, new Txn.Multi(List.of(
                new Txn.Create(OpCode.CREATE, "/a/m", new byte[0], OPEN, 0, 3),
                new Txn.Delete("/a/x"),
                new Txn.Check("/a", 0)))));
        NodeRecord a = record(tree, "/a");
        assertEquals(3, a.cversion());
        assertEquals(11, a.pzxid());
        assertEquals(11, record(tree, "/a/m").czxid());
        assertNull(record(tree, "/a/x"));
    }

    @Test
    void ephemeralsOfSessionsThatNoLongerExistGoAtTheEnd() {
        long dead = 0x1000_0000_0000_0009L;
        ZkTree tree = new ZkTree(snapshot(ephemeral("/a/orphan", 6, dead), ephemeral("/a/kept", 7, SESSION)));
        tree.apply(entry(11, SESSION, new Txn.SetData("/a", new byte[0], 1)));

        assertEquals(1, tree.removeEphemeralsOfDeadSessions());
        assertNull(record(tree, "/a/orphan"));
        assertEquals(SESSION, record(tree, "/a/kept").ephemeralOwner());
        assertEquals(11, record(tree, "/a").pzxid(), "deleted at the last zxid, as ZooKeeper's loadData does");
    }

    @Test
    void sessionsComeAndGoWithTheirTxns() {
        long fresh = 0x1000_0000_0000_0003L;
        ZkTree tree = new ZkTree(snapshot());
        tree.apply(entry(11, fresh, new Txn.CreateSession(fresh, 4000)));
        tree.apply(entry(12, OTHER, new Txn.CloseSession(List.of())));
        assertEquals(List.of(new SessionRecord(SESSION, 30_000), new SessionRecord(fresh, 4000)), tree.sessions());
    }

    @Test
    void anAclMissingFromTheSnapshotTableIsHealedByTheTxnThatSetIt() {
        List<NodeRecord> nodes = new ArrayList<>(snapshot().nodes());
        nodes.add(node("/a/new", 11, 0));
        ZkSnapshot fuzzy = new ZkSnapshot(Path.of("snapshot.a"), 10, nodes, List.of(),
                Map.of("/a/new", 7L, "/a/x", 8L), -1);
        ZkTree tree = new ZkTree(fuzzy);
        tree.apply(entry(11, SESSION, new Txn.Create(OpCode.CREATE, "/a/new", new byte[0], READ, 0, 3)));

        assertEquals(Map.of("/a/x", 8L), tree.unresolvedAcls(), "a node no txn touched stays unresolved");
        assertEquals(READ, record(tree, "/a/new").acl());
    }

    private static NodeRecord ephemeral(String path, long czxid, long owner) {
        return new NodeRecord(path, new byte[0], OPEN, czxid, czxid, 0, 0, 0, 0, 0, owner, czxid);
    }
}
