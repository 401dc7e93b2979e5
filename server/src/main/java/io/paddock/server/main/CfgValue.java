package io.paddock.server.main;

import static java.util.Map.entry;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typed reading of zoo.cfg values. Every key whose value ZooKeeper parses strictly, and every key
 * Paddock acts on, has a {@link Kind}; a value that does not fit is a {@link ConfigException} naming the
 * file and line. Keys without a kind are kept as raw strings.
 */
final class CfgValue {

    enum Kind {
        BOOLEAN, YES_NO, INTEGER, NON_NEGATIVE_INT, POSITIVE_INT, LONG, POSITIVE_LONG, PORT, SESSION_TIMEOUT,
        BUFFER_BYTES, FOUR_LETTER_WORDS, SUPER_DIGEST, PEER_TYPE, ELECTION_ALG, URL_PATH, NOT_EMPTY
    }

    /** The four-letter words of ZooKeeper 3.9 ({@code FourLetterCommands}), for 4lw.commands.whitelist. */
    static final Set<String> FOUR_LETTER_WORDS = Set.of("conf", "cons", "crst", "dirs", "dump", "envi", "gtmk",
            "hash", "isro", "mntr", "ruok", "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs");

    /** Kinds by canonical key (see {@link CfgKeys#canonical}). */
    private static final Map<String, Kind> KINDS = Map.ofEntries(
            entry("tickTime", Kind.POSITIVE_INT),
            entry("clientPort", Kind.PORT),
            entry("secureClientPort", Kind.PORT),
            entry("observerMasterPort", Kind.PORT),
            entry("clientPortAddress", Kind.NOT_EMPTY),
            entry("secureClientPortAddress", Kind.NOT_EMPTY),
            entry("dataDir", Kind.NOT_EMPTY),
            entry("dataLogDir", Kind.NOT_EMPTY),
            entry("maxClientCnxns", Kind.NON_NEGATIVE_INT),
            entry("maxCnxns", Kind.NON_NEGATIVE_INT),
            entry("minSessionTimeout", Kind.SESSION_TIMEOUT),
            entry("maxSessionTimeout", Kind.SESSION_TIMEOUT),
            entry("globalOutstandingLimit", Kind.POSITIVE_INT),
            entry("jute.maxbuffer", Kind.BUFFER_BYTES),
            entry("4lw.commands.whitelist", Kind.FOUR_LETTER_WORDS),
            entry("extendedTypesEnabled", Kind.BOOLEAN),
            entry("DigestAuthenticationProvider.superDigest", Kind.SUPER_DIGEST),
            entry("forceSync", Kind.YES_NO),
            entry("snapCount", Kind.POSITIVE_INT),
            entry("snapSizeLimitInKb", Kind.LONG),
            entry("preAllocSize", Kind.POSITIVE_LONG),
            entry("znode.container.checkIntervalMs", Kind.POSITIVE_LONG),
            entry("znode.container.maxPerMinute", Kind.POSITIVE_INT),
            entry("admin.enableServer", Kind.BOOLEAN),
            entry("admin.serverAddress", Kind.NOT_EMPTY),
            entry("admin.serverPort", Kind.PORT),
            entry("admin.idleTimeout", Kind.POSITIVE_INT),
            entry("admin.commandURL", Kind.URL_PATH),
            entry("initLimit", Kind.POSITIVE_INT),
            entry("syncLimit", Kind.POSITIVE_INT),
            entry("connectToLearnerMasterLimit", Kind.NON_NEGATIVE_INT),
            entry("electionAlg", Kind.ELECTION_ALG),
            entry("electionPortBindRetry", Kind.NON_NEGATIVE_INT),
            entry("peerType", Kind.PEER_TYPE),
            entry("clientPortListenBacklog", Kind.INTEGER),
            entry("autopurge.snapRetainCount", Kind.INTEGER),
            entry("autopurge.purgeInterval", Kind.INTEGER),
            entry("quorum.cnxn.threads.size", Kind.INTEGER),
            entry("multiAddress.reachabilityCheckTimeoutMs", Kind.INTEGER),
            entry("jvm.pause.sleep.time.ms", Kind.LONG),
            entry("jvm.pause.warn-threshold.ms", Kind.LONG),
            entry("jvm.pause.info-threshold.ms", Kind.LONG),
            entry("localSessionsEnabled", Kind.BOOLEAN),
            entry("localSessionsUpgradingEnabled", Kind.BOOLEAN),
            entry("quorumListenOnAllIPs", Kind.BOOLEAN),
            entry("syncEnabled", Kind.BOOLEAN),
            entry("standaloneEnabled", Kind.BOOLEAN),
            entry("reconfigEnabled", Kind.BOOLEAN),
            entry("sslQuorum", Kind.BOOLEAN),
            entry("portUnification", Kind.BOOLEAN),
            entry("sslQuorumReloadCertFiles", Kind.BOOLEAN),
            entry("quorum.auth.enableSasl", Kind.BOOLEAN),
            entry("quorum.auth.serverRequireSasl", Kind.BOOLEAN),
            entry("quorum.auth.learnerRequireSasl", Kind.BOOLEAN),
            entry("jvm.pause.monitor", Kind.BOOLEAN),
            entry("multiAddress.enabled", Kind.BOOLEAN),
            entry("multiAddress.reachabilityCheckEnabled", Kind.BOOLEAN));

