package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TcpProxy;
import io.paddock.compat.fixture.TestServer;
import io.paddock.compat.fixture.WireClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.RemoveWatchesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches: one-shot data / exist / child watches, persistent and persistent-recursive watches, removal, their
 * ordering against reads, and their re-registration (SetWatches2) when a client reconnects.
 *
 * <p>To prove that an event did NOT fire, each test triggers a later "marker" watch and checks that the marker is
 * the next event: events of one session arrive in order.
 */
class WatchTest {

    @TempDir
    static Path dataDir;
    static TestServer server;
    ZooKeeper zk;
    ZooKeeper writer;
    Clients.EventQueue events;
    String root;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect(TestInfo info) throws Exception {
        events = new Clients.EventQueue();
        zk = Clients.connect(server, events);
        writer = Clients.connect(server);
        root = "/" + getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "-marker", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void disconnect() {
        Clients.closeQuietly(zk);
        Clients.closeQuietly(writer);
    }

    @Test
    void dataWatchFiresOnceForTheFirstChange() throws Exception {
        zk.create(root + "/n", utf8("0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.getData(root + "/n", watcher, null);
        writer.setData(root + "/n", utf8("1"), -1);
        writer.setData(root + "/n", utf8("2"), -1);

        WatchedEvent event = watcher.take();
        assertEquals(EventType.NodeDataChanged, event.getType());
        assertEquals(KeeperState.SyncConnected, event.getState());
        assertEquals(root + "/n", event.getPath());
        assertNoMoreEvents(watcher);
    }

    @Test
    void existsWatchSeesCreationChangeAndDeletion() throws Exception {
        Clients.EventQueue watcher = new Clients.EventQueue();
        assertNull(zk.exists(root + "/later", watcher));
        writer.create(root + "/later", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEvent(watcher.take(), EventType.NodeCreated, root + "/later");

        zk.exists(root + "/later", watcher);
        writer.setData(root + "/later", utf8("x"), -1);
        assertEvent(watcher.take(), EventType.NodeDataChanged, root + "/later");

        zk.exists(root + "/later", watcher);
        writer.delete(root + "/later", -1);
        assertEvent(watcher.take(), EventType.NodeDeleted, root + "/later");
        assertNoMoreEvents(watcher);
    }

    @Test
    void childWatchSeesMembershipNotDataAndFiresOnItsOwnDeletion() throws Exception {
        zk.create(root + "/p", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/p/existing", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue watcher = new Clients.EventQueue();

        zk.getChildren(root + "/p", watcher);
        writer.setData(root + "/p/existing", utf8("not a membership change"), -1);
        writer.setData(root + "/p", utf8("not a membership change either"), -1);
        writer.create(root + "/p/new", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEvent(watcher.take(), EventType.NodeChildrenChanged, root + "/p");

        zk.getChildren(root + "/p", watcher);
        writer.delete(root + "/p/new", -1);
        assertEvent(watcher.take(), EventType.NodeChildrenChanged, root + "/p");

        writer.delete(root + "/p/existing", -1);
        zk.getChildren(root + "/p", watcher);
        Clients.EventQueue dataWatcher = new Clients.EventQueue();
        zk.getData(root + "/p", dataWatcher, null);
        writer.delete(root + "/p", -1);
        assertEvent(watcher.take(), EventType.NodeDeleted, root + "/p");
        assertEvent(dataWatcher.take(), EventType.NodeDeleted, root + "/p");
        assertNoMoreEvents(watcher);
    }

    @Test
    void aWatcherRegisteredTwiceOnOnePathIsCalledOnceAndDistinctWatchersEach() throws Exception {
        zk.create(root + "/n", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue first = new Clients.EventQueue();
        Clients.EventQueue second = new Clients.EventQueue();
        zk.getData(root + "/n", first, null);
        zk.exists(root + "/n", first);
        zk.getData(root + "/n", second, null);
        zk.getData(root + "/n", true, null);
        writer.setData(root + "/n", utf8("x"), -1);
        assertEvent(first.take(), EventType.NodeDataChanged, root + "/n");
        assertEvent(second.take(), EventType.NodeDataChanged, root + "/n");
        assertEvent(events.takeNode(), EventType.NodeDataChanged, root + "/n");
        assertNoMoreEvents(first);
    }

    @Test
    void ephemeralVanishingAtSessionCloseFiresWatches() throws Exception {
        ZooKeeper owner = Clients.connect(server);
        owner.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Clients.EventQueue nodeWatcher = new Clients.EventQueue();
        Clients.EventQueue childWatcher = new Clients.EventQueue();
        zk.exists(root + "/e", nodeWatcher);
        zk.getChildren(root, childWatcher);
        owner.close();
        assertEvent(nodeWatcher.take(), EventType.NodeDeleted, root + "/e");
        assertEvent(childWatcher.take(), EventType.NodeChildrenChanged, root);
    }

    @Test
    void persistentWatchStaysAndCoversTheNodeAndItsChildrenList() throws Exception {
        zk.create(root + "/w", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.addWatch(root + "/w", watcher, AddWatchMode.PERSISTENT);

        writer.setData(root + "/w", utf8("1"), -1);
        writer.setData(root + "/w", utf8("2"), -1);
        writer.create(root + "/w/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create(root + "/w/child/grandchild", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.setData(root + "/w/child", utf8("child data is not watched"), -1);
        writer.delete(root + "/w/child/grandchild", -1);
        writer.delete(root + "/w/child", -1);
        writer.delete(root + "/w", -1);
        writer.create(root + "/w", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        assertEvent(watcher.take(), EventType.NodeDataChanged, root + "/w");
        assertEvent(watcher.take(), EventType.NodeDataChanged, root + "/w");
        assertEvent(watcher.take(), EventType.NodeChildrenChanged, root + "/w");
        assertEvent(watcher.take(), EventType.NodeChildrenChanged, root + "/w");
        assertEvent(watcher.take(), EventType.NodeDeleted, root + "/w");
        assertEvent(watcher.take(), EventType.NodeCreated, root + "/w");
        assertNoMoreEvents(watcher);
    }

    @Test
    void persistentRecursiveWatchCoversTheSubtreeWithoutChildEvents() throws Exception {
        zk.create(root + "/r", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.addWatch(root + "/r", watcher, AddWatchMode.PERSISTENT_RECURSIVE);

        writer.create(root + "/r/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create(root + "/r/a/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.setData(root + "/r/a/b", utf8("x"), -1);
        writer.create(root + "/rr", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.setData(root + "/r", utf8("y"), -1);
        writer.delete(root + "/r/a/b", -1);
        writer.multi(List.of(org.apache.zookeeper.Op.create(root + "/r/m", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL), org.apache.zookeeper.Op.delete(root + "/r/a", -1)));

        assertEvent(watcher.take(), EventType.NodeCreated, root + "/r/a");
        assertEvent(watcher.take(), EventType.NodeCreated, root + "/r/a/b");
        assertEvent(watcher.take(), EventType.NodeDataChanged, root + "/r/a/b");
        assertEvent(watcher.take(), EventType.NodeDataChanged, root + "/r");
        assertEvent(watcher.take(), EventType.NodeDeleted, root + "/r/a/b");
        assertEvent(watcher.take(), EventType.NodeCreated, root + "/r/m");
        assertEvent(watcher.take(), EventType.NodeDeleted, root + "/r/a");
        assertNoMoreEvents(watcher);
    }

    @Test
    void persistentRecursiveWatchOnTheRootSeesEverything() throws Exception {
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.addWatch("/", watcher, AddWatchMode.PERSISTENT_RECURSIVE);
        writer.create(root + "/deep", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEvent(watcher.take(), EventType.NodeCreated, root + "/deep");
        zk.removeWatches("/", watcher, WatcherType.Any, false);
        assertEvent(watcher.take(), EventType.PersistentWatchRemoved, "/");
    }

    @Test
    void oneShotAndPersistentWatchesOnTheSameNodeBothFire() throws Exception {
        zk.create(root + "/both", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue persistent = new Clients.EventQueue();
        Clients.EventQueue oneShot = new Clients.EventQueue();
        zk.addWatch(root + "/both", persistent, AddWatchMode.PERSISTENT);
        zk.getData(root + "/both", oneShot, null);
        writer.setData(root + "/both", utf8("1"), -1);
        writer.setData(root + "/both", utf8("2"), -1);
        assertEvent(oneShot.take(), EventType.NodeDataChanged, root + "/both");
        assertEvent(persistent.take(), EventType.NodeDataChanged, root + "/both");
        assertEvent(persistent.take(), EventType.NodeDataChanged, root + "/both");
        assertNoMoreEvents(oneShot);
    }

    @Test
    void removeWatchesDeliversARemovedEventAndStopsTheWatch() throws Exception {
        zk.create(root + "/n", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue dataWatcher = new Clients.EventQueue();
        Clients.EventQueue childWatcher = new Clients.EventQueue();
        zk.getData(root + "/n", dataWatcher, null);
        zk.getChildren(root + "/n", childWatcher);

        zk.removeWatches(root + "/n", dataWatcher, WatcherType.Data, false);
        assertEvent(dataWatcher.take(), EventType.DataWatchRemoved, root + "/n");
        zk.removeWatches(root + "/n", childWatcher, WatcherType.Children, false);
        assertEvent(childWatcher.take(), EventType.ChildWatchRemoved, root + "/n");

        writer.setData(root + "/n", utf8("x"), -1);
        writer.create(root + "/n/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertNoMoreEvents(dataWatcher);
        assertNoMoreEvents(childWatcher);

        KeeperException.NoWatcherException none = assertThrows(KeeperException.NoWatcherException.class,
                () -> zk.removeWatches(root + "/n", dataWatcher, WatcherType.Data, false));
        assertEquals(root + "/n", none.getPath());
    }

    @Test
    void removeAllWatchesRemovesPersistentWatchesToo() throws Exception {
        zk.create(root + "/n", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.addWatch(root + "/n", watcher, AddWatchMode.PERSISTENT);
        zk.removeAllWatches(root + "/n", WatcherType.Any, false);
        assertEvent(watcher.take(), EventType.PersistentWatchRemoved, root + "/n");
        writer.setData(root + "/n", utf8("x"), -1);
        assertNoMoreEvents(watcher);
    }

    /** The server's own answers, without the client's local bookkeeping in front of them. */
    @Test
    void serverAnswersNoWatcherForCheckAndRemoveOfAbsentWatches() throws Exception {
        try (WireClient wire = WireClient.connect(server, 30_000)) {
            int data = WatcherType.Data.getIntValue();
            int any = WatcherType.Any.getIntValue();
            assertEquals(KeeperException.Code.NOWATCHER.intValue(),
                    wire.call(OpCode.checkWatches, new CheckWatchesRequest(root, data), null).getErr());
            assertEquals(KeeperException.Code.NOWATCHER.intValue(),
                    wire.call(OpCode.removeWatches, new RemoveWatchesRequest(root, any), null).getErr());
            assertEquals(0, wire.call(OpCode.exists, new ExistsRequest(root, true), new org.apache.zookeeper.proto
                    .ExistsResponse()).getErr());
            assertEquals(0, wire.call(OpCode.checkWatches, new CheckWatchesRequest(root, data), null).getErr());
            assertEquals(0, wire.call(OpCode.removeWatches, new RemoveWatchesRequest(root, data), null).getErr());
            assertEquals(KeeperException.Code.NOWATCHER.intValue(),
                    wire.call(OpCode.checkWatches, new CheckWatchesRequest(root, data), null).getErr());
        }
    }

    /**
     * A client sees the watch event for a change before any read result that reflects the change. Async reads and
     * watch events are both delivered by the client's event thread in arrival order, so the order is observable.
     */
    @Test
    void watchEventArrivesBeforeTheReadThatReflectsTheChange() throws Exception {
        zk.create(root + "/o", utf8("0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int round = 1; round <= 30; round++) {
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch sawNew = new CountDownLatch(1);
            String expected = Integer.toString(round);
            zk.getData(root + "/o", event -> seen.add("event " + event.getType()), null);
            writer.setData(root + "/o", utf8(expected), -1);
            AsyncReader reader = new AsyncReader(zk, root + "/o", expected, seen, sawNew);
            reader.readAgain();
            assertTrue(sawNew.await(30, TimeUnit.SECONDS), "never read the new value");
            int event = seen.indexOf("event NodeDataChanged");
            int firstNewRead = seen.indexOf("read " + expected);
            assertTrue(event >= 0 && event < firstNewRead, "round " + round + ": " + seen);
        }
    }

    private static final class AsyncReader {
        private final ZooKeeper zk;
        private final String path;
        private final String expected;
        private final List<String> seen;
        private final CountDownLatch done;

        AsyncReader(ZooKeeper zk, String path, String expected, List<String> seen, CountDownLatch done) {
            this.zk = zk;
            this.path = path;
            this.expected = expected;
            this.seen = seen;
            this.done = done;
        }

        void readAgain() {
            zk.getData(path, false, (rc, p, ctx, data, stat) -> {
                String value = utf8(data);
                seen.add("read " + value);
                if (value.equals(expected)) {
                    done.countDown();
                } else {
                    readAgain();
                }
            }, null);
        }
    }

    @Test
    void watchesAreReRegisteredOnReconnectAndCatchUpOnMissedChanges() throws Exception {
        zk.create(root + "/data", utf8("0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/kids", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/tree", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/unchanged", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (TcpProxy proxy = new TcpProxy(server.clientPort())) {
            Clients.EventQueue state = new Clients.EventQueue();
            ZooKeeper client = Clients.connect(proxy.connectString(), 30_000, state);
            try {
                // Watchers also receive the connection's state events; takeNode() skips those.
                Clients.EventQueue watcher = new Clients.EventQueue();
                Clients.EventQueue recursive = new Clients.EventQueue();
                client.getData(root + "/data", watcher, null);
                client.exists(root + "/missing", watcher);
                client.getChildren(root + "/kids", watcher);
                client.getData(root + "/unchanged", watcher, null);
                client.addWatch(root + "/tree", recursive, AddWatchMode.PERSISTENT_RECURSIVE);

                proxy.cutOff();
                state.takeState(KeeperState.Disconnected);
                writer.setData(root + "/data", utf8("changed while away"), -1);
                writer.create(root + "/missing", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                writer.create(root + "/kids/k", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                writer.create(root + "/tree/while-away", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                proxy.resume();
                state.takeState(KeeperState.SyncConnected);

                Set<String> caughtUp = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    WatchedEvent event = watcher.takeNode();
                    caughtUp.add(event.getType() + " " + event.getPath());
                }
                assertEquals(Set.of("NodeDataChanged " + root + "/data", "NodeCreated " + root + "/missing",
                        "NodeChildrenChanged " + root + "/kids"), caughtUp);

                // The watches that did not fire are still registered, persistent ones included.
                writer.setData(root + "/unchanged", utf8("now"), -1);
                assertEvent(watcher.takeNode(), EventType.NodeDataChanged, root + "/unchanged");
                writer.setData(root + "/tree/while-away", utf8("after"), -1);
                WatchedEvent next = recursive.takeNode();
                if (next.getType() == EventType.NodeCreated) {
                    // Catching up a persistent watch is allowed but not required.
                    assertEquals(root + "/tree/while-away", next.getPath());
                    next = recursive.takeNode();
                }
                assertEvent(next, EventType.NodeDataChanged, root + "/tree/while-away");
                assertNoMoreEvents(watcher);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void everyWatchTypeSurvivesAReconnectWithNoChanges() throws Exception {
        zk.create(root + "/n", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (TcpProxy proxy = new TcpProxy(server.clientPort())) {
            Clients.EventQueue state = new Clients.EventQueue();
            ZooKeeper client = Clients.connect(proxy.connectString(), 30_000, state);
            try {
                Clients.EventQueue watcher = new Clients.EventQueue();
                client.getData(root + "/n", watcher, null);
                proxy.dropConnections();
                state.takeState(KeeperState.Disconnected);
                state.takeState(KeeperState.SyncConnected);
                assertNoMoreEvents(watcher);
                writer.setData(root + "/n", utf8("x"), -1);
                assertEvent(watcher.takeNode(), EventType.NodeDataChanged, root + "/n");
            } finally {
                client.close();
            }
        }
    }

    private void assertNoMoreEvents(Clients.EventQueue watcher) throws Exception {
        // Trigger a marker event on the same session; events arrive in order, so anything else pending would
        // arrive before it.
        CountDownLatch marker = new CountDownLatch(1);
        Stat stat = zk.exists(root + "-marker", event -> marker.countDown());
        writer.setData(root + "-marker", utf8("marker"), stat.getVersion());
        assertTrue(marker.await(30, TimeUnit.SECONDS), "marker event");
        List<WatchedEvent> extra = watcher.drainNode();
        assertTrue(extra.isEmpty(), "unexpected events: " + extra);
    }

    private static void assertEvent(WatchedEvent event, EventType type, String path) {
        assertEquals(type, event.getType(), event.toString());
        assertEquals(path, event.getPath(), event.toString());
        assertEquals(KeeperState.SyncConnected, event.getState(), event.toString());
    }
}
