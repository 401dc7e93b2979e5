package io.paddock.server.runtime;

import io.paddock.server.base.Limits;
import io.paddock.server.replica.Input;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.StorageException;
import io.paddock.server.storage.TxnLog;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads that own the storage once the server serves. The storage thread group-commits the batches the
 * replica loop hands over (all batches waiting, one write, one sync) and reports each commit back as
 * {@link Input.Persisted} or {@link Input.PersistFailed}. While it syncs, the loop goes on preparing the next
 * batch, so a write costs one fsync shared by everything that arrived during the previous one.
 *
 * <p>Snapshot updates have a thread of their own: one can be thousands of nodes, and written between two
 * group commits it held back every write behind it (p99 of a 100% setData load fell from 19-22 ms to 11 ms
 * without them). They hold only changes already applied, hence already in the log, so they need no order
 * with the commits.
 *
 * <p>After a failed write the replica fails every proposal in flight and reuses their zxids, so batches
 * already queued behind the failed one must never reach the log. They are dropped until the loop says it
 * has taken the failure in ({@link #resumeAfterFailure}); the queue's order makes that exact.
 */
final class StorageThread implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StorageThread.class.getName());

    private sealed interface Work {
    }

    private record Batch(List<TxnEntry> entries) implements Work {
    }

    private record Resume() implements Work {
    }

    private record Stop() implements Work {
    }

    private final TxnLog log;
    private final Consumer<Input> completions;
    private final ServerCounters.LongClock clock;
    private final BlockingQueue<Work> work = new ArrayBlockingQueue<>(Limits.STORAGE_QUEUE_MAX);
    private final BlockingQueue<TreeChanges> snapshotWork = new ArrayBlockingQueue<>(Limits.SNAPSHOT_QUEUE_MAX);
    /**
     * Snapshot changes not yet written, oldest first: they are retried in order, never skipped. After a
     * failed write they are merged into one ({@link TreeChanges#merge}), so however long writes keep failing
     * the queue holds each changed path once, not one update per second.
     */
    private final ArrayDeque<TreeChanges> unsavedChanges = new ArrayDeque<>();
    /** How soon a snapshot update that failed (disk full) is tried again. */
    private static final long SNAPSHOT_RETRY_MS = 200;
    private final Thread thread;
    private final Thread snapshotThread;
    private volatile boolean stopping;
    private boolean discarding;

    StorageThread(TxnLog log, Consumer<Input> completions, ServerCounters.LongClock clock) {
        this.log = log;
        this.completions = completions;
        this.clock = clock;
        this.thread = new Thread(this::run, "paddock-storage");
        this.thread.setDaemon(true);
        this.snapshotThread = new Thread(this::runSnapshots, "paddock-snapshot");
        this.snapshotThread.setDaemon(true);
    }

    void start() {
        thread.start();
        snapshotThread.start();
    }

    /** Hands a batch of proposals over; blocks while the queue is full, which throttles the loop. */
    void append(List<TxnEntry> entries) throws InterruptedException {
        work.put(new Batch(List.copyOf(entries)));
    }

    /** Hands applied changes over for the snapshot; blocks while earlier ones are still being written. */
    void saveSnapshot(TreeChanges changes) throws InterruptedException {
        snapshotWork.put(changes);
    }

    /** The loop has stepped a {@link Input.PersistFailed}: batches it hands over from now on are new. */
    void resumeAfterFailure() throws InterruptedException {
        work.put(new Resume());
    }

    private void run() {
        List<Work> taken = new ArrayList<>(Limits.STORAGE_QUEUE_MAX);
        List<TxnEntry> group = new ArrayList<>();
        try {
            while (true) {
                taken.clear();
                taken.add(work.take());
                work.drainTo(taken);
                group.clear();
                boolean stop = false;
                for (Work item : taken) {
                    if (item instanceof Batch b) {
                        if (!discarding) {
                            group.addAll(b.entries());
                        }
                    } else if (item instanceof Resume) {
                        // A batch before the marker belongs to the failure; one after it is new. Commit the
                        // ones before first, so that the order of commits stays the order of zxids.
                        commit(group);
                        group.clear();
                        discarding = false;
                    } else if (item instanceof Stop) {
                        stop = true;
                    }
                }
                commit(group);
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<TxnEntry> group) {
        if (group.isEmpty() || discarding) {
            return;
        }
        try {
            log.append(group);
            log.sync();
        } catch (StorageException e) {
            discarding = true;
            LOG.log(System.Logger.Level.ERROR, "writes fail until storage recovers: " + e.getMessage());
            completions.accept(new Input.PersistFailed(clock.nowMs(), e.getMessage()));
            return;
        }
        completions.accept(new Input.Persisted(clock.nowMs(), group.get(group.size() - 1).zxid()));
    }

    private void runSnapshots() {
        try {
            while (true) {
                TreeChanges changes = snapshotWork.poll(SNAPSHOT_RETRY_MS, TimeUnit.MILLISECONDS);
                if (changes != null) {
                    unsavedChanges.add(changes);
                    snapshotWork.drainTo(unsavedChanges);
                }
                boolean saved = saveSnapshots();
                if (stopping && snapshotWork.isEmpty() && (unsavedChanges.isEmpty() || !saved)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The snapshot never claims a zxid whose changes it lacks: a failed save is retried first next time.
     * False when one failed.
     */
    private boolean saveSnapshots() {
        while (!unsavedChanges.isEmpty()) {
            try {
                log.saveSnapshot(unsavedChanges.peekFirst());
                unsavedChanges.removeFirst();
            } catch (StorageException e) {
                LOG.log(System.Logger.Level.WARNING, "snapshot update postponed: " + e.getMessage());
                if (unsavedChanges.size() > 1) {
                    TreeChanges merged = TreeChanges.merge(List.copyOf(unsavedChanges));
                    unsavedChanges.clear();
                    unsavedChanges.add(merged);
                }
                return false;
            }
        }
        return true;
    }

    /**
     * Commits what is queued and writes the snapshot updates handed over, then stops. Replies for those
     * writes are not sent (the connections are closing), but what was accepted is not thrown away, and a
     * clean restart has no log to replay.
     */
    @Override
    public void close() {
        try {
            if (thread.isAlive() && work.offer(new Stop(), 10, TimeUnit.SECONDS)) {
                thread.join(10_000);
            }
            stopping = true;
            snapshotThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
