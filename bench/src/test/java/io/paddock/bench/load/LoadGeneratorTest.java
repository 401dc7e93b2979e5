package io.paddock.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator against a fake workload that answers from a timer: no server involved. */
class LoadGeneratorTest {
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final List<ZooKeeper> sessions = new ArrayList<>();

    @BeforeEach
    void openIdleClients() throws Exception {
        // Never connected (nothing listens on port 1): the fake workload never touches them.
        for (int i = 0; i < 2; i++) {
            sessions.add(new ZooKeeper("127.0.0.1:1", 30_000, event -> { }));
        }
    }

    @AfterEach
    void close() throws Exception {
        answers.shutdownNow();
        for (ZooKeeper zk : sessions) {
            zk.close();
        }
    }

    /** Answers each request 1 ms later, or at the end of a stall; every tenth with NONODE. */
    private class FakeWorkload implements Workload {
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger outstandingMax = new AtomicInteger();
        final AtomicLong fired = new AtomicLong();
        volatile long stallFromNs = Long.MAX_VALUE;
        volatile long stallToNs = Long.MAX_VALUE;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String label() {
            return "fake";
        }

        @Override
        public Map<String, Object> params() {
            return Map.of();
        }

        @Override
        public void prepare(ZooKeeper zk) {
        }

        @Override
        public void fire(ZooKeeper zk, Completion done) {
            long n = fired.incrementAndGet();
            outstandingMax.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            long now = System.nanoTime();
            long answerAtNs = now + 1_000_000;
            if (now >= stallFromNs && now < stallToNs) {
                answerAtNs = stallToNs;
            }
            int rc = n % 10 == 0 ? KeeperException.Code.NONODE.intValue() : 0;
            answers.schedule(() -> {
                outstanding.decrementAndGet();
                done.complete(OpKind.READ, rc);
            }, answerAtNs - now, TimeUnit.NANOSECONDS);
        }
    }

    @Test
    void closedLoopKeepsTheConfiguredRequestsInFlightAndCountsErrorsByCode() throws Exception {
        FakeWorkload workload = new FakeWorkload();
        LoadSpec spec = new LoadSpec(2, 3, 0, Duration.ofMillis(100), Duration.ofMillis(500));
        LoadResult result = new LoadGenerator(workload, sessions, spec, "[test]", Progress.silent())
                .run(MeasureWindow.NONE);
        assertTrue(workload.outstandingMax.get() <= 6, "at most sessions x in-flight: " + workload.outstandingMax);
        assertTrue(result.succeeded() > 100, "requests completed: " + result.succeeded());
        long nonode = result.errors().getOrDefault("NONODE", 0L);
        assertTrue(nonode > 0, "errors by code: " + result.errors());
        assertEquals(result.completed(), result.succeeded() + result.errorCount());
        assertEquals(result.completed(), result.latency().count(), "every completed request has a latency");
        // The 500 ms window, give or take scheduling on a loaded 2-core machine: not cut short, not run on.
        assertTrue(result.seconds() >= 0.25 && result.seconds() < 1.0, "window " + result.seconds());
    }

    @Test
    void pacedLatencyRunsFromTheIntendedSendTimeSoAStallIsNotHidden() throws Exception {
        FakeWorkload workload = new FakeWorkload();
        long startNs = System.nanoTime();
        workload.stallFromNs = startNs + 300_000_000L;
        workload.stallToNs = startNs + 500_000_000L;
        LoadSpec spec = new LoadSpec(2, 1, 2_000, Duration.ZERO, Duration.ofSeconds(1));
        LoadResult result = new LoadGenerator(workload, sessions, spec, "[test]", Progress.silent())
                .run(MeasureWindow.NONE);
        assertTrue(result.completed() > 1_600 && result.completed() < 2_400, "about 2000 sent: " + result.completed());
        // A fifth of the requests were meant to go out during the 200 ms stall, half of them in its first
        // 100 ms: they all wait for its end, and their latency counts from when they were due. A closed loop
        // would have sent only its few in-flight requests into the stall.
        assertTrue(result.latency().p99Us() >= 100_000, "p99 " + result.latency().p99Us() + " µs");
        assertTrue(result.latency().maxUs() >= 150_000, "max " + result.latency().maxUs() + " µs");
        assertTrue(result.latency().p50Us() < 200_000, "p50 " + result.latency().p50Us() + " µs");
    }

    @Test
    void aWorkloadThatThrowsIsCountedNotDropped() throws Exception {
        Workload throwing = new FakeWorkload() {
            @Override
            public void fire(ZooKeeper zk, Completion done) {
                throw new IllegalStateException("broken");
            }
        };
        LoadSpec spec = new LoadSpec(2, 2, 0, Duration.ZERO, Duration.ofMillis(200));
        LoadResult result = new LoadGenerator(throwing, sessions, spec, "[test]", Progress.silent())
                .run(MeasureWindow.NONE);
        assertEquals(4L, result.errors().get(ErrorCounts.CLIENT_EXCEPTION));
        assertEquals(0, result.succeeded());
    }

    @Test
    void errorNamesComeFromKeeperExceptionCodes() {
        assertEquals("NONODE", ErrorCounts.codeName(KeeperException.Code.NONODE.intValue()));
        assertEquals("RC_12345", ErrorCounts.codeName(12345));
    }
}
