package io.paddock.server.admin;

import io.paddock.server.main.ServerConfig;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The four-letter words of the client port, each answered with the text Apache ZooKeeper 3.9.5 prints
 * (its {@code server/command/*Command.java}). Views of core state are computed on the replica loop thread
 * through {@link ReplicaLoop#query}; traffic figures come from the micrometer meters; work that touches
 * the disk or the resolver runs on the common pool, never on a network thread.
 *
 * <p>Thread-safe: {@link #run} is called by the network threads.
 */
public final class FourLetterWords {
    /** ZooKeeper's AbstractFourLetterCommand.ZK_NOT_SERVING. */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";
    /** ZooTrace's default text trace mask (client requests, leader packets, sessions, warnings). */
    static final long TRACE_MASK_DEFAULT = 0b0100110010;
    /** A view of core state that has not come back by then means a stuck loop; the client gets an error. */
    static final long QUERY_TIMEOUT_MS = 10_000;

    private final ServerConfig config;
    private final ReplicaLoop loop;
    private final IntSupplier connectionCount;
    private final Traffic traffic;
    private final ServerCounters counters;
    private final StatsText stats;
    private final ConfText conf;
    private final Monitor monitor;
    private volatile int clientPort;

    /**
     * @param environment the JVM facts envi reports, from {@code Environment.capture()}
     * @param clock       wall time in ms, for uptime and the freshness of published figures
     */
    public FourLetterWords(ServerConfig config, ReplicaLoop loop, ServerCounters counters,
                           IntSupplier connectionCount, Map<String, String> environment,
                           ServerCounters.LongClock clock) {
        this.config = config;
        this.loop = loop;
        this.connectionCount = connectionCount;
        this.counters = counters;
        this.traffic = new Traffic(counters);
        this.stats = new StatsText(counters, traffic);
        this.conf = new ConfText(config, environment);
        this.monitor = new Monitor(counters.registry(), traffic, new CoreFigures(loop, clock), connectionCount,
                clock);
        this.clientPort = config.clientAddress().getPort();
    }

    /** The port the client port bound: conf reports it, as ZooKeeper does, when the config asked for 0. */
    public void clientPortBound(int port) {
        this.clientPort = port;
    }

    /** The text for word; the network thread writes it and closes the connection. */
    public CompletableFuture<String> run(String text) {
        Optional<Word> word = Word.of(text);
        if (word.isEmpty()) {
            // The decoder passes known words only; anything else would have been read as a connect request.
            return CompletableFuture.completedFuture("Unknown four-letter word " + text + "\n");
        }
        if (!config.fourLetterWordEnabled(text)) {
            return CompletableFuture.completedFuture(text + " is not executed because it is not in the whitelist.\n");
        }
        return answer(word.get()).orTimeout(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<String> answer(Word word) {
        return switch (word) {
            // ZooKeeper answers ruok whether or not it serves; envi likewise.
            case RUOK -> done("imok");
            case ENVI -> offNetworkThread(conf::envi);
            case ISRO -> done(serving() ? "rw" : "null");
            case GTMK -> done(Long.toString(TRACE_MASK_DEFAULT));
            // stmk carries an 8-byte mask after the word, which the client port does not hand us.
            case STMK -> done("stmk is not supported by Paddock: there is no trace mask to set\n");
            case HASH -> serving() ? done(CoreDumps.digestLog()) : done(NOT_SERVING);
            case SRVR -> whenServing(() -> loop.query(r -> stats.serverStats(r, connectionCount.getAsInt(), false)));
            case STAT -> whenServing(() -> loop.query(r -> stats.serverStats(r, connectionCount.getAsInt(), true)));
            case CONS -> whenServing(() -> done(stats.connections()));
            case CRST -> whenServing(() -> {
                counters.resetConnections();
                return done("Connection stats reset.\n");
            });
            case SRST -> whenServing(() -> {
                traffic.reset();
                return done("Server stats reset.\n");
            });
            case CONF -> whenServing(() -> offNetworkThread(() -> conf.conf(clientPort)));
            case DIRS -> whenServing(() -> offNetworkThread(conf::dirs));
            case DUMP -> whenServing(() -> loop.query(CoreDumps::dump));
            case WCHS -> whenServing(() -> loop.query(CoreDumps::watchSummary));
            case WCHC -> whenServing(() -> loop.query(CoreDumps::watchesBySession));
            case WCHP -> whenServing(() -> loop.query(CoreDumps::watchesByPath));
            case MNTR -> whenServing(monitor::mntr);
        };
    }

    private boolean serving() {
        return loop.isRunning();
    }

    /** ZooKeeper's isZKServerRunning check, which most words make before anything else. */
    private CompletableFuture<String> whenServing(Supplier<CompletableFuture<String>> answer) {
        return serving() ? answer.get() : done(NOT_SERVING + "\n");
    }

    private static CompletableFuture<String> offNetworkThread(Supplier<String> text) {
        return CompletableFuture.supplyAsync(text);
    }

    private static CompletableFuture<String> done(String text) {
        return CompletableFuture.completedFuture(text);
    }
}
