package io.paddock.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/** Opens stock ZooKeeper clients and waits until each has a session. */
public final class Sessions implements AutoCloseable {
    public static final int SESSION_TIMEOUT_MS = 30_000;
    static final long CONNECT_TIMEOUT_S = 60;

    private final List<ZooKeeper> clients;

    private Sessions(List<ZooKeeper> clients) {
        this.clients = List.copyOf(clients);
    }

    public static Sessions open(String connectString, int count, ClientSocket socket) throws IOException {
        List<ZooKeeper> opened = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                opened.add(connect(connectString, socket));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
        return new Sessions(opened);
    }

    public static ZooKeeper connect(String connectString, ClientSocket socket) throws IOException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, socket.config());
        try {
            if (!connected.await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS)) {
                zk.close();
                throw new IOException("no session with " + connectString + " within " + CONNECT_TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        return zk;
    }

    public List<ZooKeeper> clients() {
        return clients;
    }

    public ZooKeeper first() {
        return clients.get(0);
    }

    @Override
    public void close() {
        closeAll(clients);
    }

    private static void closeAll(List<ZooKeeper> clients) {
        for (ZooKeeper zk : clients) {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
