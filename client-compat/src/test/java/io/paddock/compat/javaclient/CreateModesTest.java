package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paddock.compat.fixture.Clients;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** Every CreateMode, create2 / createContainer / createTTL, and the sequential suffix. */
class CreateModesTest extends SharedServerTest {

    @Test
    void ephemeralOwnerPerMode() throws Exception {
        assertEquals(0, create(root + "/persistent", CreateMode.PERSISTENT, -1).getEphemeralOwner());
        assertEquals(zk.getSessionId(), create(root + "/ephemeral", CreateMode.EPHEMERAL, -1).getEphemeralOwner());
        assertEquals(0, create(root + "/container", CreateMode.CONTAINER, -1).getEphemeralOwner(),
                "containers show ephemeralOwner 0 to clients");
        assertEquals(0, create(root + "/ttl", CreateMode.PERSISTENT_WITH_TTL, 60_000).getEphemeralOwner(),
                "TTL nodes show ephemeralOwner 0 to clients");
        assertEquals(0, create(root + "/ps-", CreateMode.PERSISTENT_SEQUENTIAL, -1).getEphemeralOwner());
        assertEquals(zk.getSessionId(),
                create(root + "/es-", CreateMode.EPHEMERAL_SEQUENTIAL, -1).getEphemeralOwner());
        assertEquals(0, create(root + "/ttls-", CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 60_000)
                .getEphemeralOwner());

        // exists and getData report the same owner as create2 did.
        assertEquals(0, zk.exists(root + "/container", false).getEphemeralOwner());
        assertEquals(0, zk.exists(root + "/ttl", false).getEphemeralOwner());
        assertEquals(zk.getSessionId(), zk.exists(root + "/ephemeral", false).getEphemeralOwner());
        assertEquals(List.of(root + "/container", root + "/ephemeral", root + "/es-0000000005", root + "/persistent",
                        root + "/ps-0000000004", root + "/ttl", root + "/ttls-0000000006"),
                sorted(zk.getChildren(root, false), root));
    }

