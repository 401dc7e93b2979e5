package io.paddock.bench.load;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Creates many znodes fast: async creates, a bounded number in flight, every failure counted. */
public final class Populate {
    public static final int IN_FLIGHT_MAX = 1_000;
    static final long WAIT_S = 600;

    private Populate() {
    }

    /** Creates path and its missing ancestors, persistent and empty; existing ones are fine. */
    public static void ensurePath(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        int from = 1;
        while (from > 0) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            try {
                zk.create(prefix, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException alreadyThere) {
                // what we want
            }
            from = slash < 0 ? -1 : slash + 1;
        }
    }

    /** The i-th key under root of the workloads that work on a fixed set of keys. */
    public static String keyPath(String root, long index) {
        return root + "/k" + index;
    }

    /**
     * Creates root and its keys 0..count-1 ({@link #keyPath}) holding value, through one session; throws,
     * naming what needed them, when any create fails.
     */
    public static void createKeys(ZooKeeper zk, String root, int count, byte[] value, String what)
            throws KeeperException, InterruptedException {
        ensurePath(zk, root);
        ErrorCounts failures = create(List.of(zk), count, i -> keyPath(root, i), value);
        if (failures.total() > 0) {
            throw new IllegalStateException("could not create the keys of " + what + ": " + failures.snapshot());
        }
    }

    /**
     * Creates count persistent znodes named pathOf(0..count-1), each holding data, spread over the sessions.
     * A node that exists gets its data set instead. Returns the failures (empty when all went well).
     */
    public static ErrorCounts create(List<ZooKeeper> clients, long count, LongFunction<String> pathOf, byte[] data)
            throws InterruptedException {
        ErrorCounts failures = new ErrorCounts();
        Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
        for (long i = 0; i < count; i++) {
            inFlight.acquire();
            ZooKeeper zk = clients.get((int) (i % clients.size()));
            zk.create(pathOf.apply(i), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (rc, path, ctx, name) -> {
                        if (rc == KeeperException.Code.NODEEXISTS.intValue()) {
                            zk.setData(path, data, -1, (rc2, path2, ctx2, stat) -> {
                                if (rc2 != 0) {
                                    failures.addCode(rc2);
                                }
                                inFlight.release();
                            }, null);
                            return;
                        }
                        if (rc != 0) {
                            failures.addCode(rc);
                        }
                        inFlight.release();
                    }, null);
        }
        if (!inFlight.tryAcquire(IN_FLIGHT_MAX, WAIT_S, TimeUnit.SECONDS)) {
            failures.add(ErrorCounts.NO_RESPONSE, IN_FLIGHT_MAX - inFlight.availablePermits());
        } else {
            inFlight.release(IN_FLIGHT_MAX);
        }
        return failures;
    }
}
