package io.paddock.compat.javaclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TcpProxy;
import io.paddock.compat.fixture.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Sessions: negotiation, reattaching with id and password, expiry and what it takes with it. */
class SessionTest {

    /** Short ticks so that a session can expire within a test: tick 200 ms, sessions 400 ms .. 30 s. */
    static final ServerOptions OPTIONS = ServerOptions.shortSessions();

    @TempDir
    static Path dataDir;
    static TestServer server;
    ZooKeeper zk;
    String root;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir, OPTIONS);
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
    void sessionTimeoutIsClampedToTheServerBounds() throws Exception {
        assertEquals(30_000, zk.getSessionTimeout());
        assertEquals(16, zk.getSessionPasswd().length);
        for (int[] requestedAndNegotiated : new int[][] {{100, 400}, {400, 400}, {1_234, 1_234}, {60_000, 30_000}}) {
            ZooKeeper client = Clients.connect(server, requestedAndNegotiated[0], new Clients.EventQueue());
            try {
                assertEquals(requestedAndNegotiated[1], client.getSessionTimeout(),
                        "requested " + requestedAndNegotiated[0]);
                assertNotEquals(zk.getSessionId(), client.getSessionId());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void expiredSessionLosesItsEphemeralsAndTheClientLearnsItOnReconnect() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.clientPort())) {
            Clients.EventQueue state = new Clients.EventQueue();
            ZooKeeper doomed = Clients.connect(proxy.connectString(), 2_000, state);
            try {
                assertEquals(2_000, doomed.getSessionTimeout());
                doomed.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                doomed.create(root + "/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
                doomed.create(root + "/persistent", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                Clients.EventQueue watcher = new Clients.EventQueue();
                assertNotNull(zk.exists(root + "/e", watcher));
                zk.getChildren(root, watcher);

                long cutAtMs = System.nanoTime() / 1_000_000;
                proxy.cutOff();
                state.takeState(KeeperState.Disconnected);
                // The server expires the silent session after its timeout and deletes its ephemerals.
                List<String> fired = List.of(describe(watcher.takeNode()), describe(watcher.takeNode()));
                long expiredAfterMs = System.nanoTime() / 1_000_000 - cutAtMs;
                assertTrue(fired.contains("NodeDeleted " + root + "/e"), fired.toString());
                assertTrue(fired.contains("NodeChildrenChanged " + root), fired.toString());
                assertTrue(expiredAfterMs >= 1_000, "expired after only " + expiredAfterMs + " ms");
                assertEquals(List.of("persistent"), zk.getChildren(root, false));

                proxy.resume();
                WatchedEvent expired = state.takeState(KeeperState.Expired);
                assertEquals(EventType.None, expired.getType());
                assertThrows(KeeperException.SessionExpiredException.class, () -> doomed.exists("/", false));
            } finally {
                doomed.close();
            }
        }
    }

    @Test
    void ephemeralsSurviveAReconnectWithinTheTimeout() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.clientPort())) {
            Clients.EventQueue state = new Clients.EventQueue();
            ZooKeeper client = Clients.connect(proxy.connectString(), 10_000, state);
            try {
                client.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                long sessionId = client.getSessionId();
                proxy.dropConnections();
                state.takeState(KeeperState.Disconnected);
                state.takeState(KeeperState.SyncConnected);
                assertEquals(sessionId, client.getSessionId());
                assertEquals(sessionId, zk.exists(root + "/e", false).getEphemeralOwner());
                assertEquals(List.of(root + "/e"), client.getEphemerals(root));
            } finally {
                client.close();
            }
        }
        assertNull(zk.exists(root + "/e", false));
    }

    @Test
    void aSessionCanBeResumedWithItsIdAndPassword() throws Exception {
        ZooKeeper original = Clients.connect(server);
        original.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long sessionId = original.getSessionId();
        byte[] password = original.getSessionPasswd();

        Clients.EventQueue state = new Clients.EventQueue();
        ZooKeeper resumed = new ZooKeeper(server.connectString(), 30_000, state, sessionId, password);
        try {
            state.takeState(KeeperState.SyncConnected);
            assertEquals(sessionId, resumed.getSessionId());
            assertArrayEquals(password, resumed.getSessionPasswd());
            assertEquals(List.of(root + "/e"), resumed.getEphemerals(root));
            resumed.create(root + "/e2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            assertEquals(sessionId, zk.exists(root + "/e2", false).getEphemeralOwner());
        } finally {
            resumed.close();
        }
        // Closing either handle closes the one session: both ephemerals go.
        assertNull(zk.exists(root + "/e", false));
        assertNull(zk.exists(root + "/e2", false));
        original.close();
    }

    @Test
    void aWrongPasswordIsRefusedAsExpired() throws Exception {
        Clients.EventQueue ownerState = new Clients.EventQueue();
        ZooKeeper owner = Clients.connect(server, ownerState);
        try {
            owner.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            byte[] wrong = owner.getSessionPasswd().clone();
            wrong[0] ^= 0x5a;
            Clients.EventQueue state = new Clients.EventQueue();
            ZooKeeper impostor = new ZooKeeper(server.connectString(), 30_000, state, owner.getSessionId(), wrong);
            try {
                state.takeState(KeeperState.Expired);
            } finally {
                impostor.close();
            }
            // The real session is untouched. (ZooKeeper drops the owner's connection before it checks the
            // password, so the owner may have to reconnect first; it keeps its session when it does.)
            for (int attempt = 1; ; attempt++) {
                try {
                    assertEquals(owner.getSessionId(), owner.exists(root + "/e", false).getEphemeralOwner());
                    break;
                } catch (KeeperException.ConnectionLossException e) {
                    assertTrue(attempt < 3, "owner never reconnected");
                    ownerState.takeState(KeeperState.SyncConnected);
                }
            }
            assertEquals(owner.getSessionId(), zk.exists(root + "/e", false).getEphemeralOwner());
        } finally {
            owner.close();
        }
    }

    @Test
    void anUnknownOrClosedSessionIsRefusedAsExpired() throws Exception {
        Clients.EventQueue unknownState = new Clients.EventQueue();
        ZooKeeper unknown = new ZooKeeper(server.connectString(), 30_000, unknownState, 0x1234_5678_9abcL,
                new byte[16]);
        try {
            unknownState.takeState(KeeperState.Expired);
        } finally {
            unknown.close();
        }

        ZooKeeper closed = Clients.connect(server);
        long id = closed.getSessionId();
        byte[] password = closed.getSessionPasswd();
        closed.close();
        Clients.EventQueue state = new Clients.EventQueue();
        ZooKeeper again = new ZooKeeper(server.connectString(), 30_000, state, id, password);
        try {
            state.takeState(KeeperState.Expired);
        } finally {
            again.close();
        }
    }

    @Test
    void closeDeletesEphemeralsAtOnce() throws Exception {
        ZooKeeper client = Clients.connect(server);
        client.create(root + "/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Clients.EventQueue watcher = new Clients.EventQueue();
        zk.exists(root + "/e", watcher);
        long before = System.nanoTime();
        client.close();
        assertEquals("NodeDeleted " + root + "/e", describe(watcher.take(Duration.ofSeconds(5))));
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(5).toNanos());
        assertNull(zk.exists(root + "/e", false));
    }

    private static String describe(WatchedEvent event) {
        return event.getType() + " " + event.getPath();
    }
}
