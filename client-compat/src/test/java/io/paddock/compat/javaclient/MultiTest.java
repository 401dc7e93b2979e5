package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Clients;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.CreateOptions;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** multi (atomic writes) and multiRead. */
class MultiTest extends SharedServerTest {

    @Test
    void successfulMultiReturnsOneResultPerOpAndSharesOneZxid() throws Exception {
        zk.create(root + "/existing", utf8("old"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/doomed", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        List<OpResult> results = zk.multi(List.of(
                Op.create(root + "/a", utf8("a"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(root + "/a/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.create(root + "/a/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL),
                Op.setData(root + "/existing", utf8("new"), 0),
                Op.check(root + "/existing", 1),
                Op.delete(root + "/doomed", 0)));

        assertEquals(6, results.size());
        assertEquals(root + "/a", assertInstanceOf(OpResult.CreateResult.class, results.get(0)).getPath());
        assertEquals(root + "/a/s-0000000000", ((OpResult.CreateResult) results.get(1)).getPath());
        assertEquals(root + "/a/s-0000000001", ((OpResult.CreateResult) results.get(2)).getPath());
        Stat set = assertInstanceOf(OpResult.SetDataResult.class, results.get(3)).getStat();
        assertEquals(1, set.getVersion());
        assertEquals(3, set.getDataLength());
        assertInstanceOf(OpResult.CheckResult.class, results.get(4));
        assertInstanceOf(OpResult.DeleteResult.class, results.get(5));
        for (OpResult result : results) {
            assertTrue(!(result instanceof OpResult.ErrorResult), "no error results in a successful multi");
        }

        Stat a = zk.exists(root + "/a", false);
        assertEquals(set.getMzxid(), a.getCzxid(), "every op of a multi carries the multi's zxid");
        assertEquals(a.getCzxid(), zk.exists(root + "/a/s-0000000001", false).getCzxid());
        assertEquals(zk.getSessionId(), zk.exists(root + "/a/s-0000000001", false).getEphemeralOwner());
        assertEquals(2, a.getNumChildren());
        assertEquals(2, a.getCversion());
        assertEquals(a.getCzxid(), a.getPzxid());
        assertNull(zk.exists(root + "/doomed", false));
        assertArrayEquals(utf8("new"), zk.getData(root + "/existing", false, null));
        assertEquals(a.getCzxid(), zk.exists(root, false).getPzxid(), "the delete moved the root's pzxid too");
    }

    @Test
    void createResultsCarryAStatExceptForPlainCreate() throws Exception {
        List<OpResult> results = zk.multi(List.of(
                Op.create(root + "/plain", utf8("p"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(root + "/x", utf8("xyz"),
                        CreateOptions.newBuilder(Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT).build()),
                Op.create(root + "/t", utf8("t"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 60_000),
                Op.create(root + "/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER)));
        assertNull(((OpResult.CreateResult) results.get(0)).getStat(), "plain create answers with the path only");
        Stat stat = ((OpResult.CreateResult) results.get(1)).getStat();
        assertNotNull(stat, "create2 in a multi returns a stat");
        assertEquals(3, stat.getDataLength());
        assertEquals(stat, zk.exists(root + "/x", false));
        Stat ttl = ((OpResult.CreateResult) results.get(2)).getStat();
        assertNotNull(ttl, "createTTL in a multi returns a stat");
        assertEquals(0, ttl.getEphemeralOwner());
        assertEquals(stat.getCzxid(), ttl.getCzxid());
        Stat container = ((OpResult.CreateResult) results.get(3)).getStat();
        assertNotNull(container, "createContainer in a multi returns a stat");
        assertEquals(0, container.getEphemeralOwner());
        assertEquals(container, zk.exists(root + "/c", false));
    }

    /**
     * ZooKeeper's answer to a failed multi: ops before the failing one report OK (0), the failing op its own
     * error, every later op RuntimeInconsistency (-2); the client throws the first error's exception.
     */
    @Test
    void failedMultiChangesNothingAndReportsPerOpErrors() throws Exception {
        zk.create(root + "/keep", utf8("keep"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat before = zk.exists(root, false);

        KeeperException e = assertThrows(KeeperException.NoNodeException.class, () -> zk.multi(List.of(
                Op.create(root + "/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(root + "/keep", utf8("changed"), -1),
                Op.setData(root + "/missing", utf8("x"), -1),
                Op.delete(root + "/keep", -1),
                Op.create(root + "/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));

        assertEquals(Code.NONODE, e.code());
        assertEquals(List.of(0, 0, Code.NONODE.intValue(), Code.RUNTIMEINCONSISTENCY.intValue(),
                Code.RUNTIMEINCONSISTENCY.intValue()), errors(e.getResults()));
        assertNull(zk.exists(root + "/a", false));
        assertNull(zk.exists(root + "/b", false));
        assertArrayEquals(utf8("keep"), zk.getData(root + "/keep", false, null));
        assertEquals(0, zk.exists(root + "/keep", false).getVersion());
        Stat after = zk.exists(root, false);
        assertEquals(before.getCversion(), after.getCversion());
        assertEquals(before.getPzxid(), after.getPzxid());
        // The sequential counter did not move either.
        assertEquals(root + "/s-0000000001", zk.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void failureOnTheFirstOpMakesEveryOtherOpRuntimeInconsistency() throws Exception {
        zk.create(root + "/n", utf8("n"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        KeeperException e = assertThrows(KeeperException.BadVersionException.class, () -> zk.multi(List.of(
                Op.check(root + "/n", 5),
                Op.setData(root + "/n", utf8("changed"), -1),
                Op.create(root + "/m", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        assertEquals(List.of(Code.BADVERSION.intValue(), Code.RUNTIMEINCONSISTENCY.intValue(),
                Code.RUNTIMEINCONSISTENCY.intValue()), errors(e.getResults()));
        assertArrayEquals(utf8("n"), zk.getData(root + "/n", false, null));
    }

    @Test
    void laterOpsSeeEarlierOpsOfTheSameMulti() throws Exception {
        List<OpResult> results = zk.multi(List.of(
                Op.create(root + "/p", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(root + "/p/c", utf8("c"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(root + "/p/c", utf8("c2"), 0),
                Op.check(root + "/p/c", 1),
                Op.delete(root + "/p/c", 1),
                Op.setData(root + "/p", utf8("p"), 0)));
        assertEquals(6, results.size());
        assertNull(zk.exists(root + "/p/c", false));
        Stat p = zk.exists(root + "/p", false);
        assertEquals(1, p.getVersion());
        assertEquals(2, p.getCversion());
        assertEquals(0, p.getNumChildren());

        // Creating the same node twice in one multi fails on the second create; the first is rolled back.
        KeeperException e = assertThrows(KeeperException.NodeExistsException.class, () -> zk.multi(List.of(
                Op.create(root + "/twice", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(root + "/twice", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        assertEquals(List.of(0, Code.NODEEXISTS.intValue()), errors(e.getResults()));
        assertNull(zk.exists(root + "/twice", false));
        // A delete of a node whose child is created earlier in the same multi is NotEmpty.
        e = assertThrows(KeeperException.NotEmptyException.class, () -> zk.multi(List.of(
                Op.create(root + "/p/kid", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete(root + "/p", -1))));
        assertEquals(List.of(0, Code.NOTEMPTY.intValue()), errors(e.getResults()));
        assertNull(zk.exists(root + "/p/kid", false));
    }

    @Test
    void emptyMultiSucceedsWithNoResults() throws Exception {
        assertEquals(List.of(), zk.multi(List.of()));
    }

    @Test
    void asyncMultiAndTransactionBuilder() throws Exception {
        CompletableFuture<int[]> done = new CompletableFuture<>();
        List<OpResult> seen = new ArrayList<>();
        zk.multi(List.of(Op.create(root + "/async", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(root + "/missing", null, -1)), (rc, path, ctx, opResults) -> {
                    seen.addAll(opResults);
                    done.complete(new int[] {rc});
                }, null);
        assertEquals(Code.NONODE.intValue(), done.get(30, TimeUnit.SECONDS)[0]);
        assertEquals(List.of(0, Code.NONODE.intValue()), errors(seen));

        List<OpResult> committed = zk.transaction()
                .create(root + "/tx", utf8("tx"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
                .setData(root + "/tx", utf8("tx2"), 0)
                .commit();
        assertEquals(2, committed.size());
        assertArrayEquals(utf8("tx2"), zk.getData(root + "/tx", false, null));
    }

    @Test
    void multiFiresWatchesOnlyWhenItCommits() throws Exception {
        zk.create(root + "/w1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/w2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue events = new Clients.EventQueue();
        zk.getData(root + "/w1", events, null);
        zk.getChildren(root + "/w2", events);

        assertThrows(KeeperException.NoNodeException.class, () -> zk.multi(List.of(
                Op.setData(root + "/w1", utf8("x"), -1),
                Op.delete(root + "/nothing", -1))));
        zk.multi(List.of(
                Op.create(root + "/w2/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(root + "/w1", utf8("y"), -1)));

        Set<String> fired = new HashSet<>();
        fired.add(describe(events.takeNode()));
        fired.add(describe(events.takeNode()));
        assertEquals(Set.of("NodeChildrenChanged " + root + "/w2", "NodeDataChanged " + root + "/w1"), fired,
                "the failed multi fired nothing; the committed one fired both watches once");
        assertTrue(events.drainNode().isEmpty());
    }

    @Test
    void multiReadReturnsPerOpResultsWithoutFailingAsAWhole() throws Exception {
        Stat created = new Stat();
        zk.create(root + "/r", utf8("data"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        zk.create(root + "/r/c1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/r/c2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        List<OpResult> results = zk.multi(List.of(
                Op.getData(root + "/r"),
                Op.getChildren(root + "/r"),
                Op.getData(root + "/missing"),
                Op.getChildren(root + "/missing"),
                Op.getData(root + "/r/c1")));

        assertEquals(5, results.size());
        OpResult.GetDataResult data = assertInstanceOf(OpResult.GetDataResult.class, results.get(0));
        assertArrayEquals(utf8("data"), data.getData());
        assertEquals(created.getCzxid(), data.getStat().getCzxid());
        assertEquals(2, data.getStat().getNumChildren());
        OpResult.GetChildrenResult children = assertInstanceOf(OpResult.GetChildrenResult.class, results.get(1));
        assertEquals(Set.of("c1", "c2"), new HashSet<>(children.getChildren()));
        assertEquals(Code.NONODE.intValue(),
                assertInstanceOf(OpResult.ErrorResult.class, results.get(2)).getErr());
        assertEquals(Code.NONODE.intValue(),
                assertInstanceOf(OpResult.ErrorResult.class, results.get(3)).getErr());
        assertInstanceOf(OpResult.GetDataResult.class, results.get(4));
    }

    private static List<Integer> errors(List<OpResult> results) {
        List<Integer> errors = new ArrayList<>();
        for (OpResult result : results) {
            errors.add(assertInstanceOf(OpResult.ErrorResult.class, result).getErr());
        }
        return errors;
    }

    private static String describe(WatchedEvent event) {
        assertTrue(event.getType() != EventType.None);
        return event.getType() + " " + event.getPath();
    }
}
