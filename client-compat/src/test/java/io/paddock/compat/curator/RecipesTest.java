package io.paddock.compat.curator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.SharedCountListener;
import org.apache.curator.framework.recipes.shared.SharedCountReader;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.framework.state.ConnectionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Curator 5 recipes, each across several independent client sessions. */
class RecipesTest {

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void leaderLatchElectsExactlyOneAndHandsOverWhenTheLeaderCloses() throws Exception {
        int participants = 3;
        List<CuratorFramework> clients = new ArrayList<>();
        List<LeaderLatch> latches = new ArrayList<>();
        try {
            for (int i = 0; i < participants; i++) {
                CuratorFramework client = CuratorClients.start(server);
                clients.add(client);
                LeaderLatch latch = new LeaderLatch(client, "/curator/leader", "participant-" + i);
                latches.add(latch);
                latch.start();
            }
            LeaderLatch leader = awaitSingleLeader(latches);
            for (LeaderLatch latch : latches) {
                assertEquals(leader.getId(), latch.getLeader().getId(), "every participant agrees on the leader");
                assertEquals(participants, latch.getParticipants().size());
            }

            latches.remove(leader);
            leader.close();
            LeaderLatch successor = awaitSingleLeader(latches);
            assertNotEquals(leader.getId(), successor.getId());
            for (LeaderLatch latch : latches) {
                assertEquals(successor.getId(), latch.getLeader().getId());
                assertEquals(participants - 1, latch.getParticipants().size());
            }

            // Losing the session (not just closing the latch) hands leadership over as well.
            latches.remove(successor);
            closeClientOf(successor, clients);
            LeaderLatch last = awaitSingleLeader(latches);
            assertNotEquals(successor.getId(), last.getId());
            assertEquals(1, last.getParticipants().size());
        } finally {
            latches.forEach(CuratorClients::closeQuietly);
            clients.forEach(CuratorClients::closeQuietly);
        }
    }

    private static void closeClientOf(LeaderLatch latch, List<CuratorFramework> clients) throws Exception {
        int index = Integer.parseInt(latch.getId().substring("participant-".length()));
        clients.get(index).close();
    }

    private static LeaderLatch awaitSingleLeader(List<LeaderLatch> latches) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            for (LeaderLatch latch : latches) {
                // Wait on each in turn; whoever holds leadership returns at once.
                if (latch.await(200, TimeUnit.MILLISECONDS)) {
                    int leaders = 0;
                    for (LeaderLatch other : latches) {
                        leaders += other.hasLeadership() ? 1 : 0;
                    }
                    assertEquals(1, leaders, "exactly one leader");
                    return latch;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no leader elected");
        }
    }

    @Test
    void interProcessMutexExcludesAcrossSessions() throws Exception {
        int workers = 4;
        int rounds = 15;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        List<CuratorFramework> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                CuratorFramework client = CuratorClients.start(server);
                clients.add(client);
                InterProcessMutex mutex = new InterProcessMutex(client, "/curator/mutex");
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        assertTrue(mutex.acquire(60, TimeUnit.SECONDS), "acquire");
                        try {
                            int now = holders.incrementAndGet();
                            maxHolders.accumulateAndGet(now, Math::max);
                            // Re-entrant for the holder.
                            assertTrue(mutex.acquire(1, TimeUnit.SECONDS));
                            mutex.release();
                            total.incrementAndGet();
                            holders.decrementAndGet();
                        } finally {
                            mutex.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            assertEquals(1, maxHolders.get(), "never two holders at once");
            assertEquals(workers * rounds, total.get());
            assertEquals(List.of(), clients.get(0).getChildren().forPath("/curator/mutex"),
                    "every lock node was removed");
        } finally {
            pool.shutdownNow();
            clients.forEach(CuratorClients::closeQuietly);
        }
    }

    @Test
    void semaphoreHandsOutAtMostItsLeases() throws Exception {
        CuratorFramework a = CuratorClients.start(server);
        CuratorFramework b = CuratorClients.start(server);
        try {
            InterProcessSemaphoreV2 semA = new InterProcessSemaphoreV2(a, "/curator/semaphore", 2);
            InterProcessSemaphoreV2 semB = new InterProcessSemaphoreV2(b, "/curator/semaphore", 2);
            Lease first = semA.acquire(30, TimeUnit.SECONDS);
            Lease second = semB.acquire(30, TimeUnit.SECONDS);
            assertNotNull(first);
            assertNotNull(second);
            assertNull(semB.acquire(500, TimeUnit.MILLISECONDS), "no third lease");
            semA.returnLease(first);
            assertNotNull(semB.acquire(30, TimeUnit.SECONDS), "a returned lease is available again");
        } finally {
            CuratorClients.closeQuietly(a);
            CuratorClients.closeQuietly(b);
        }
    }

