package io.paddock.compat.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers, not assertions: write throughput with and without forceSync, and restart time with many znodes. Not a
 * test (the name does not end in Test, so {@code mvn verify} leaves it out); run it on a quiet machine with
 *
 * <pre>
 * mvn -B -o -DskipTests package -pl server
 * mvn -B -o test -pl client-compat -Dtest=DurabilityMeasurements -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dmeasure.seconds=20] [-Dmeasure.znodes=100000]
 * </pre>
 *
 * and read the lines starting with [measure] in the output.
 */
class DurabilityMeasurements {
    static final int IN_FLIGHT_MAX = 64;
    static final int SECONDS = Integer.getInteger("measure.seconds", 20);
    static final int ZNODES = Integer.getInteger("measure.znodes", 100_000);
    static final int RESTARTS = 3;
    private static final Pattern LOADED = Pattern.compile("loaded ([0-9,]+) znodes .* replayed ([0-9,]+) txns of the "
            + "log in ([0-9,]+) ms");

    @TempDir
    Path work;

    @Test
    void writeThroughput() throws Exception {
        for (String forceSync : List.of("yes", "no", "yes", "no")) {
            Path dir = Files.createTempDirectory(work, "sync-" + forceSync);
            try (PaddockProcess server = PaddockProcess.configure(dir, dir.resolve("data"),
                    Map.of("forceSync", forceSync))) {
                server.start();
                ZooKeeper zk = Checker.connect(server.connectString(), 30_000, event -> { });
                try {
                    zk.create("/w", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    createFor(zk, "/w/warm", 3);
                    long[] result = createFor(zk, "/w/n", SECONDS);
                    System.out.printf("[measure] forceSync=%s: %d async creates (100 B, %d in flight) in %d s: "
                            + "%.0f ops/s; latency p50 %.2f ms, p99 %.2f ms%n", forceSync, result[0], IN_FLIGHT_MAX,
                            SECONDS, result[0] / (double) SECONDS, result[1] / 1e6, result[2] / 1e6);
                } finally {
                    Checker.closeQuietly(zk);
                }
            }
        }
    }

    @Test
    void restartTime() throws Exception {
        try (PaddockProcess server = PaddockProcess.configure(work, work.resolve("data"), Map.of())) {
            long emptyMs = server.start();
            System.out.printf("[measure] start on an empty data directory: %d ms to serving%n", emptyMs);
            ZooKeeper zk = Checker.connect(server.connectString(), 30_000, event -> { });
            try {
                zk.create("/r", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                long startNs = System.nanoTime();
                Writer.createMany(zk, "/r/n", ZNODES, IN_FLIGHT_MAX);
                System.out.printf("[measure] created %d znodes of 100 B in %d ms%n", ZNODES,
                        (System.nanoTime() - startNs) / 1_000_000);
            } finally {
                Checker.closeQuietly(zk);
            }
            for (int i = 0; i < RESTARTS; i++) {
                boolean kill = i % 2 == 0;
                if (kill) {
                    server.kill();
                } else {
                    server.terminate();
                }
                long ms = server.start();
                System.out.printf("[measure] restart after %s with %d znodes: %d ms from process start to serving; "
                        + "%s%n", kill ? "SIGKILL" : "SIGTERM", ZNODES, ms, lastLoaded(server.logTail(100_000)));
            }
        }
    }

    private static String lastLoaded(String log) {
        Matcher m = LOADED.matcher(log);
        String last = "no recovery line";
        while (m.find()) {
            last = "storage read and tree rebuilt in " + m.group(3) + " ms (" + m.group(1) + " znodes, "
                    + m.group(2) + " txns replayed)";
        }
        return last;
    }

    /** Creates as many nodes as it can in {@code seconds}; returns {count, p50 ns, p99 ns}. */
    private static long[] createFor(ZooKeeper zk, String prefix, int seconds) throws InterruptedException {
        long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] latencies = new long[4_000_000];
        AtomicLong done = new AtomicLong();
        Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
        AtomicReference<String> failure = new AtomicReference<>();
        long i = 0;
        while (System.nanoTime() < endNs) {
            inFlight.acquire();
            long sentNs = System.nanoTime();
            String path = prefix + i++;
            zk.create(path, Writer.value(path), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                long n = done.getAndIncrement();
                if (n < latencies.length) {
                    latencies[(int) n] = System.nanoTime() - sentNs;
                }
                if (rc != Code.OK.intValue()) {
                    failure.compareAndSet(null, p + ": " + Code.get(rc));
                }
                inFlight.release();
            }, null);
        }
        inFlight.acquire(IN_FLIGHT_MAX);
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        int n = (int) Math.min(done.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new long[] {done.get(), sorted[n / 2], sorted[(int) (n * 0.99)]};
    }
}
