package io.paddock.compat.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A well-behaved stock ZooKeeper 3.9.5 Java client on its own session, next to the abusive raw connections. It
 * remembers every connection state it went through: an abuse that costs it its connection fails the test even if
 * the client quietly reconnected afterwards.
 */
final class GoodClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int SESSION_TIMEOUT_MS = 30_000;

    private final ZooKeeper zk;
    private final List<KeeperState> states;
    private int nextNode;

    private GoodClient(ZooKeeper zk, List<KeeperState> states) {
        this.zk = zk;
        this.states = states;
    }

    static GoodClient connect(String connectString) throws IOException, InterruptedException {
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, event -> {
            if (event.getType() == org.apache.zookeeper.Watcher.Event.EventType.None) {
                states.add(event.getState());
                if (event.getState() == KeeperState.SyncConnected) {
                    connected.countDown();
                }
            }
        });
        if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IllegalStateException("the good client did not connect within " + CONNECT_TIMEOUT);
        }
        return new GoodClient(zk, states);
    }

    ZooKeeper zk() {
        return zk;
    }

    /**
     * Creates a node, reads it back and deletes it: a write, a read and a write, each answered correctly. Returns
     * the zxid of the create.
     */
    long roundTrip() throws KeeperException, InterruptedException {
        String path = "/good-" + nextNode++;
        byte[] data = ("payload of " + path).getBytes(StandardCharsets.UTF_8);
        zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat stat = new Stat();
        assertArrayEquals(data, zk.getData(path, false, stat), path);
        zk.delete(path, stat.getVersion());
        assertEquals(null, zk.exists(path, false), path);
        return stat.getMzxid();
    }

    /**
     * Waits until the client lost its connection and got it back on the same session, then forgets that it did: for
     * an abuse ZooKeeper answers by disconnecting the good client, which must recover on its own.
     */
    void awaitReconnectedAndForget(Duration within) throws InterruptedException {
        long deadlineNs = System.nanoTime() + within.toNanos();
        while (!(states.contains(KeeperState.Disconnected) && states.get(states.size() - 1) == KeeperState.SyncConnected)) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("no disconnect and reconnect within " + within + ": " + states);
            }
            Thread.sleep(20);
        }
        states.clear();
        states.add(KeeperState.SyncConnected);
    }

    /** The client never lost its connection: one SyncConnected, nothing else. */
    void assertNeverDisconnected() {
        assertEquals(List.of(KeeperState.SyncConnected), List.copyOf(states),
                "connection states of the good client");
    }

    @Override
    public void close() throws InterruptedException {
        zk.close();
    }
}
