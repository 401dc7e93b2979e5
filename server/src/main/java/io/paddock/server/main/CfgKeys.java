package io.paddock.server.main;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The zoo.cfg keys ZooKeeper 3.9 documents (the Administrator's Guide and {@code QuorumPeerConfig}), so that
 * a config written for ZooKeeper is accepted as is and a misspelt key is reported instead of silently
 * ignored.
 *
 * <p>ZooKeeper turns every key it does not parse itself into the system property {@code zookeeper.<key>};
 * operators therefore also write the system-property spelling ({@code zookeeper.extendedTypesEnabled}).
 * {@link #canonical} maps both spellings to one key.
 */
final class CfgKeys {

    /** Keys matched exactly. server.N, group.N and weight.N are matched by {@link #isQuorumKey}. */
    private static final Set<String> EXACT = Set.of(
            // minimum and advanced configuration
            "clientPort", "secureClientPort", "observerMasterPort", "dataDir", "tickTime", "dataLogDir",
            "globalOutstandingLimit", "preAllocSize", "snapCount", "commitLogCount", "snapSizeLimitInKb",
            "txnLogSizeLimitInKb", "maxCnxns", "maxClientCnxns", "clientPortAddress", "secureClientPortAddress",
            "minSessionTimeout", "maxSessionTimeout", "fsync.warningthresholdms", "maxResponseCacheSize",
            "maxGetChildrenResponseCacheSize", "autopurge.snapRetainCount", "autopurge.purgeInterval",
            "syncEnabled", "extendedTypesEnabled", "emulate353TTLNodes", "watchManagerName",
            "watcherCleanThreadsNum", "watcherCleanThreshold", "watcherCleanIntervalInSeconds",
            "maxInProcessingDeadWatchers", "bitHashCacheSize", "fastleader.minNotificationInterval",
            "fastleader.maxNotificationInterval", "connectionMaxTokens", "connectionTokenFillTime",
            "connectionTokenFillCount", "connectionFreezeTime", "connectionDropIncrease",
            "connectionDropDecrease", "connectionDecreaseRatio", "connection_throttle_weight_enabled",
            "connection_throttle_global_session_weight", "connection_throttle_local_session_weight",
            "connection_throttle_renew_session_weight", "clientPortListenBacklog", "serverCnxnFactory",
            "flushDelay", "maxWriteQueuePollTime", "maxBatchSize", "enforceQuota", "requestThrottleLimit",
            "requestThrottleStallTime", "requestThrottleDropStale", "requestStaleLatencyCheck",
            "requestStaleConnectionCheck", "request_throttler.shutdownTimeout", "advancedFlowControlEnabled",
            "enableEagerACLCheck", "maxConcurrentSnapSyncs", "maxConcurrentDiffSyncs", "digest.enabled",
            "snapshot.compression.method", "snapshot.trust.empty", "audit.enable", "audit.impl.class",
            "largeRequestMaxBytes", "largeRequestThreshold", "outstandingHandshake.limit",
            "netty.server.outstandingHandshake.limit", "netty.server.earlyDropSecureConnectionHandshakes",
            "throttledOpWaitTime", "learner.closeSocketAsync", "leader.closeSocketAsync", "learner.asyncSending",
            "forward_learner_requests_to_commit_processor_disabled", "serializeLastProcessedZxid.enabled",
            "jvm.pause.monitor", "jvm.pause.sleep.time.ms", "jvm.pause.warn-threshold.ms",
            "jvm.pause.info-threshold.ms", "datadir.autocreate", "db.autocreate",
            // cluster options
            "electionAlg", "maxTimeToWaitForEpoch", "initLimit", "connectToLearnerMasterLimit", "leaderServes",
            "syncLimit", "cnxTimeout", "quorumCnxnTimeoutMs", "standaloneEnabled", "reconfigEnabled",
            "4lw.commands.whitelist", "tcpKeepAlive", "clientTcpKeepAlive", "electionPortBindRetry",
            "observer.reconnectDelayMs", "observer.election.DelayMs", "observer.syncEnabled",
            "localSessionsEnabled", "localSessionsUpgradingEnabled", "peerType", "dynamicConfigFile",
            "quorumListenOnAllIPs", "oraclePath", "quorum.cnxn.threads.size",
            "leader.maxConcurrentSnapSyncs", "leader.maxConcurrentDiffSyncs", "leader.maxTimeToWaitForEpoch",
            // encryption, authentication, authorization
            "DigestAuthenticationProvider.enabled", "DigestAuthenticationProvider.superDigest",
            "DigestAuthenticationProvider.digestAlg", "IPAuthenticationProvider.usexforwardedfor",
            "X509AuthenticationProvider.superUser", "superUser", "ensembleAuthName",
            "sessionRequireClientSASLAuth", "enforce.auth.enabled", "enforce.auth.schemes", "sslQuorum",
            "sslQuorumReloadCertFiles", "client.certReload", "client.portUnification", "portUnification",
            "authProvider", "kerberos.removeHostFromPrincipal", "kerberos.removeRealmFromPrincipal",
            "kerberos.canonicalizeHostNames", "fips-mode", "allowSaslFailedClients",
            "quorum.auth.enableSasl", "quorum.auth.serverRequireSasl", "quorum.auth.learnerRequireSasl",
            "quorum.auth.learner.saslLoginContext", "quorum.auth.server.saslLoginContext",
            "quorum.auth.kerberos.servicePrincipal",
            // experimental and unsafe options
            "readonlymode.enabled", "follower.skipLearnerRequestToNextProcessor", "forceSync", "jute.maxbuffer",
            "jute.maxbuffer.extrasize", "skipACL",
            // performance tuning
            "nio.numSelectorThreads", "nio.numWorkerThreads", "commitProcessor.numWorkerThreads",
            "commitProcessor.maxReadBatchSize", "commitProcessor.maxCommitBatchSize",
            "znode.container.checkIntervalMs", "znode.container.maxPerMinute",
            "znode.container.maxNeverUsedIntervalMs",
            // debug observability
            "messageTracker.BufferSize", "messageTracker.Enabled",
            // admin server
            "admin.rateLimiterIntervalInMS", "admin.snapshot.enabled", "admin.restore.enabled",
            "admin.needClientAuth", "admin.forceHttps", "admin.portUnification", "admin.enableServer",
            "admin.serverAddress", "admin.serverPort", "admin.idleTimeout", "admin.commandURL", "admin.httpVersion",
            // the system-property spellings of keys above, as the Administrator's Guide gives them
            "connection_throttle_tokens", "connection_throttle_fill_time", "connection_throttle_fill_count",
            "connection_throttle_freeze_time", "connection_throttle_drop_increase",
            "connection_throttle_drop_decrease", "connection_throttle_decrease_ratio",
            "request_throttle_max_requests", "request_throttle_stall_time", "request_throttle_drop_stale",
            "request_stale_latency_check", "request_stale_connection_check", "throttled_op_wait_time",
            "netty.advancedFlowControl.enabled");

    /** Families of keys: TLS settings, metrics provider settings, SASL providers, multi-address, ... */
    private static final List<String> PREFIXES = List.of(
            "ssl.", "metricsProvider.", "authProvider.", "multiAddress.", "superUser.");

    /** Short names ZooKeeper users write for a documented key. */
    private static final Map<String, String> ALIASES = Map.of(
            "superDigest", "DigestAuthenticationProvider.superDigest");

    private static final String SYSTEM_PROPERTY_PREFIX = "zookeeper.";

    private CfgKeys() {
    }

    /**
     * The one spelling used inside Paddock for {@code key}: {@code zookeeper.forceSync} and {@code forceSync}
     * are the same key, {@code superDigest} is {@code DigestAuthenticationProvider.superDigest}.
     */
    static String canonical(String key) {
        if (key.startsWith(SYSTEM_PROPERTY_PREFIX)) {
            String bare = aliased(key.substring(SYSTEM_PROPERTY_PREFIX.length()));
            if (isKnownBare(bare)) {
                return bare;
            }
        }
        return aliased(key);
    }

    /** True when {@code key} (canonical or not) is a setting ZooKeeper 3.9 knows. */
    static boolean isKnown(String key) {
        return isKnownBare(canonical(key));
    }

    /** server.N, group.N and weight.N: the static part of the ensemble membership. */
    static boolean isQuorumKey(String key) {
        return key.startsWith("server.") || key.startsWith("group.") || key.startsWith("weight.");
    }

    /** The closest known key to a misspelt one, when it is close enough to be a likely typo. */
    static Optional<String> suggestion(String unknownKey) {
        String lower = unknownKey.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : EXACT) {
            int distance = editDistance(lower, known.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || (distance == bestDistance && known.compareTo(best) < 0)) {
                best = known;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, unknownKey.length() / 4));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    private static String aliased(String key) {
        return ALIASES.getOrDefault(key, key);
    }

    private static boolean isKnownBare(String key) {
        if (EXACT.contains(key) || isQuorumKey(key)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** Levenshtein distance; keys are short, so the quadratic table is fine. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