    @Test
    void distributedQueueDeliversEveryItemOnceInOrder() throws Exception {
        CuratorFramework producerClient = CuratorClients.start(server);
        CuratorFramework consumerClient = CuratorClients.start(server);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        QueueSerializer<String> serializer = new QueueSerializer<>() {
            @Override
            public byte[] serialize(String item) {
                return item.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String deserialize(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
        QueueConsumer<String> consumer = new QueueConsumer<>() {
            @Override
            public void consumeMessage(String message) {
                received.add(message);
            }

            @Override
            public void stateChanged(CuratorFramework client, ConnectionState newState) {
            }
        };
        DistributedQueue<String> producer = QueueBuilder.builder(producerClient, null, serializer,
                "/curator/queue").buildQueue();
        DistributedQueue<String> consuming = QueueBuilder.builder(consumerClient, consumer, serializer,
                "/curator/queue").lockPath("/curator/queue-lock").buildQueue();
        try {
            producer.start();
            for (int i = 0; i < 25; i++) {
                producer.put("item-" + i);
            }
            consuming.start();
            for (int i = 0; i < 25; i++) {
                assertEquals("item-" + i, received.poll(60, TimeUnit.SECONDS));
            }
            producer.put("late");
            assertEquals("late", received.poll(60, TimeUnit.SECONDS));
        } finally {
            CuratorClients.closeQuietly(consuming);
            CuratorClients.closeQuietly(producer);
            CuratorClients.closeQuietly(producerClient);
            CuratorClients.closeQuietly(consumerClient);
        }
    }

    @Test
    void doubleBarrierReleasesOnlyWhenEveryoneEnteredAndLeft() throws Exception {
        int members = 3;
        List<CuratorFramework> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(members);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch lastOneMayEnter = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                CuratorFramework client = CuratorClients.start(server);
                clients.add(client);
                DistributedDoubleBarrier barrier = new DistributedDoubleBarrier(client, "/curator/barrier", members);
                int member = m;
                futures.add(pool.submit(() -> {
                    if (member == members - 1) {
                        assertTrue(lastOneMayEnter.await(60, TimeUnit.SECONDS));
                    }
                    log.add("enter " + member);
                    boolean entered = barrier.enter(60, TimeUnit.SECONDS);
                    log.add("entered " + member);
                    boolean left = barrier.leave(60, TimeUnit.SECONDS);
                    log.add("left " + member);
                    return entered && left;
                }));
            }
            // Until the last member arrives nobody is through the barrier.
            CuratorFramework observer = clients.get(0);
            awaitCondition(() -> memberNodes(observer) == members - 1);
            assertNull(observer.checkExists().forPath("/curator/barrier/ready"));
            assertFalse(log.stream().anyMatch(line -> line.startsWith("entered")), log.toString());
            lastOneMayEnter.countDown();
            for (Future<Boolean> future : futures) {
                assertTrue(future.get(120, TimeUnit.SECONDS));
            }
            int lastEnter = -1;
            int firstEntered = Integer.MAX_VALUE;
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).startsWith("enter ")) {
                    lastEnter = i;
                } else if (log.get(i).startsWith("entered ")) {
                    firstEntered = Math.min(firstEntered, i);
                }
            }
            assertTrue(lastEnter < firstEntered, log.toString());
        } finally {
            pool.shutdownNow();
            clients.forEach(CuratorClients::closeQuietly);
        }
    }

    private static long memberNodes(CuratorFramework client) {
        try {
            if (client.checkExists().forPath("/curator/barrier") == null) {
                return 0;
            }
            return client.getChildren().forPath("/curator/barrier").stream()
                    .filter(name -> !name.equals("ready")).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition no event announces (the barrier's member count); bounded, not a synchronisation sleep. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met");
            Thread.sleep(20);
        }
    }

    @Test
    void sharedCountPropagatesAndRefusesStaleUpdates() throws Exception {
        CuratorFramework a = CuratorClients.start(server);
        CuratorFramework b = CuratorClients.start(server);
        SharedCount countA = new SharedCount(a, "/curator/count", 0);
        SharedCount countB = new SharedCount(b, "/curator/count", 0);
        BlockingQueue<Integer> seenByB = new LinkedBlockingQueue<>();
        try {
            countA.start();
            countB.start();
            countB.addListener(new SharedCountListener() {
                @Override
                public void countHasChanged(SharedCountReader reader, int newCount) {
                    seenByB.add(newCount);
                }

                @Override
                public void stateChanged(CuratorFramework client, ConnectionState newState) {
                }
            });
            VersionedValue<Integer> stale = countB.getVersionedValue();
            assertEquals(0, stale.getValue());
            countA.setCount(7);
            assertEquals(7, seenByB.poll(60, TimeUnit.SECONDS));
            assertFalse(countB.trySetCount(stale, 99), "a stale version is refused");
            assertEquals(7, countA.getCount());
            assertTrue(countB.trySetCount(countB.getVersionedValue(), 8));
            assertArrayEquals(new byte[] {0, 0, 0, 8}, a.getData().forPath("/curator/count"));
        } finally {
            CuratorClients.closeQuietly(countA);
            CuratorClients.closeQuietly(countB);
            CuratorClients.closeQuietly(a);
            CuratorClients.closeQuietly(b);
        }
    }
}
