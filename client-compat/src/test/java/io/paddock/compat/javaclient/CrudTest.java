package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Clients;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** Create / read / update / delete through the stock Java client, with every Stat field checked. */
class CrudTest extends SharedServerTest {

    @Test
    void newNodeHasExactStat() throws Exception {
        long before = System.currentTimeMillis();
        Stat created = new Stat();
        String path = zk.create(root + "/n", utf8("hello"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        long after = System.currentTimeMillis();

        assertEquals(root + "/n", path);
        assertTrue(created.getCzxid() > 0, "czxid");
        assertEquals(created.getCzxid(), created.getMzxid(), "mzxid of a new node is its czxid");
        assertEquals(created.getCzxid(), created.getPzxid(), "pzxid of a new node is its czxid");
        assertEquals(created.getCtime(), created.getMtime(), "mtime of a new node is its ctime");
        assertTrue(created.getCtime() >= before - 60_000 && created.getCtime() <= after + 60_000, "ctime is now");
        assertEquals(0, created.getVersion());
        assertEquals(0, created.getCversion());
        assertEquals(0, created.getAversion());
        assertEquals(0, created.getEphemeralOwner());
        assertEquals(5, created.getDataLength());
        assertEquals(0, created.getNumChildren());

        Stat read = new Stat();
        assertArrayEquals(utf8("hello"), zk.getData(path, false, read));
        assertEquals(created, read, "getData returns the same stat as create2");
        assertEquals(created, zk.exists(path, false), "exists returns the same stat as create2");
    }

    @Test
    void zxidsOfConsecutiveWritesAreConsecutive() throws Exception {
        Stat a = new Stat();
        Stat b = new Stat();
        zk.create(root + "/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, a);
        zk.create(root + "/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, b);
        Stat set = zk.setData(root + "/a", utf8("x"), -1);
        assertEquals(a.getCzxid() + 1, b.getCzxid());
        assertEquals(b.getCzxid() + 1, set.getMzxid());
    }

    @Test
    void setDataBumpsVersionAndMzxidOnly() throws Exception {
        Stat created = new Stat();
        String path = zk.create(root + "/n", utf8("v0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);

        Stat first = zk.setData(path, utf8("version one"), 0);
        assertEquals(1, first.getVersion());
        assertEquals(created.getCzxid(), first.getCzxid());
        assertTrue(first.getMzxid() > created.getMzxid());
        assertEquals(created.getPzxid(), first.getPzxid(), "pzxid only moves with children");
        assertEquals(created.getCtime(), first.getCtime());
        assertTrue(first.getMtime() >= created.getMtime());
        assertEquals(11, first.getDataLength());
        assertEquals(0, first.getCversion());
        assertEquals(0, first.getAversion());

        Stat second = zk.setData(path, utf8(""), -1);
        assertEquals(2, second.getVersion(), "version -1 matches any version and still bumps it");
        assertEquals(0, second.getDataLength());
        assertArrayEquals(new byte[0], zk.getData(path, false, null));

        KeeperException.BadVersionException bad = assertThrows(KeeperException.BadVersionException.class,
                () -> zk.setData(path, utf8("stale"), 1));
        assertEquals(path, bad.getPath());
        assertEquals(second, zk.exists(path, false), "a refused setData changes nothing");

        Stat third = zk.setData(path, utf8("v3"), 2);
        assertEquals(3, third.getVersion());
        assertArrayEquals(utf8("v3"), zk.getData(path, false, null));
    }

    @Test
    void childrenMoveParentCversionPzxidAndNumChildren() throws Exception {
        Stat parentBefore = zk.exists(root, false);
        Stat child = new Stat();
        zk.create(root + "/c1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, child);

        Stat parent = zk.exists(root, false);
        assertEquals(1, parent.getCversion());
        assertEquals(1, parent.getNumChildren());
        assertEquals(child.getCzxid(), parent.getPzxid(), "pzxid is the zxid of the last child change");
        assertEquals(parentBefore.getMzxid(), parent.getMzxid(), "children do not move mzxid");
        assertEquals(parentBefore.getVersion(), parent.getVersion(), "children do not move version");
        assertEquals(parentBefore.getMtime(), parent.getMtime(), "children do not move mtime");

        zk.create(root + "/c2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.delete(root + "/c1", -1);
        // The next write's zxid tells the zxid of the delete: zxids of one server's writes are consecutive.
        Stat marker = new Stat();
        zk.create(root + "-marker", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, marker);
        parent = zk.exists(root, false);
        assertEquals(3, parent.getCversion(), "deleting a child also bumps cversion");
        assertEquals(1, parent.getNumChildren());
        assertEquals(marker.getCzxid() - 1, parent.getPzxid(), "pzxid is the zxid of the delete");

        Stat childrenStat = new Stat();
        List<String> children = zk.getChildren(root, false, childrenStat);
        assertEquals(List.of("c2"), children);
        assertEquals(parent, childrenStat, "getChildren2 returns the parent's stat");
        zk.delete(root + "-marker", -1);
    }

    @Test
    void getChildrenListsNamesNotPaths() throws Exception {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            zk.create(root + "/child-" + i, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            expected.add("child-" + i);
        }
        zk.create(root + "/child-3/grandchild", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(expected, new HashSet<>(zk.getChildren(root, false)));
        assertEquals(List.of("grandchild"), zk.getChildren(root + "/child-3", false));
        assertEquals(List.of(), zk.getChildren(root + "/child-4", false));
        assertEquals(26, zk.getAllChildrenNumber(root), "all descendants, not counting the node itself");
        assertEquals(1, zk.getAllChildrenNumber(root + "/child-3"));
        assertEquals(0, zk.getAllChildrenNumber(root + "/child-4"));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getAllChildrenNumber(root + "/missing"));
    }

    @Test
    void deleteHonoursVersionAndEmptiness() throws Exception {
        String path = zk.create(root + "/n", utf8("x"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData(path, utf8("y"), -1);
        assertThrows(KeeperException.BadVersionException.class, () -> zk.delete(path, 0));
        assertNotNull(zk.exists(path, false));
        zk.create(path + "/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        KeeperException.NotEmptyException notEmpty =
                assertThrows(KeeperException.NotEmptyException.class, () -> zk.delete(path, 1));
        assertEquals(path, notEmpty.getPath());
        zk.delete(path + "/child", 0);
        zk.delete(path, 1);
        assertNull(zk.exists(path, false));
        KeeperException.NoNodeException noNode =
                assertThrows(KeeperException.NoNodeException.class, () -> zk.delete(path, -1));
        assertEquals(path, noNode.getPath());
    }

    @Test
    void missingNodesAndExistingNodes() throws Exception {
        assertNull(zk.exists(root + "/missing", false));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getData(root + "/missing", false, null));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.setData(root + "/missing", null, -1));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getChildren(root + "/missing", false));
        KeeperException.NoNodeException noParent = assertThrows(KeeperException.NoNodeException.class,
                () -> zk.create(root + "/missing/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertEquals(root + "/missing/child", noParent.getPath());
        zk.create(root + "/dup", utf8("first"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        KeeperException.NodeExistsException exists = assertThrows(KeeperException.NodeExistsException.class,
                () -> zk.create(root + "/dup", utf8("second"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertEquals(root + "/dup", exists.getPath());
        assertArrayEquals(utf8("first"), zk.getData(root + "/dup", false, null));
        assertThrows(KeeperException.NodeExistsException.class,
                () -> zk.create("/", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
    }

    @Test
    void nullDataAndEmptyDataRoundTrip() throws Exception {
        Stat nullStat = new Stat();
        zk.create(root + "/null", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, nullStat);
        zk.create(root + "/empty", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(0, nullStat.getDataLength());
        assertNull(zk.getData(root + "/null", false, null), "null data stays null (-1 length on the wire)");
        assertArrayEquals(new byte[0], zk.getData(root + "/empty", false, null));
    }

    @Test
    void binaryAndUnicodeRoundTrip() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        // Characters outside the BMP are refused by the client's own path check, so stay inside it.
        String unicode = root + "/ünïcødé-日本";
        zk.create(unicode, binary, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertArrayEquals(binary, zk.getData(unicode, false, null));
        assertEquals(List.of("ünïcødé-日本"), zk.getChildren(root, false));
        assertEquals(256, zk.exists(unicode, false).getDataLength());
    }

    @Test
    void largeDataUpToJuteMaxBuffer() throws Exception {
        byte[] large = new byte[1_000_000];
        Arrays.fill(large, (byte) 'z');
        large[999_999] = 'e';
        zk.create(root + "/large", large, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertArrayEquals(large, zk.getData(root + "/large", false, null));
        assertEquals(1_000_000, zk.exists(root + "/large", false).getDataLength());
    }

    @Test
    void requestLargerThanJuteMaxBufferDropsTheConnectionNotTheSession() throws Exception {
        Clients.EventQueue events = new Clients.EventQueue();
        ZooKeeper client = Clients.connect(server, events);
        try {
            long sessionId = client.getSessionId();
            byte[] tooLarge = new byte[2 * 1024 * 1024];
            assertThrows(KeeperException.ConnectionLossException.class, () -> client.create(root + "/too-large",
                    tooLarge, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            // The client reconnects with the same session; the node was never created.
            events.takeState(Watcher.Event.KeeperState.Disconnected);
            events.takeState(Watcher.Event.KeeperState.SyncConnected);
            assertNull(client.exists(root + "/too-large", false));
            assertEquals(sessionId, client.getSessionId());
        } finally {
            client.close();
        }
    }

    @Test
    void rootAndZooKeeperNodesExist() throws Exception {
        Stat rootStat = zk.exists("/", false);
        assertNotNull(rootStat);
        assertEquals(0, rootStat.getCzxid(), "the root predates every txn");
        assertEquals(0, rootStat.getEphemeralOwner());
        assertTrue(zk.getChildren("/", false).contains("zookeeper"));
        assertEquals(Set.of("config", "quota"), new HashSet<>(zk.getChildren("/zookeeper", false)));
        assertNotNull(zk.exists("/zookeeper/quota", false));
        assertNotNull(zk.exists("/zookeeper/config", false));
        assertEquals(List.of(), zk.getChildren("/zookeeper/quota", false));
    }
}