    private final Path file;

    CfgValue(Path file) {
        this.file = file;
    }

    static Kind kindOf(String canonicalKey) {
        return KINDS.get(canonicalKey);
    }

    /** Throws when the entry's value does not fit the kind of its key; keys without a kind always fit. */
    void check(String canonicalKey, CfgReader.Entry entry) throws ConfigException {
        Kind kind = KINDS.get(canonicalKey);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case BOOLEAN -> bool(entry);
            case YES_NO -> yesNo(entry);
            case INTEGER -> integer(entry);
            case NON_NEGATIVE_INT -> nonNegativeInt(entry);
            case POSITIVE_INT -> positiveInt(entry);
            case LONG -> longValue(entry);
            case POSITIVE_LONG -> positiveLong(entry);
            case PORT -> port(entry);
            case SESSION_TIMEOUT -> sessionTimeout(entry);
            case BUFFER_BYTES -> bufferBytes(entry);
            case FOUR_LETTER_WORDS -> fourLetterWords(entry);
            case SUPER_DIGEST -> superDigest(entry);
            case PEER_TYPE -> peerType(entry);
            case ELECTION_ALG -> electionAlg(entry);
            case URL_PATH -> urlPath(entry);
            case NOT_EMPTY -> notEmpty(entry);
        }
    }

    boolean bool(CfgReader.Entry entry) throws ConfigException {
        return switch (entry.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw wrong(entry, "must be true or false");
        };
    }

    /**
     * forceSync is "yes" or "no" in ZooKeeper, which syncs unless the value is exactly "no". We refuse
     * "false" instead of syncing anyway, since whoever wrote it meant to turn syncing off.
     */
    boolean yesNo(CfgReader.Entry entry) throws ConfigException {
        return switch (entry.value()) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw wrong(entry, "must be yes or no");
        };
    }

    long longValue(CfgReader.Entry entry) throws ConfigException {
        try {
            return Long.parseLong(entry.value());
        } catch (NumberFormatException e) {
            throw wrong(entry, "must be an integer");
        }
    }

    int integer(CfgReader.Entry entry) throws ConfigException {
        try {
            return Integer.parseInt(entry.value());
        } catch (NumberFormatException e) {
            throw wrong(entry, "must be an integer");
        }
    }

    int nonNegativeInt(CfgReader.Entry entry) throws ConfigException {
        int value = intOr(entry, -1);
        if (value < 0) {
            throw wrong(entry, "must be a non-negative integer");
        }
        return value;
    }

    int positiveInt(CfgReader.Entry entry) throws ConfigException {
        int value = intOr(entry, 0);
        if (value <= 0) {
            throw wrong(entry, "must be a positive integer");
        }
        return value;
    }

    long positiveLong(CfgReader.Entry entry) throws ConfigException {
        long value;
        try {
            value = Long.parseLong(entry.value());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value <= 0) {
            throw wrong(entry, "must be a positive integer");
        }
        return value;
    }

    /** 0 asks for a free port, which tests use. */
    int port(CfgReader.Entry entry) throws ConfigException {
        int value = intOr(entry, -1);
        if (value < 0 || value > 65535) {
            throw wrong(entry, "must be a port number from 0 to 65535");
        }
        return value;
    }

    /** -1 means "not set": the default (2 or 20 ticks) applies, as in ZooKeeper. */
    int sessionTimeout(CfgReader.Entry entry) throws ConfigException {
        int value = intOr(entry, -2);
        if (value < -1) {
            throw wrong(entry, "must be a non-negative number of milliseconds (or -1 for the default)");
        }
        return value;
    }

    /** jute.maxbuffer is read with Integer.decode by ZooKeeper, so 0xfffff is as good as 1048575. */
    int bufferBytes(CfgReader.Entry entry) throws ConfigException {
        int value;
        try {
            value = Integer.decode(entry.value());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value <= 0) {
            throw wrong(entry, "must be a positive number of bytes (decimal, or hex as 0xfffff)");
        }
        return value;
    }

    /**
     * The enabled words; {@code *} enables all. srvr is always enabled, as in ZooKeeper, because
     * {@code zkServer.sh status} depends on it.
     */
    Set<String> fourLetterWords(CfgReader.Entry entry) throws ConfigException {
        Set<String> words = new TreeSet<>();
        words.add("srvr");
        for (String item : entry.value().split(",")) {
            String word = item.trim();
            if (word.equals("*")) {
                return Set.of("*");
            }
            if (word.isEmpty()) {
                continue;
            }
            if (!FOUR_LETTER_WORDS.contains(word)) {
                throw ConfigException.at(file, entry.line(), entry.key() + " names \"" + word
                        + "\", which is not a four-letter word; the words are "
                        + String.join(", ", new TreeSet<>(FOUR_LETTER_WORDS)) + ", or * for all");
            }
            words.add(word);
        }
        return words;
    }

    /** "user:base64(sha1(user:password))"; the value is not echoed in the error, it is a credential. */
    String superDigest(CfgReader.Entry entry) throws ConfigException {
        String value = entry.value();
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw ConfigException.at(file, entry.line(), entry.key()
                    + " must look like super:<base64 of the SHA-1 of super:password>");
        }
        return value;
    }

    String peerType(CfgReader.Entry entry) throws ConfigException {
        String value = entry.value().toLowerCase(Locale.ROOT);
        if (!value.equals(QuorumServerLine.PARTICIPANT) && !value.equals(QuorumServerLine.OBSERVER)) {
            throw wrong(entry, "must be participant or observer");
        }
        return value;
    }

    void electionAlg(CfgReader.Entry entry) throws ConfigException {
        if (!entry.value().equals("3")) {
            throw wrong(entry, "must be 3 (fast leader election over TCP, the only one since ZooKeeper 3.6)");
        }
    }

    String urlPath(CfgReader.Entry entry) throws ConfigException {
        if (!entry.value().startsWith("/")) {
            throw wrong(entry, "must be a URL path starting with /");
        }
        return entry.value();
    }

    String notEmpty(CfgReader.Entry entry) throws ConfigException {
        if (entry.value().isEmpty()) {
            throw ConfigException.at(file, entry.line(), entry.key() + " is empty");
        }
        return entry.value();
    }

    private int intOr(CfgReader.Entry entry, int invalid) {
        try {
            return Integer.parseInt(entry.value());
        } catch (NumberFormatException e) {
            return invalid;
        }
    }

    private ConfigException wrong(CfgReader.Entry entry, String rule) {
        return ConfigException.at(file, entry.line(), entry.key() + " " + rule + ", got \"" + entry.value() + "\"");
    }
}
