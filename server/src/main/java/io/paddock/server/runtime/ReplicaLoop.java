package io.paddock.server.runtime;

import io.paddock.server.base.Limits;
import io.paddock.server.replica.Input;
import io.paddock.server.replica.Replica;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.TxnLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one thread that owns the {@link Replica}. Each turn it takes a batch of inputs, steps the replica
 * with each, persists what they proposed with one sync (group commit), tells the replica, and flushes the
 * replies. Between turns it answers read-only queries (four-letter words) on the same thread, so that no
 * other thread ever touches core state.
 */
public final class ReplicaLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReplicaLoop.class.getName());

    private final Replica replica;
    private final StorageThread storage;
    private final ClientOutput out;
    private final LoopEffects effects;
    private final ServerCounters.LongClock clock;
    private final long tickIntervalMs;
    private final BlockingQueue<Input> inputs = new ArrayBlockingQueue<>(Limits.LOOP_INPUTS_MAX);
    /** Disconnects must never be lost; there is at most one per connection, so this stays small. */
    private final ConcurrentLinkedQueue<Input> control = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> queries = new ConcurrentLinkedQueue<>();
    /**
     * How often applied changes are folded into the snapshot. A hot node (the parent of a busy queue, a
     * counter) is written once per interval however often it changed; recovery after a crash replays at most
     * this much more log. At 100 ms, snapshot updates cost a 100% setData load on 10k keys a quarter of the
     * server's CPU.
     */
    private static final long SNAPSHOT_SAVE_INTERVAL_MS = 1_000;
    private long lastSnapshotSaveMs;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public ReplicaLoop(Replica replica, TxnLog log, ClientOutput out, ServerCounters counters,
                       ServerCounters.LongClock clock, long tickIntervalMs) {
        this.replica = replica;
        this.storage = new StorageThread(log, this::submitControl, clock);
        this.out = out;
        this.effects = new LoopEffects(out, counters);
        this.clock = clock;
        this.tickIntervalMs = tickIntervalMs;
        this.thread = new Thread(this::run, "paddock-replica-loop");
    }

    public void start() {
        storage.start();
        thread.start();
    }

    /** Offers a client input; false when the loop is saturated (the caller throttles or refuses). */
    public boolean submit(Input input) {
        return running && inputs.offer(input);
    }

    /** An input that must not be dropped: connection closes. */
    public void submitControl(Input input) {
        control.add(input);
        if (inputs.isEmpty()) {
            inputs.offer(new Input.Tick(clock.nowMs()));
        }
    }

    /** Runs a read-only view of the replica on the loop thread. */
    public <T> CompletableFuture<T> query(Function<Replica, T> view) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("server is shutting down"));
            return result;
        }
        queries.add(() -> {
            try {
                result.complete(view.apply(replica));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        inputs.offer(new Input.Tick(clock.nowMs()));
        return result;
    }

    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    private void run() {
        List<Input> batch = new ArrayList<>(Limits.LOOP_BATCH_MAX);
        long nextTickMs = clock.nowMs() + tickIntervalMs;
        try {
            while (running) {
                Input first = inputs.poll(Math.max(1, nextTickMs - clock.nowMs()), TimeUnit.MILLISECONDS);
                batch.clear();
                drainControl(batch);
                if (first != null) {
                    batch.add(first);
                    inputs.drainTo(batch, Limits.LOOP_BATCH_MAX - batch.size());
                }
                long now = clock.nowMs();
                if (now >= nextTickMs) {
                    batch.add(new Input.Tick(now));
                    nextTickMs = now + tickIntervalMs;
                }
                turn(batch);
                runQueries();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "replica loop stopped: the core's state can no longer be trusted", e);
            running = false;
        }
    }

    private void drainControl(List<Input> batch) {
        Input input;
        while ((input = control.poll()) != null) {
            batch.add(input);
        }
    }

    private void turn(List<Input> batch) throws InterruptedException {
        for (Input input : batch) {
            replica.step(input, effects);
            if (input instanceof Input.PersistFailed) {
                // From here on the replica reuses the failed zxids: what it proposes next is new.
                effects.appended.clear();
                storage.resumeAfterFailure();
            }
        }
        if (!effects.appended.isEmpty()) {
            // Group commit happens on the storage thread; Persisted comes back as a control input.
            storage.append(effects.appended);
            effects.appended.clear();
        }
        saveSnapshot();
        out.flush();
    }

    /** Hands the changes applied since the last save to the storage thread, at most every interval. */
    private void saveSnapshot() throws InterruptedException {
        long now = clock.nowMs();
        if (now - lastSnapshotSaveMs < SNAPSHOT_SAVE_INTERVAL_MS) {
            return;
        }
        lastSnapshotSaveMs = now;
        TreeChanges changes = replica.drainChanges();
        if (!changes.isEmpty()) {
            storage.saveSnapshot(changes);
        }
    }

    private void runQueries() {
        Runnable query;
        while ((query = queries.poll()) != null) {
            query.run();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The loop thread is gone: its state is ours to read. A clean restart then has nothing to replay.
        if (!thread.isAlive() && failure == null) {
            try {
                TreeChanges changes = replica.drainChanges();
                if (!changes.isEmpty()) {
                    storage.saveSnapshot(changes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        storage.close();
        Runnable query;
        while ((query = queries.poll()) != null) {
            query.run();
        }
    }
}
