package io.paddock.server.admin;

import io.paddock.server.replica.Replica;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of core state (znodes, watches, sessions, ...) that gauges may read from any thread. The loop
 * thread publishes them when {@link #refresh} runs; a gauge read finding them older than
 * {@link #STALE_AFTER_MS} asks for a refresh without waiting for it, so a scraper sees figures at most one
 * scrape old and never blocks on the loop. mntr refreshes first and then reads.
 */
final class CoreFigures {
    /** How old published figures may get before a gauge read asks the loop for new ones. */
    static final long STALE_AFTER_MS = 1_000;

    final AtomicLong znodeCount = new AtomicLong();
    final AtomicLong watchCount = new AtomicLong();
    final AtomicLong ephemeralsCount = new AtomicLong();
    final AtomicLong approximateDataBytes = new AtomicLong();
    final AtomicLong sessionCount = new AtomicLong();
    final AtomicLong outstandingRequests = new AtomicLong();

    private final ReplicaLoop loop;
    private final ServerCounters.LongClock clock;
    private final AtomicLong publishedAtMs = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicBoolean refreshing = new AtomicBoolean();

    CoreFigures(ReplicaLoop loop, ServerCounters.LongClock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    /** Publishes the current figures from the loop thread; completes once they are visible. */
    CompletableFuture<Void> refresh() {
        return loop.query(this::publish);
    }

    /** A gauge's read: the last published value, after asking for a fresh one if it is stale. */
    long read(AtomicLong figure) {
        if (clock.nowMs() - publishedAtMs.get() > STALE_AFTER_MS && loop.isRunning()
                && refreshing.compareAndSet(false, true)) {
            refresh().whenComplete((ok, error) -> refreshing.set(false));
        }
        return figure.get();
    }

    private Void publish(Replica replica) {
        var sm = replica.stateMachine();
        znodeCount.set(sm.tree().nodeCount());
        watchCount.set(sm.watches().watchCount());
        ephemeralsCount.set(sm.tree().ephemeralCount());
        approximateDataBytes.set(sm.tree().dataBytes());
        sessionCount.set(sm.sessions().size());
        outstandingRequests.set(replica.queuedRequests());
        publishedAtMs.set(clock.nowMs());
        return null;
    }
}