    @Test
    void createContainerAndCreateTtlReturnStat() throws Exception {
        Stat stat = new Stat();
        zk.create(root + "/c", utf8("c"), Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER, stat);
        assertEquals(1, stat.getDataLength());
        assertEquals(stat.getCzxid(), stat.getMzxid());
        Stat ttlStat = new Stat();
        String ttl = zk.create(root + "/t-", utf8("tt"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, ttlStat, 100_000);
        assertEquals(root + "/t-0000000001", ttl);
        assertEquals(2, ttlStat.getDataLength());
        assertEquals(stat.getCzxid() + 1, ttlStat.getCzxid());
        assertArrayEquals(utf8("tt"), zk.getData(ttl, false, null));
    }

    @Test
    void ttlMustBePositiveAndBounded() throws Exception {
        // The client validates the ttl, so the server never sees these; check the client contract stays intact.
        assertThrows(IllegalArgumentException.class, () -> create(root + "/t0", CreateMode.PERSISTENT_WITH_TTL, 0));
        assertThrows(IllegalArgumentException.class,
                () -> create(root + "/tmax", CreateMode.PERSISTENT_WITH_TTL, 0x00FF_FFFF_FFFFL + 1));
        // The largest ttl is accepted.
        assertEquals(0, create(root + "/tmax", CreateMode.PERSISTENT_WITH_TTL, 0x00FF_FFFF_FFFFL)
                .getEphemeralOwner());
    }

    /**
     * ZooKeeper keeps one counter per parent: the number of children ever created. The sequential suffix is that
     * counter; the cversion clients see is creates + deletes (DataNode.copyStat: 2 * creates - numChildren).
     */
    @Test
    void sequentialSuffixIsTenDigitsFromTheParentCreateCounter() throws Exception {
        assertEquals(root + "/s-0000000000", zk.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals(root + "/s-0000000001", zk.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL_SEQUENTIAL));
        // A non-sequential child moves the counter too.
        zk.create(root + "/plain", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(root + "/other-0000000003", zk.create(root + "/other-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL));
        // Deletes move the visible cversion but not the create counter, and never free a number for reuse.
        zk.delete(root + "/s-0000000000", -1);
        zk.delete(root + "/other-0000000003", -1);
        Stat parent = zk.exists(root, false);
        assertEquals(6, parent.getCversion(), "4 creates + 2 deletes");
        assertEquals(2, parent.getNumChildren());
        assertEquals(root + "/s-0000000004", zk.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL), "the 5th create, whatever the deletes");
        assertEquals(7, zk.exists(root, false).getCversion());
        // A failed create (NodeExists) does not move it.
        assertThrows(KeeperException.NodeExistsException.class,
                () -> zk.create(root + "/plain", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        // setData on the parent and on a child does not move it.
        zk.setData(root, utf8("x"), -1);
        zk.setData(root + "/plain", utf8("x"), -1);
        assertEquals(root + "/s-0000000005", zk.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals(8, zk.exists(root, false).getCversion());
        // The counter is per parent.
        zk.create(root + "/plain/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(root + "/plain/0000000001", zk.create(root + "/plain/", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL), "a sequential path may end in '/'");
    }

    @Test
    void ephemeralDeletedAtSessionCloseCountsAsADelete() throws Exception {
        ZooKeeper other = Clients.connect(server);
        other.create(root + "/e-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        other.create(root + "/e-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        other.close();
        Stat parent = zk.exists(root, false);
        assertEquals(4, parent.getCversion());
        assertEquals(0, parent.getNumChildren());
        assertEquals(root + "/e-0000000002", zk.create(root + "/e-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL_SEQUENTIAL));
    }

    @Test
    void sequentialCountsManyCreatesInOrder() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            names.add(zk.create(root + "/q-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL));
        }
        for (int i = 0; i < names.size(); i++) {
            assertEquals(String.format("%s/q-%010d", root, i), names.get(i));
        }
    }

    @Test
    void ephemeralsCannotHaveChildren() throws Exception {
        String owner = zk.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        for (CreateMode mode : List.of(CreateMode.PERSISTENT, CreateMode.EPHEMERAL, CreateMode.CONTAINER,
                CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL)) {
            KeeperException.NoChildrenForEphemeralsException e = assertThrows(
                    KeeperException.NoChildrenForEphemeralsException.class,
                    () -> zk.create(owner + "/child", null, Ids.OPEN_ACL_UNSAFE, mode), mode.toString());
            assertEquals(owner + "/child", e.getPath());
        }
        assertThrows(KeeperException.NoChildrenForEphemeralsException.class, () -> zk.create(owner + "/ttl", null,
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 10_000));
        assertEquals(0, zk.exists(owner, false).getNumChildren());
        // A sequential ephemeral is an ephemeral too.
        String seq = zk.create(root + "/es-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertThrows(KeeperException.NoChildrenForEphemeralsException.class,
                () -> zk.create(seq + "/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
    }

    @Test
    void containersAndTtlNodesCanHaveChildren() throws Exception {
        zk.create(root + "/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create(root + "/c/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create(root + "/t", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 60_000);
        zk.create(root + "/t/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(1, zk.exists(root + "/c", false).getNumChildren());
        assertEquals(1, zk.exists(root + "/t", false).getNumChildren());
    }

    @Test
    void ephemeralsOfASessionAreListedAndVanishOnClose() throws Exception {
        ZooKeeper other = Clients.connect(server);
        try {
            other.create(root + "/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            other.create(root + "/b-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            other.create(root + "/p", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            other.create(root + "/p/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            other.create("/" + getClass().getSimpleName() + "-elsewhere", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL);
            zk.create(root + "/mine", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

            assertEquals(List.of("/" + getClass().getSimpleName() + "-elsewhere", root + "/a",
                    root + "/b-0000000001", root + "/p/c"), sortedPaths(other.getEphemerals()));
            assertEquals(List.of(root + "/a", root + "/b-0000000001", root + "/p/c"),
                    sortedPaths(other.getEphemerals(root)));
            assertEquals(List.of(root + "/p/c"), sortedPaths(other.getEphemerals(root + "/p")));
            // The prefix is a string prefix, not a path prefix.
            assertEquals(List.of(root + "/b-0000000001"), sortedPaths(other.getEphemerals(root + "/b")));
            assertEquals(List.of(root + "/mine"), sortedPaths(zk.getEphemerals(root)));
            assertEquals(List.of(), zk.getEphemerals(root + "/nothing-here"));
        } finally {
            other.close();
        }
        // close() returns after the server processed closeSession: the ephemerals are gone for every reader.
        assertNull(zk.exists(root + "/a", false));
        assertNull(zk.exists(root + "/b-0000000001", false));
        assertNull(zk.exists(root + "/p/c", false));
        assertNotNull(zk.exists(root + "/p", false));
        assertNotNull(zk.exists(root + "/mine", false));
        assertEquals(List.of("mine", "p"), sortedNames(zk.getChildren(root, false)));
    }

    @Test
    void ephemeralNodeSurvivesItsCreatorOnlyAsLongAsTheSession() throws Exception {
        ZooKeeper other = Clients.connect(server);
        Stat stat = new Stat();
        other.create(root + "/e", utf8("mine"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
        assertEquals(other.getSessionId(), stat.getEphemeralOwner());
        assertEquals(other.getSessionId(), zk.exists(root + "/e", false).getEphemeralOwner());
        // Another session may delete someone else's ephemeral.
        zk.delete(root + "/e", 0);
        assertNull(other.exists(root + "/e", false));
        assertEquals(List.of(), other.getEphemerals(root));
        other.close();
    }

    private Stat create(String path, CreateMode mode, long ttl) throws Exception {
        Stat stat = new Stat();
        if (ttl >= 0) {
            zk.create(path, null, Ids.OPEN_ACL_UNSAFE, mode, stat, ttl);
        } else {
            zk.create(path, null, Ids.OPEN_ACL_UNSAFE, mode, stat);
        }
        return stat;
    }

    private static List<String> sorted(List<String> names, String parent) {
        List<String> paths = new ArrayList<>();
        for (String name : names) {
            paths.add(parent + "/" + name);
        }
        paths.sort(null);
        return paths;
    }

    private static List<String> sortedNames(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }

    private static List<String> sortedPaths(List<String> paths) {
        List<String> copy = new ArrayList<>(paths);
        copy.sort(null);
        return copy;
    }
}
