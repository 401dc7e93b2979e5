package io.paddock.bench.load;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opens a new session per request and closes it once established: the connect/close storm of a fleet of
 * clients restarting. A request is one whole session, measured from the constructor call until close()
 * has returned (the server confirmed the closeSession), so the bench never holds more sessions open than
 * requests in flight. The close runs on a pool (ZooKeeper.close blocks). Each session costs the bench two
 * client threads and a selector, so the bench's own CPU matters here more than anywhere.
 */
public final class ConnectStorm implements Workload {
    /** At least the requests in flight of a closed loop (sessions x in-flight), so closes never queue. */
    static final int CLOSER_THREADS = 64;

    private final String connectString;
    private final ClientSocket socket;
    private final ExecutorService closers = Executors.newFixedThreadPool(CLOSER_THREADS, daemon("bench-closer"));
    private final ScheduledThreadPoolExecutor timeouts = timeoutExecutor();
    private final Map<AtomicReference<ZooKeeper>, ScheduledFuture<?>> timeoutsPending = new ConcurrentHashMap<>();

    public ConnectStorm(String connectString, ClientSocket socket) {
        this.connectString = connectString;
        this.socket = socket;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String label() {
        return "connect/close storm (a request = open + close one session)";
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sessionTimeoutMs", Sessions.SESSION_TIMEOUT_MS);
        return params;
    }

    @Override
    public void prepare(ZooKeeper zk) {
        // nothing to create
    }

    @Override
    public void fire(ZooKeeper unused, Completion done) {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<ZooKeeper> session = new AtomicReference<>();
        try {
            session.set(new ZooKeeper(connectString, Sessions.SESSION_TIMEOUT_MS, event -> {
                if (event.getState() == KeeperState.SyncConnected && finished.compareAndSet(false, true)) {
                    closeThenComplete(session, done, 0);
                } else if (event.getState() == KeeperState.Expired && finished.compareAndSet(false, true)) {
                    closeThenComplete(session, done, KeeperException.Code.SESSIONEXPIRED.intValue());
                }
            }, socket.config()));
        } catch (IOException e) {
            throw new IllegalStateException("bad connect string " + connectString, e);
        }
        ScheduledFuture<?> timeout = timeouts.schedule(() -> {
            if (finished.compareAndSet(false, true)) {
                closeThenComplete(session, done, KeeperException.Code.CONNECTIONLOSS.intValue());
            }
        }, Sessions.SESSION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        timeoutsPending.put(session, timeout);
    }

    private void closeThenComplete(AtomicReference<ZooKeeper> session, Completion done, int rc) {
        closers.execute(() -> {
            // The watcher may run before the constructor has returned and set the reference.
            ZooKeeper zk;
            while ((zk = session.get()) == null) {
                Thread.onSpinWait();
            }
            ScheduledFuture<?> timeout = timeoutsPending.remove(session);
            if (timeout != null) {
                timeout.cancel(false);
            }
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.complete(OpKind.CONNECT, rc);
        });
    }

    @Override
    public void close() {
        timeouts.shutdownNow();
        closers.shutdown();
        try {
            closers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledThreadPoolExecutor timeoutExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("bench-connect-timeout"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
