package io.paddock.bench.load;

import io.paddock.bench.server.ProcStat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooKeeper;

/**
 * One change, K watchers: K sessions each set a data watch on one znode, a writer changes it, and every
 * notification's latency is measured from the moment the setData was sent. Rounds repeat back to back; a
 * request here is one notification, and one that does not arrive within {@link #EVENT_TIMEOUT_S} counts as
 * MISSING_EVENT.
 */
public final class WatchFanout {
    static final long EVENT_TIMEOUT_S = 10;
    static final String PATH = "/bench-fanout";

    private final int watcherCount;

    public WatchFanout(int watcherCount) {
        this.watcherCount = watcherCount;
    }

    public int watcherCount() {
        return watcherCount;
    }

    public String label() {
        return "watch fan-out, 1 change to " + watcherCount + " watchers";
    }

    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("watchers", watcherCount);
        return params;
    }

    public void prepare(ZooKeeper zk) throws Exception {
        Populate.ensurePath(zk, PATH);
    }

    /** watchers must hold watcherCount sessions; writer is another one. */
    public LoadResult run(ZooKeeper writer, List<ZooKeeper> watchers, Duration warmup, Duration duration,
                          MeasureWindow window, String progressLabel, Progress progress) throws InterruptedException {
        if (watchers.size() != watcherCount) {
            throw new IllegalArgumentException("need " + watcherCount + " watcher sessions, got " + watchers.size());
        }
        long startNs = System.nanoTime();
        long measureStartNs = startNs + warmup.toNanos();
        long endNs = measureStartNs + duration.toNanos();
        while (System.nanoTime() < measureStartNs) {
            round(writer, watchers, new Histogram(3), new ErrorCounts());
        }
        window.opened();
        ProcStat.Sample clientBefore = ProcStat.self();
        long measuredFromNs = System.nanoTime();
        Histogram latencyUs = new Histogram(3);
        ErrorCounts errors = new ErrorCounts();
        long rounds = 0;
        while (System.nanoTime() < endNs) {
            round(writer, watchers, latencyUs, errors);
            rounds++;
            long elapsedS = (System.nanoTime() - measuredFromNs) / 1_000_000_000L;
            progress.update(String.format("%s  measure %d/%d s  %d rounds  p99 %.2f ms  errors %d", progressLabel,
                    elapsedS, duration.toSeconds(), rounds, latencyUs.getValueAtPercentile(99) / 1000.0,
                    errors.total()));
        }
        double seconds = (System.nanoTime() - measuredFromNs) / 1e9;
        window.closed();
        double clientCpu = ProcStat.self().cpuSeconds() - clientBefore.cpuSeconds();
        long delivered = latencyUs.getTotalCount();
        LatencySummary summary = LatencySummary.of(latencyUs);
        return new LoadResult("fanout", label(), params(), seconds, delivered + errors.total(), delivered,
                errors.snapshot(), new java.util.TreeMap<>(), summary, Map.of(OpKind.NOTIFY.key(), summary),
                clientCpu);
    }

    private void round(ZooKeeper writer, List<ZooKeeper> watchers, Histogram latencyUs, ErrorCounts errors)
            throws InterruptedException {
        CountDownLatch armed = new CountDownLatch(watchers.size());
        CountDownLatch notified = new CountDownLatch(watchers.size());
        java.util.concurrent.atomic.AtomicLong sentNs = new java.util.concurrent.atomic.AtomicLong();
        for (ZooKeeper zk : watchers) {
            Watcher watcher = event -> {
                if (event.getType() == EventType.NodeDataChanged) {
                    long latencyNs = System.nanoTime() - sentNs.get();
                    synchronized (latencyUs) {
                        latencyUs.recordValue(Math.max(1, latencyNs / 1_000));
                    }
                    notified.countDown();
                }
            };
            zk.exists(PATH, watcher, (rc, path, ctx, stat) -> {
                if (rc != 0) {
                    errors.addCode(rc);
                    notified.countDown();
                }
                armed.countDown();
            }, null);
        }
        if (!armed.await(EVENT_TIMEOUT_S, TimeUnit.SECONDS)) {
            errors.add(ErrorCounts.NO_RESPONSE, armed.getCount());
        }
        CountDownLatch written = new CountDownLatch(1);
        // Atomic: the watchers' event threads read it, with no other happens-before edge to this thread.
        sentNs.set(System.nanoTime());
        writer.setData(PATH, new byte[8], -1, (rc, path, ctx, stat) -> {
            if (rc != 0) {
                errors.addCode(rc);
            }
            written.countDown();
        }, null);
        if (!notified.await(EVENT_TIMEOUT_S, TimeUnit.SECONDS)) {
            errors.add(ErrorCounts.MISSING_EVENT, notified.getCount());
        }
        written.await(EVENT_TIMEOUT_S, TimeUnit.SECONDS);
    }
}
