package io.paddock.server.main;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paddock.server.admin.FourLetterWords;
import io.paddock.server.net.client.ClientServer;
import io.paddock.server.net.client.FourLetterWordHandler;
import io.paddock.server.replica.Replica;
import io.paddock.server.replica.ReplicaConfig;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import io.paddock.server.sm.Recovered;
import io.paddock.server.storage.rocksdb.RocksStorage;
import io.paddock.server.storage.TxnLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A running Paddock server: the replica loop, its storage and the client port. {@link ServerMain} starts one
 * from zoo.cfg; tests start one from a {@link ServerConfig} value.
 */
public final class PaddockServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PaddockServer.class.getName());
    /** How often the loop ticks: session expiry is checked at this granularity. */
    private static final long TICK_INTERVAL_MS_MAX = 50;

    private final ClientServer clientServer;
    private final ReplicaLoop loop;
    private final TxnLog log;
    private final InetSocketAddress clientAddress;

    private PaddockServer(ClientServer clientServer, ReplicaLoop loop, TxnLog log, InetSocketAddress clientAddress) {
        this.clientServer = clientServer;
        this.loop = loop;
        this.log = log;
        this.clientAddress = clientAddress;
    }

    /**
     * Starts a standalone server and returns once it serves. The client port is bound on another thread while
     * the storage is read, so that Netty's start-up overlaps recovery; a client that connects meanwhile waits
     * in the loop's queue until the recovered replica takes it.
     */
    public static PaddockServer start(ServerConfig config) throws IOException {
        ServerCounters.LongClock clock = System::currentTimeMillis;
        ReplicaConfig replicaConfig = new ReplicaConfig(config.myId(), config.tickTimeMs(),
                config.minSessionTimeoutMs(), config.maxSessionTimeoutMs(), config.extendedTypesEnabled(),
                config.superDigest(), config.containerCheckIntervalMs(), new SecureRandom().nextLong());
        Replica replica = new Replica(replicaConfig);
        // Netty first: its start-up overlaps the loading of RocksDB's library (ServerMain starts that).
        ClientServer clientServer = new ClientServer(new ClientServer.Settings(config.clientAddress(),
                config.maxClientCnxns(), config.juteMaxBufferBytes(), config.globalOutstandingLimit()));
        TxnLog log;
        try {
            log = openStorage(config);
        } catch (IOException | RuntimeException e) {
            clientServer.close();
            throw e;
        }
        ServerCounters counters = new ServerCounters(new SimpleMeterRegistry(), clock);
        long tickMs = Math.max(1, Math.min(TICK_INTERVAL_MS_MAX, config.tickTimeMs() / 2));
        ReplicaLoop loop = new ReplicaLoop(replica, log, clientServer.output(), counters, clock, tickMs);
        FourLetterWords words = new FourLetterWords(config, loop, counters, clientServer::connectionCount,
                Environment.capture(), clock);
        CompletableFuture<InetSocketAddress> binding = new CompletableFuture<>();
        Thread binder = new Thread(() -> {
            try {
                binding.complete(clientServer.bind(loop, counters, new FourLetterWordHandler(words::run), clock));
            } catch (InterruptedException | RuntimeException e) {
                binding.completeExceptionally(e);
            }
        }, "paddock-bind");
        binder.start();
        try {
            recover(replica, log);
        } catch (RuntimeException e) {
            awaitQuietly(binding);
            clientServer.close();
            log.close();
            throw new IOException("cannot recover: " + e.getMessage(), e);
        }
        InetSocketAddress bound;
        try {
            bound = binding.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clientServer.close();
            log.close();
            throw new IOException("interrupted while binding " + config.clientAddress(), e);
        } catch (ExecutionException e) {
            clientServer.close();
            log.close();
            throw new IOException("cannot bind client port " + config.clientAddress() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        words.clientPortBound(bound.getPort());
        replica.restartSessionClocks(clock.nowMs());
        loop.start();
        return new PaddockServer(clientServer, loop, log, bound);
    }

    private static void recover(Replica replica, TxnLog log) {
        long startMs = System.currentTimeMillis();
        Recovered recovered = log.recover();
        replica.recover(recovered, startMs);
        LOG.log(System.Logger.Level.INFO, "loaded {0} znodes and {1} sessions from the snapshot at zxid 0x{2}, "
                + "replayed {3} txns of the log in {4} ms", recovered.nodes().size(), recovered.sessions().size(),
                Long.toHexString(recovered.snapshotZxid()), recovered.logAfterSnapshot().size(),
                System.currentTimeMillis() - startMs);
    }

    private static void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The recovery failure is the one to report.
        }
    }

    private static TxnLog openStorage(ServerConfig config) throws IOException {
        Files.createDirectories(config.dataLogDir());
        return RocksStorage.open(config.dataLogDir(), config.forceSync(), config.logRetention());
    }

    /** The bound client address (the real port when the config asked for port 0). */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** "host:port" for stock clients. */
    public String connectString() {
        InetSocketAddress address = clientAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    /** False once the replica loop stopped on a broken invariant. */
    public boolean isServing() {
        return loop.isRunning();
    }

    /** Stops accepting, closes every connection and the storage. */
    @Override
    public void close() {
        clientServer.close();
        loop.close();
        log.close();
    }
}
