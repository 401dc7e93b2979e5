package io.paddock.server.main;

import io.paddock.server.storage.LogRetention;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a server reads from {@code zoo.cfg} and {@code myid}, read once in {@code main} and passed
 * down as a value. Defaults are Apache ZooKeeper 3.9's.
 *
 * @param tickTimeMs                 the basic time unit; session timeouts default to multiples of it
 * @param dataDir                    where snapshots (and, without dataLogDir, the log) live
 * @param dataLogDir                 where the transaction log lives; equal to dataDir when not set
 * @param clientAddress              clientPortAddress:clientPort; port 0 binds a free port (tests)
 * @param maxClientCnxns             connections allowed per client IP; 0 means unlimited
 * @param minSessionTimeoutMs        lower bound of the negotiated session timeout
 * @param maxSessionTimeoutMs        upper bound of the negotiated session timeout
 * @param globalOutstandingLimit     requests in flight across all connections before reads pause
 * @param juteMaxBufferBytes         the largest frame a client may send (jute.maxbuffer)
 * @param fourLetterWords            enabled four-letter words; contains "*" when all are enabled
 * @param extendedTypesEnabled       TTL nodes allowed (zookeeper.extendedTypesEnabled)
 * @param superDigest                "super:base64(sha1(super:password))", empty when not configured
 * @param forceSync                  sync the log before acknowledging writes
 * @param logRetention               how much log is kept behind the snapshot (snapCount, snapSizeLimitInKb)
 * @param containerCheckIntervalMs   how often containers and TTL nodes are checked for reaping
 * @param admin                      the HTTP admin server settings
 * @param myId                       this server's id from dataDir/myid, 0 when absent (standalone)
 * @param servers                    the server.N lines, in ascending id order
 * @param others                     every other accepted key with its raw value, for conf / envi
 */
public record ServerConfig(
        int tickTimeMs,
        Path dataDir,
        Path dataLogDir,
        InetSocketAddress clientAddress,
        int maxClientCnxns,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int globalOutstandingLimit,
        int juteMaxBufferBytes,
        Set<String> fourLetterWords,
        boolean extendedTypesEnabled,
        Optional<String> superDigest,
        boolean forceSync,
        LogRetention logRetention,
        long containerCheckIntervalMs,
        AdminConfig admin,
        long myId,
        List<QuorumServer> servers,
        Map<String, String> others) {

    public static final int DEFAULT_TICK_TIME_MS = 2000;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    /** jute.maxbuffer's default in ZooKeeper: 0xfffff bytes. */
    public static final int DEFAULT_JUTE_MAX_BUFFER_BYTES = 0xfffff;
    public static final long DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dataLogDir, "dataLogDir");
        Objects.requireNonNull(clientAddress, "clientAddress");
        fourLetterWords = Set.copyOf(fourLetterWords);
        servers = List.copyOf(servers);
        others = Map.copyOf(others);
        if (minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new IllegalArgumentException("minSessionTimeout " + minSessionTimeoutMs
                    + " is greater than maxSessionTimeout " + maxSessionTimeoutMs);
        }
    }

    /** A standalone server on a free loopback port with ZooKeeper's defaults, for tests and tools. */
    public static ServerConfig standalone(Path dataDir) {
        return new ServerConfig(DEFAULT_TICK_TIME_MS, dataDir, dataDir,
                new InetSocketAddress("127.0.0.1", 0), DEFAULT_MAX_CLIENT_CNXNS,
                2 * DEFAULT_TICK_TIME_MS, 20 * DEFAULT_TICK_TIME_MS, DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
                DEFAULT_JUTE_MAX_BUFFER_BYTES, Set.of("*"), true, Optional.empty(), true,
                LogRetention.DEFAULT, DEFAULT_CONTAINER_CHECK_INTERVAL_MS, AdminConfig.DISABLED, 0,
                List.of(), Map.of());
    }

    public boolean fourLetterWordEnabled(String word) {
        return fourLetterWords.contains("*") || fourLetterWords.contains(word);
    }

    public ServerConfig withTickTimeMs(int tick, int minSessionMs, int maxSessionMs) {
        return new ServerConfig(tick, dataDir, dataLogDir, clientAddress, maxClientCnxns, minSessionMs,
                maxSessionMs, globalOutstandingLimit, juteMaxBufferBytes, fourLetterWords,
                extendedTypesEnabled, superDigest, forceSync, logRetention, containerCheckIntervalMs, admin,
                myId, servers, others);
    }

    public ServerConfig withMaxClientCnxns(int max) {
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientAddress, max, minSessionTimeoutMs,
                maxSessionTimeoutMs, globalOutstandingLimit, juteMaxBufferBytes, fourLetterWords,
                extendedTypesEnabled, superDigest, forceSync, logRetention, containerCheckIntervalMs, admin,
                myId, servers, others);
    }

    public ServerConfig withJuteMaxBufferBytes(int max) {
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientAddress, maxClientCnxns,
                minSessionTimeoutMs, maxSessionTimeoutMs, globalOutstandingLimit, max, fourLetterWords,
                extendedTypesEnabled, superDigest, forceSync, logRetention, containerCheckIntervalMs, admin,
                myId, servers, others);
    }

    public ServerConfig withSuperDigest(String digest) {
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientAddress, maxClientCnxns,
                minSessionTimeoutMs, maxSessionTimeoutMs, globalOutstandingLimit, juteMaxBufferBytes,
                fourLetterWords, extendedTypesEnabled, Optional.of(digest), forceSync, logRetention,
                containerCheckIntervalMs, admin, myId, servers, others);
    }

    public ServerConfig withContainerCheckIntervalMs(long intervalMs) {
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientAddress, maxClientCnxns,
                minSessionTimeoutMs, maxSessionTimeoutMs, globalOutstandingLimit, juteMaxBufferBytes,
                fourLetterWords, extendedTypesEnabled, superDigest, forceSync, logRetention, intervalMs, admin,
                myId, servers, others);
    }

    public ServerConfig withForceSync(boolean sync) {
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientAddress, maxClientCnxns,
                minSessionTimeoutMs, maxSessionTimeoutMs, globalOutstandingLimit, juteMaxBufferBytes,
                fourLetterWords, extendedTypesEnabled, superDigest, sync, logRetention, containerCheckIntervalMs,
                admin, myId, servers, others);
    }

    public ServerConfig withFourLetterWords(Set<String> words) {
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientAddress, maxClientCnxns,
                minSessionTimeoutMs, maxSessionTimeoutMs, globalOutstandingLimit, juteMaxBufferBytes,
                words, extendedTypesEnabled, superDigest, forceSync, logRetention, containerCheckIntervalMs,
                admin, myId, servers, others);
    }

    /** The admin.* keys. ZooKeeper enables the admin server on 8080 by default. */
    public record AdminConfig(boolean enabled, String address, int port, String commandUrl, int idleTimeoutMs) {
        public static final AdminConfig DISABLED = new AdminConfig(false, "0.0.0.0", 8080, "/commands", 30_000);
        public static final AdminConfig DEFAULT = new AdminConfig(true, "0.0.0.0", 8080, "/commands", 30_000);
    }

    /**
     * One {@code server.N=host:quorumPort:electionPort[:role][;[clientAddress:]clientPort]} line.
     *
     * @param role "participant" or "observer"
     */
    public record QuorumServer(long id, InetSocketAddress quorumAddress, InetSocketAddress electionAddress,
                               String role, Optional<InetSocketAddress> clientAddress) {
    }
}
