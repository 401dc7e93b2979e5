package io.paddock.compat.crash;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * A stock ZooKeeper client writing as fast as the server lets it, with up to {@code inFlightMax} requests
 * outstanding: creates under the current generation's parent, setData on a few registers, and multis that
 * create two nodes at once. Every request and its answer go to the {@link Ledger}.
 *
 * <p>One thread issues (seeded choices), the client's event thread records answers. Request ids grow across
 * clients, so that the ledger can order a register's writes even when a new session continues an expired one.
 */
final class Writer {
    static final int VALUE_BYTES = 100;
    /**
     * One write in 16 (by its tag) carries a value this large instead: over the server's 64 KiB threshold, so
     * that kills, crashes and full disks also hit the log's large-entry files.
     */
    static final int LARGE_VALUE_BYTES = 70_000;

    private ZooKeeper zk;
    private final Ledger ledger;
    private final Random random;
    private final int inFlightMax;
    private final List<String> registers;
    private final Semaphore inFlight;
    private volatile boolean running;
    private volatile String parent;
    private Thread thread;
    private long nextId = 1;
    private long issued;

    Writer(ZooKeeper zk, Ledger ledger, Random random, int inFlightMax, List<String> registers) {
        this.zk = zk;
        this.ledger = ledger;
        this.random = random;
        this.inFlightMax = inFlightMax;
        this.registers = List.copyOf(registers);
        this.inFlight = new Semaphore(inFlightMax);
    }

    /** A value that names its write: {@link #VALUE_BYTES} bytes, or for one tag in 16 {@link #LARGE_VALUE_BYTES}. */
    static byte[] value(String tag) {
        int size = Math.floorMod(tag.hashCode(), 16) == 0 ? LARGE_VALUE_BYTES : VALUE_BYTES;
        StringBuilder s = new StringBuilder(size).append(tag).append(':');
        while (s.length() < size) {
            s.append((char) ('a' + s.length() % 26));
        }
        s.setLength(size);
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Creates {@code prefix + 0 .. count - 1}, each with its {@link #value}, {@code inFlightMax} at a time, outside
     * any ledger (to give the server a big tree); throws unless all succeed.
     */
    static void createMany(ZooKeeper zk, String prefix, int count, int inFlightMax) throws InterruptedException {
        Semaphore inFlight = new Semaphore(inFlightMax);
        AtomicReference<String> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            String path = prefix + i;
            zk.create(path, value(path), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                if (rc != Code.OK.intValue()) {
                    failure.compareAndSet(null, p + ": " + Code.get(rc));
                }
                inFlight.release();
            }, null);
        }
        inFlight.acquire(inFlightMax);
        inFlight.release(inFlightMax);
        if (failure.get() != null) {
            throw new IllegalStateException("creating " + count + " nodes: " + failure.get());
        }
    }

    /** Starts issuing requests; creates go under {@code parentPath}. */
    void start(String parentPath) {
        if (running) {
            throw new IllegalStateException("already running");
        }
        parent = parentPath;
        running = true;
        thread = new Thread(this::issueLoop, "crash-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops issuing and waits until every request in flight has its answer. */
    void stopAndDrain(Duration timeout) {
        running = false;
        try {
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException("writer thread did not stop");
            }
            if (!inFlight.tryAcquire(inFlightMax, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException((inFlightMax - inFlight.availablePermits())
                        + " requests still without an answer after " + timeout);
            }
            inFlight.release(inFlightMax);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes with another client from now on (after the session of the first one expired); while stopped. */
    void useClient(ZooKeeper client) {
        if (running) {
            throw new IllegalStateException("switching clients while running");
        }
        zk = client;
    }

    long issued() {
        return issued;
    }

    private void issueLoop() {
        try {
            while (running) {
                if (!inFlight.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                issueOne();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void issueOne() {
        long id = nextId++;
        issued++;
        int pick = random.nextInt(10);
        if (pick < 5) {
            String path = parent + "/c" + id;
            byte[] v = value("c" + id);
            ledger.issuedCreate(path, v);
            zk.create(path, v, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                ledger.answeredCreate(path, rc);
                inFlight.release();
            }, null);
        } else if (pick < 8) {
            String path = registers.get(random.nextInt(registers.size()));
            byte[] v = value("s" + id);
            ledger.issuedSetData(path, id, v);
            zk.setData(path, v, -1, (rc, p, ctx, stat) -> {
                ledger.answeredSetData(path, id, rc);
                inFlight.release();
            }, null);
        } else {
            String a = parent + "/m" + id + "a";
            String b = parent + "/m" + id + "b";
            byte[] va = value("m" + id + "a");
            byte[] vb = value("m" + id + "b");
            ledger.issuedMulti(id, a, va, b, vb);
            zk.multi(List.of(Op.create(a, va, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.create(b, vb, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)), (rc, p, ctx, results) -> {
                        ledger.answeredMulti(id, rc);
                        inFlight.release();
                    }, null);
        }
    }
}
