package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers are deleted once they had children and have none; TTL nodes once they have no children and were not
 * modified for their ttl. The server checks every 100 ms here. A node that must NOT be reaped is checked right
 * after a sibling that qualified in the same check was reaped.
 */
class ReapingTest {

    static final long CHECK_INTERVAL_MS = 100;

    @TempDir
    static Path dataDir;
    static TestServer server;
    ZooKeeper zk;
    String root;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir, ServerOptions.fastReaping(CHECK_INTERVAL_MS));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect(TestInfo info) throws Exception {
        zk = Clients.connect(server);
        root = "/" + getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void disconnect() {
        Clients.closeQuietly(zk);
    }

    @Test
    void containerGoesWhenItsLastChildGoesButNotBefore() throws Exception {
        zk.create(root + "/never-used", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create(root + "/busy", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create(root + "/busy/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/used", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create(root + "/used/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/used/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.exists(root + "/used", watcher);
        zk.delete(root + "/used/a", -1);
        zk.delete(root + "/used/b", -1);
        assertDeleted(watcher.takeNode(), root + "/used");

        assertNotNull(zk.exists(root + "/never-used", false), "a container that never had a child stays");
        assertNotNull(zk.exists(root + "/busy", false), "a container with a child stays");
    }

    @Test
    void emptyContainersCascadeUpwards() throws Exception {
        zk.create(root + "/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create(root + "/a/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create(root + "/a/b/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.exists(root + "/a/b", watcher);
        zk.exists(root + "/a", watcher);
        zk.delete(root + "/a/b/c", -1);
        assertDeleted(watcher.takeNode(), root + "/a/b");
        assertDeleted(watcher.takeNode(), root + "/a");
    }

    @Test
    void containerEmptiedBySessionCloseGoes() throws Exception {
        zk.create(root + "/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        ZooKeeper member = Clients.connect(server);
        member.create(root + "/c/member", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.exists(root + "/c", watcher);
        member.close();
        assertDeleted(watcher.takeNode(), root + "/c");
    }

    @Test
    void ttlNodeGoesAfterItsTtl() throws Exception {
        long createdAtNs = System.nanoTime();
        zk.create(root + "/t", utf8("x"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 500);
        String seq = zk.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
                null, 500);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.exists(root + "/t", watcher);
        zk.exists(seq, watcher);
        // Both qualify in the same check; the order in which one check deletes them is not specified.
        WatchedEvent first = watcher.takeNode();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdAtNs);
        WatchedEvent second = watcher.takeNode();
        assertEquals(EventType.NodeDeleted, first.getType());
        assertEquals(EventType.NodeDeleted, second.getType());
        assertEquals(java.util.Set.of(root + "/t", seq), java.util.Set.of(first.getPath(), second.getPath()));
        assertTrue(elapsedMs >= 500, "reaped after " + elapsedMs + " ms, before its 500 ms ttl");
    }

    @Test
    void ttlNodeWithChildrenStaysUntilTheyGo() throws Exception {
        zk.create(root + "/parent", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 300);
        zk.create(root + "/parent/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/empty", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 300);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.exists(root + "/empty", watcher);
        zk.exists(root + "/parent", watcher);
        assertDeleted(watcher.takeNode(), root + "/empty");
        assertNotNull(zk.exists(root + "/parent", false), "older than its ttl, but it has a child");

        zk.delete(root + "/parent/child", -1);
        assertDeleted(watcher.takeNode(), root + "/parent");
    }

    @Test
    void modifyingATtlNodeRestartsItsTtl() throws Exception {
        zk.create(root + "/touched", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 3_000);
        zk.create(root + "/left", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 3_000);
        Clients.EventQueue left = new Clients.EventQueue();
        zk.exists(root + "/left", left);
        AtomicInteger touches = new AtomicInteger();
        // Pacing, not synchronisation: keep /touched modified well within its ttl until /left is reaped.
        ScheduledExecutorService toucher = Executors.newSingleThreadScheduledExecutor();
        try {
            toucher.scheduleWithFixedDelay(() -> {
                try {
                    zk.setData(root + "/touched", utf8("t" + touches.incrementAndGet()), -1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            assertDeleted(left.takeNode(), root + "/left");
        } finally {
            toucher.shutdownNow();
            assertTrue(toucher.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertTrue(touches.get() > 0);
        assertNotNull(zk.exists(root + "/touched", false), "modified less than its ttl ago");
        Clients.EventQueue touched = new Clients.EventQueue();
        if (zk.exists(root + "/touched", touched) != null) {
            assertDeleted(touched.takeNode(), root + "/touched");
        }
        assertNull(zk.exists(root + "/touched", false));
        assertEquals(0, zk.exists(root, false).getNumChildren());
    }

    private static void assertDeleted(WatchedEvent event, String path) {
        assertEquals(EventType.NodeDeleted, event.getType(), event.toString());
        assertEquals(path, event.getPath());
    }
}
