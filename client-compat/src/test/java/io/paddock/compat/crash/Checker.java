package io.paddock.compat.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Reads what the server holds, with a client of its own, and holds it against the {@link Ledger}. Reads are
 * pipelined (up to {@value #READS_IN_FLIGHT_MAX} outstanding) so that checking many thousands of nodes stays
 * quick.
 */
final class Checker {
    static final int READS_IN_FLIGHT_MAX = 256;
    static final int SESSION_TIMEOUT_MS = 30_000;
    static final long CONNECT_TIMEOUT_MS = 30_000;

    private Checker() {
    }

    /** A client whose session is established. */
    static ZooKeeper connect(String connectString, int sessionTimeoutMs, Watcher watcher) {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(connectString, sessionTimeoutMs, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
                watcher.process(event);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!connected.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                closeQuietly(zk);
                throw new IllegalStateException("no session with " + connectString + " within " + CONNECT_TIMEOUT_MS
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return zk;
    }

    static void closeQuietly(ZooKeeper zk) {
        if (zk == null) {
            return;
        }
        try {
            zk.close(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the generations' children, every path the ledger knows, the registers and the deleted generations,
     * and returns the ledger's violations.
     */
    static List<String> check(String connectString, Ledger ledger, Collection<String> liveGenerations) {
        ZooKeeper zk = connect(connectString, SESSION_TIMEOUT_MS, event -> { });
        try {
            Set<String> children = new TreeSet<>();
            for (String parent : liveGenerations) {
                try {
                    for (String child : zk.getChildren(parent, false)) {
                        children.add(parent + "/" + child);
                    }
                } catch (KeeperException.NoNodeException e) {
                    return List.of("generation parent lost: " + parent);
                }
            }
            Set<String> paths = new TreeSet<>(children);
            paths.addAll(ledger.createdPaths());
            paths.addAll(ledger.registerPaths());
            Map<String, byte[]> values = readAll(zk, paths);
            List<String> resurrected = new ArrayList<>();
            for (String parent : ledger.deletedParents()) {
                if (zk.exists(parent, false) != null) {
                    resurrected.add(parent);
                }
            }
            return ledger.verify(values, children, resurrected);
        } catch (KeeperException e) {
            throw new IllegalStateException("reading for the check: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            closeQuietly(zk);
        }
    }

    /** The data of each path that exists; absent paths are left out. */
    static Map<String, byte[]> readAll(ZooKeeper zk, Collection<String> paths) throws InterruptedException {
        Map<String, byte[]> values = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(READS_IN_FLIGHT_MAX);
        AtomicReference<String> failure = new AtomicReference<>();
        for (String path : paths) {
            inFlight.acquire();
            zk.getData(path, false, (rc, p, ctx, data, stat) -> {
                Code code = Code.get(rc);
                if (code == Code.OK) {
                    values.put(path, data == null ? new byte[0] : data);
                } else if (code != Code.NONODE) {
                    failure.compareAndSet(null, "getData " + path + ": " + code);
                }
                inFlight.release();
            }, null);
        }
        if (!inFlight.tryAcquire(READS_IN_FLIGHT_MAX, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("reads still without an answer after 60 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return values;
    }
}
