package io.paddock.bench.load;

import io.paddock.bench.server.ProcStat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.ZooKeeper;

/**
 * Drives one {@link Workload} over open sessions for a warm-up and a measured window.
 *
 * <p>Closed loop: every session keeps {@code inFlightPerSession} requests outstanding, sending the next from
 * the completion callback; latency runs from the actual send. Paced: one thread sends at a fixed rate and
 * each request's latency runs from the time it was meant to be sent, so a server stall shows up as the
 * latency of every request that should have gone out during it (no coordinated omission).
 *
 * <p>A request belongs to the window its send time (intended, when paced) falls in. Requests of the window
 * that have not come back {@link LoadSpec#DRAIN_TIMEOUT} after it closes count as NO_RESPONSE.
 */
public final class LoadGenerator {
    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;

    private enum Phase { WARMUP, MEASURE, STOPPED }

    private final Workload workload;
    private final List<ZooKeeper> clients;
    private final LoadSpec spec;
    private final String progressLabel;
    private final Progress progress;
    private final LatencyRecorders latencies = new LatencyRecorders();
    private final ErrorCounts errors = new ErrorCounts();
    private final ErrorCounts warmupErrors = new ErrorCounts();
    private final LongAdder completed = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong outstandingMeasured = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Phase phase = Phase.WARMUP;

    public LoadGenerator(Workload workload, List<ZooKeeper> clients, LoadSpec spec, String progressLabel,
                         Progress progress) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no sessions to drive");
        }
        this.workload = workload;
        this.clients = List.copyOf(clients);
        this.spec = spec;
        this.progressLabel = progressLabel;
        this.progress = progress;
    }

    public LoadResult run(MeasureWindow window) throws InterruptedException {
        long startNs = System.nanoTime();
        long measureStartNs = startNs + spec.warmup().toNanos();
        long endNs = measureStartNs + spec.duration().toNanos();
        if (spec.warmup().isZero()) {
            phase = Phase.MEASURE;
            window.opened();
        }
        ProcStat.Sample clientBefore = ProcStat.self();
        Thread pacer = spec.paced() ? startPacer(startNs, endNs) : null;
        if (!spec.paced()) {
            for (int slot = 0; slot < spec.inFlightPerSession(); slot++) {
                clients.forEach(this::fireClosedLoop);
            }
        }
        long measuredFromNs = phase == Phase.MEASURE ? startNs : measureStartNs;
        while (true) {
            long now = System.nanoTime();
            if (now >= endNs) {
                break;
            }
            if (phase == Phase.WARMUP && now >= measureStartNs) {
                latencies.reset();
                phase = Phase.MEASURE;
                measuredFromNs = System.nanoTime();
                window.opened();
                clientBefore = ProcStat.self();
            }
            LockSupport.parkNanos(Math.min(PROGRESS_INTERVAL_NS, (phase == Phase.WARMUP ? measureStartNs : endNs) - now));
            showProgress(now - startNs, measureStartNs - startNs, endNs - startNs);
        }
        phase = Phase.STOPPED;
        long measuredToNs = System.nanoTime();
        window.closed();
        ProcStat.Sample clientAfter = ProcStat.self();
        if (pacer != null) {
            pacer.join();
        }
        drain();
        latencies.collect();
        Histogram total = latencies.total();
        return new LoadResult(workload.name(), workload.label(), workload.params(),
                (measuredToNs - measuredFromNs) / 1e9, completed.sum(), succeeded.sum(), errors.snapshot(),
                warmupErrors.snapshot(), LatencySummary.of(total), latencies.byKind(),
                clientAfter.cpuSeconds() - clientBefore.cpuSeconds());
    }

    private void fireClosedLoop(ZooKeeper zk) {
        if (phase == Phase.STOPPED) {
            return;
        }
        fire(zk, System.nanoTime(), true);
    }

    /** Sends one request; in the closed loop its completion sends the next on the same session. */
    private void fire(ZooKeeper zk, long intendedNs, boolean closedLoop) {
        boolean measured = phase == Phase.MEASURE;
        outstanding.incrementAndGet();
        if (measured) {
            outstandingMeasured.incrementAndGet();
        }
        try {
            workload.fire(zk, (kind, rc) -> {
                onComplete(kind, rc, intendedNs, measured);
                if (closedLoop) {
                    fireClosedLoop(zk);
                }
            });
        } catch (RuntimeException e) {
            // The slot retires: a workload that throws would otherwise spin.
            outstanding.decrementAndGet();
            if (measured) {
                outstandingMeasured.decrementAndGet();
            }
            (measured ? errors : warmupErrors).add(ErrorCounts.CLIENT_EXCEPTION);
        }
    }

    private void onComplete(OpKind kind, int rc, long intendedNs, boolean measured) {
        long latencyNs = System.nanoTime() - intendedNs;
        if (finished.get()) {
            return; // already counted as NO_RESPONSE
        }
        if (measured) {
            completed.increment();
            if (rc == 0) {
                succeeded.increment();
            } else {
                errors.addCode(rc);
            }
            latencies.record(kind, latencyNs);
            outstandingMeasured.decrementAndGet();
        } else if (rc != 0) {
            warmupErrors.addCode(rc);
        }
        outstanding.decrementAndGet();
    }

    private Thread startPacer(long startNs, long endNs) {
        long periodNs = Math.max(1, (long) (1e9 / spec.rateOpsPerSec()));
        Thread pacer = new Thread(() -> {
            long sent = 0;
            while (true) {
                long intendedNs = startNs + sent * periodNs;
                if (intendedNs >= endNs) {
                    return;
                }
                long now = System.nanoTime();
                if (intendedNs > now) {
                    LockSupport.parkNanos(intendedNs - now);
                } else if (outstanding.get() >= LoadSpec.PACED_OUTSTANDING_MAX) {
                    LockSupport.parkNanos(50_000);
                } else {
                    fire(clients.get((int) (sent % clients.size())), intendedNs, false);
                    sent++;
                }
            }
        }, "bench-pacer");
        pacer.setDaemon(true);
        pacer.start();
        return pacer;
    }

    private void drain() {
        long deadlineNs = System.nanoTime() + LoadSpec.DRAIN_TIMEOUT.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < deadlineNs) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        finished.set(true);
        errors.add(ErrorCounts.NO_RESPONSE, outstandingMeasured.get());
    }

    private void showProgress(long elapsedNs, long warmupNs, long totalNs) {
        Histogram interval = latencies.collect();
        String phaseText = phase == Phase.WARMUP
                ? String.format("warm-up %d/%d s", elapsedNs / 1_000_000_000L, warmupNs / 1_000_000_000L)
                : String.format("measure %d/%d s", (elapsedNs - warmupNs) / 1_000_000_000L,
                        (totalNs - warmupNs) / 1_000_000_000L);
        if (phase == Phase.WARMUP) {
            progress.update(String.format("%s  %s  errors %d", progressLabel, phaseText, warmupErrors.total()));
            return;
        }
        double seconds = PROGRESS_INTERVAL_NS / 1e9;
        progress.update(String.format("%s  %s  %,.0f ops/s  p99 %.2f ms  errors %d", progressLabel, phaseText,
                interval.getTotalCount() / seconds, interval.getValueAtPercentile(99) / 1000.0,
                errors.total() + warmupErrors.total()));
    }
}
