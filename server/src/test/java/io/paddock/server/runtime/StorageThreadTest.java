package io.paddock.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.ErrorCode;
import io.paddock.server.replica.Input;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.StorageException;
import io.paddock.server.storage.TxnLog;
import io.paddock.protocol.Acl;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StorageThreadTest {

    /** A log whose appends can be held and made to fail; it records what reached it. */
    private static final class ScriptedLog implements TxnLog {
        final List<Long> written = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch appendStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holdNext;
        volatile boolean failNext;
        final List<TreeChanges> snapshots = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger snapshotAttempts = new AtomicInteger();
        volatile boolean failSnapshots;

        @Override
        public Recovered recover() {
            return Recovered.empty();
        }

        @Override
        public void append(List<TxnEntry> entries) {
            if (holdNext) {
                holdNext = false;
                appendStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failNext) {
                failNext = false;
                throw new StorageException("disk full", null);
            }
            entries.forEach(e -> written.add(e.zxid()));
        }

        @Override
        public void sync() {
        }

        @Override
        public void saveSnapshot(TreeChanges changes) {
            snapshotAttempts.incrementAndGet();
            if (failSnapshots) {
                throw new StorageException("no space left on device", null);
            }
            snapshots.add(changes);
        }

        @Override
        public long lastZxid() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static List<TxnEntry> entries(long fromZxid, long toZxid) {
        return LongStream.rangeClosed(fromZxid, toZxid)
                .mapToObj(z -> new TxnEntry(z, 0, 1, (int) z, new Txn.Error(ErrorCode.NO_NODE)))
                .toList();
    }

    private static Input next(BlockingQueue<Input> completions) throws InterruptedException {
        Input input = completions.poll(10, TimeUnit.SECONDS);
        assertTrue(input != null, "the storage thread reported nothing within 10 s");
        return input;
    }

    @Test
    void batchesQueuedBehindAFailedWriteNeverReachTheLog() throws Exception {
        ScriptedLog log = new ScriptedLog();
        BlockingQueue<Input> completions = new LinkedBlockingQueue<>();
        StorageThread storage = new StorageThread(log, completions::add, () -> 0);
        storage.start();
        try {
            storage.append(entries(1, 3));
            assertEquals(new Input.Persisted(0, 3), next(completions));

            log.holdNext = true;
            log.failNext = true;
            storage.append(entries(4, 5));
            assertTrue(log.appendStarted.await(10, TimeUnit.SECONDS));
            // Proposed while the write of 4..5 is under way; the replica will fail them with it.
            storage.append(entries(6, 7));
            log.release.countDown();
            assertInstanceOf(Input.PersistFailed.class, next(completions));

            // Before the loop has taken the failure in, later batches are still the failed proposals.
            storage.append(entries(8, 8));
            storage.resumeAfterFailure();
            // The replica reuses zxids from the last applied one.
            storage.append(entries(4, 4));
            assertEquals(new Input.Persisted(0, 4), next(completions));
            assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(log.written));
        } finally {
            storage.close();
        }
    }

    @Test
    void batchesWaitingTogetherShareOneWrite() throws Exception {
        ScriptedLog log = new ScriptedLog();
        BlockingQueue<Input> completions = new LinkedBlockingQueue<>();
        StorageThread storage = new StorageThread(log, completions::add, () -> 0);
        storage.start();
        try {
            log.holdNext = true;
            storage.append(entries(1, 1));
            assertTrue(log.appendStarted.await(10, TimeUnit.SECONDS));
            storage.append(entries(2, 3));
            storage.append(entries(4, 6));
            log.release.countDown();
            assertEquals(new Input.Persisted(0, 1), next(completions));
            // Both batches that waited during the first write are committed by the next one.
            assertEquals(new Input.Persisted(0, 6), next(completions));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), List.copyOf(log.written));
        } finally {
            storage.close();
        }
    }

    @Test
    void snapshotUpdatesThatKeepFailingAreMergedIntoOne() throws Exception {
        ScriptedLog log = new ScriptedLog();
        StorageThread storage = new StorageThread(log, input -> { }, () -> 0);
        log.failSnapshots = true;
        storage.start();
        try {
            // Twenty seconds' worth of updates of the same ten nodes while the disk is full.
            for (int second = 1; second <= 20; second++) {
                List<NodeRecord> upserted = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    upserted.add(new NodeRecord("/k" + k, new byte[] {(byte) second}, List.of(Acl.WORLD_ALL),
                            1, second, 0, 0, second, 0, 0, 0, 1));
                }
                storage.saveSnapshot(new TreeChanges(second, upserted, List.of("/gone" + second), List.of(),
                        List.of()));
            }
            // Two more attempts: the later one began after the last update was handed over.
            int attempts = log.snapshotAttempts.get();
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.snapshotAttempts.get() < attempts + 2 && System.nanoTime() < deadlineNs) {
                Thread.sleep(10);
            }
            assertTrue(log.snapshotAttempts.get() >= attempts + 2, "the failed update is retried");
            log.failSnapshots = false;
            while (log.snapshots.isEmpty() && System.nanoTime() < deadlineNs) {
                Thread.sleep(10);
            }
        } finally {
            storage.close();
        }
        assertEquals(1, log.snapshots.size(), "one merged update, not twenty");
        TreeChanges merged = log.snapshots.get(0);
        assertEquals(20, merged.zxid());
        assertEquals(10, merged.upserted().size());
        assertTrue(merged.upserted().stream().allMatch(r -> r.version() == 20), "the last version of each node");
        assertEquals(20, merged.deleted().size());
    }
}
