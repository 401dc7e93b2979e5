package io.paddock.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.utils.Compatibility;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CuratorCache (persistent recursive watches underneath), TTL nodes and containers through Curator. */
class CuratorCacheTest {

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir, ServerOptions.fastReaping(100));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void curatorCacheSeesCreatesChangesAndDeletesOfNestedNodes() throws Exception {
        assertTrue(Compatibility.hasPersistentWatchers(), "CuratorCache should use persistent recursive watches");
        CuratorFramework client = CuratorClients.start(server);
        CuratorFramework writer = CuratorClients.start(server);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CountDownLatch initialized = new CountDownLatch(1);
        writer.create().creatingParentsIfNeeded().forPath("/cache/existing", bytes("e"));
        CuratorCache cache = CuratorCache.build(client, "/cache");
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(node -> events.add("create " + node.getPath() + " " + text(node)))
                .forChanges((oldNode, node) -> events.add("change " + node.getPath() + " " + text(oldNode) + "->"
                        + text(node)))
                .forDeletes(node -> events.add("delete " + node.getPath() + " " + text(node)))
                .forInitialized(initialized::countDown)
                .build());
        try {
            cache.start();
            assertTrue(initialized.await(60, TimeUnit.SECONDS));
            List<String> initial = new ArrayList<>(List.of(take(events), take(events)));
            initial.sort(null);
            assertEquals(List.of("create /cache ", "create /cache/existing e"), initial);

            writer.create().forPath("/cache/a", bytes("1"));
            assertEquals("create /cache/a 1", take(events));
            writer.create().forPath("/cache/a/b", bytes("2"));
            assertEquals("create /cache/a/b 2", take(events));
            writer.create().forPath("/cache/a/b/c", bytes("3"));
            assertEquals("create /cache/a/b/c 3", take(events));
            writer.setData().forPath("/cache/a/b", bytes("22"));
            assertEquals("change /cache/a/b 2->22", take(events));
            writer.delete().forPath("/cache/a/b/c");
            assertEquals("delete /cache/a/b/c 3", take(events));
            writer.delete().deletingChildrenIfNeeded().forPath("/cache/a");
            List<String> deletes = new ArrayList<>(List.of(take(events), take(events)));
            assertEquals(List.of("delete /cache/a/b 22", "delete /cache/a 1"), deletes);

            assertEquals("e", text(cache.get("/cache/existing").orElseThrow()));
            assertTrue(cache.get("/cache/a").isEmpty());
            assertEquals(2, cache.size());
            assertNull(events.poll(300, TimeUnit.MILLISECONDS), "no further events");
        } finally {
            cache.close();
            CuratorClients.closeQuietly(client);
            CuratorClients.closeQuietly(writer);
        }
    }

    @Test
    void ttlNodeCreatedThroughCuratorIsReaped() throws Exception {
        CuratorFramework client = CuratorClients.start(server);
        try {
            client.create().withTtl(400).creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT_WITH_TTL)
                    .forPath("/curator-ttl/node", bytes("ttl"));
            assertEquals(0, client.checkExists().forPath("/curator-ttl/node").getEphemeralOwner());
            awaitDeleted(client, "/curator-ttl/node");
        } finally {
            CuratorClients.closeQuietly(client);
        }
    }

    @Test
    void recipeParentContainersAreReapedOnceEmpty() throws Exception {
        CuratorFramework client = CuratorClients.start(server);
        try {
            LeaderLatch latch = new LeaderLatch(client, "/curator-containers/election");
            latch.start();
            assertTrue(latch.await(60, TimeUnit.SECONDS));
            assertNotNull(client.checkExists().forPath("/curator-containers/election"));
            client.create().creatingParentContainersIfNeeded().forPath("/curator-containers/other/leaf");
            latch.close();
            // The latch's ephemeral is gone, so its parent container is reaped; the grandparent container is not,
            // it still has /other. Once /other's last child goes, /other and then the grandparent are reaped.
            awaitDeleted(client, "/curator-containers/election");
            assertNotNull(client.checkExists().forPath("/curator-containers"));
            client.delete().forPath("/curator-containers/other/leaf");
            awaitDeleted(client, "/curator-containers");
        } finally {
            CuratorClients.closeQuietly(client);
        }
    }

    private static void awaitDeleted(CuratorFramework client, String path) throws Exception {
        CountDownLatch deleted = new CountDownLatch(1);
        if (client.checkExists().usingWatcher((org.apache.zookeeper.Watcher) (WatchedEvent event) -> {
            if (event.getType() == EventType.NodeDeleted) {
                deleted.countDown();
            }
        }).forPath(path) == null) {
            return;
        }
        assertTrue(deleted.await(60, TimeUnit.SECONDS), path + " was not reaped");
        assertNull(client.checkExists().forPath(path));
    }

    private static String take(BlockingQueue<String> events) throws InterruptedException {
        String event = events.poll(60, TimeUnit.SECONDS);
        assertNotNull(event, "no cache event");
        return event;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ChildData node) {
        return node.getData() == null ? "" : new String(node.getData(), StandardCharsets.UTF_8);
    }
}
