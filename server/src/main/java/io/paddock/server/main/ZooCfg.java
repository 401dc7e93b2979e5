package io.paddock.server.main;

import io.paddock.server.main.ServerConfig.AdminConfig;
import io.paddock.server.main.ServerConfig.QuorumServer;
import io.paddock.server.storage.LogRetention;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a ZooKeeper 3.9 {@code zoo.cfg} (and {@code dataDir/myid}, and a {@code dynamicConfigFile} when one
 * is named) into a {@link ServerConfig}.
 *
 * <ul>
 *   <li>Every key ZooKeeper 3.9 documents is accepted. Keys with a {@link ServerConfig} component fill it;
 *       all others land in {@link ServerConfig#others()} with their raw value. Unknown keys are warnings.</li>
 *   <li>Defaults are ZooKeeper's: tickTime 2000, session timeouts 2 and 20 ticks, 60 connections per
 *       client IP, jute.maxbuffer 0xfffff, only {@code srvr} among the four-letter words, forceSync yes,
 *       the admin server on 0.0.0.0:8080, clients on the wildcard address.</li>
 *   <li>Relative paths (dataDir, dataLogDir, dynamicConfigFile) are resolved against the working
 *       directory, as ZooKeeper resolves them; {@code bin/zkServer.sh} runs the server from the repo root.</li>
 *   <li>A value that is wrong is a {@link ConfigException} {@code <file>:<line>: <what is wrong>}; a key that
 *       is set twice keeps its last value, as {@code java.util.Properties} does, with a warning.</li>
 * </ul>
 *
 * <p>Whether the config describes an ensemble is for the caller to decide from {@link ServerConfig#servers()}
 * and {@link ServerConfig#myId()}; checks that only a quorum peer needs (initLimit, syncLimit, myid present
 * and listed) are not made here.
 */
public final class ZooCfg {

    /** What {@link #parse} found: the config and the warnings for main to log. */
    public record Parsed(ServerConfig config, List<String> warnings) {
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    /** The config main reads when given none, relative to the working directory (the repo root). */
    public static final String DEFAULT_CONFIG_PATH = "conf/zoo.cfg";

    private static final String MYID_FILE = "myid";

    /** The canonical keys that have a ServerConfig component, so they are not repeated in others. */
    private static final Set<String> SERVER_CONFIG_KEYS = Set.of("tickTime", "dataDir", "dataLogDir", "clientPort",
            "clientPortAddress", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout", "globalOutstandingLimit",
            "jute.maxbuffer", "4lw.commands.whitelist", "extendedTypesEnabled",
            "DigestAuthenticationProvider.superDigest", "forceSync", "snapCount", "snapSizeLimitInKb",
            "znode.container.checkIntervalMs", "admin.enableServer", "admin.serverAddress", "admin.serverPort",
            "admin.commandURL", "admin.idleTimeout");

    /**
     * Keys that change what clients may do or how they must connect (TLS, authentication, sessions), where
     * silently doing nothing would mislead the operator. Warned about unless turned off.
     */
    private static final Set<String> WARN_WHEN_ON = Set.of("secureClientPort", "client.portUnification",
            "portUnification", "sslQuorum", "sessionRequireClientSASLAuth", "enforce.auth.enabled", "skipACL",
            "readonlymode.enabled", "localSessionsEnabled", "reconfigEnabled");

    private final Path file;
    private final Path workingDir;
    private final CfgValue values;
    /** canonical key → its (last) entry, in file order. */
    private final Map<String, CfgReader.Entry> entries = new LinkedHashMap<>();
    /** server.N / group.N / weight.N / version entries and the file each came from. */
    private final List<Map.Entry<Path, CfgReader.Entry>> quorumEntries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ZooCfg(Path file, Path workingDir) {
        this.file = file;
        this.workingDir = workingDir;
        this.values = new CfgValue(file);
    }

    /** Parses {@code file}, resolving relative paths in it against the process's working directory. */
    public static Parsed parse(Path file) throws ConfigException {
        return parse(file, Path.of("").toAbsolutePath());
    }

    /** Parses {@code file}, resolving relative paths in it (dataDir, ...) against {@code workingDir}. */
    public static Parsed parse(Path file, Path workingDir) throws ConfigException {
        return new ZooCfg(file, workingDir.toAbsolutePath()).parse();
    }

    private Parsed parse() throws ConfigException {
        collect(CfgReader.read(file));
        checkCrossKeys();
        readDynamicConfigFile();
        List<QuorumServer> servers = servers();
        Path dataDir = directory("dataDir").orElseThrow(() -> ConfigException.in(file, "dataDir is not set"));
        Path dataLogDir = directory("dataLogDir").orElse(dataDir);
        long myId = myId(dataDir);
        int tickTimeMs = entry("tickTime").isPresent()
                ? values.positiveInt(entry("tickTime").get())
                : ServerConfig.DEFAULT_TICK_TIME_MS;
        int minSessionTimeoutMs = sessionTimeout("minSessionTimeout", 2 * tickTimeMs);
        int maxSessionTimeoutMs = sessionTimeout("maxSessionTimeout", 20 * tickTimeMs);
        checkSessionTimeouts(minSessionTimeoutMs, maxSessionTimeoutMs);
        ServerConfig config = new ServerConfig(
                tickTimeMs,
                dataDir,
                dataLogDir,
                clientAddress(servers, myId),
                intOr("maxClientCnxns", ServerConfig.DEFAULT_MAX_CLIENT_CNXNS),
                minSessionTimeoutMs,
                maxSessionTimeoutMs,
                intOr("globalOutstandingLimit", ServerConfig.DEFAULT_GLOBAL_OUTSTANDING_LIMIT),
                entry("jute.maxbuffer").isPresent()
                        ? values.bufferBytes(entry("jute.maxbuffer").get())
                        : ServerConfig.DEFAULT_JUTE_MAX_BUFFER_BYTES,
                entry("4lw.commands.whitelist").isPresent()
                        ? values.fourLetterWords(entry("4lw.commands.whitelist").get())
                        : Set.of("srvr"),
                boolOr("extendedTypesEnabled", false),
                entry("DigestAuthenticationProvider.superDigest").map(CfgReader.Entry::value),
                !entry("forceSync").isPresent() || values.yesNo(entry("forceSync").get()),
                LogRetention.of(intOr("snapCount", LogRetention.DEFAULT_SNAP_COUNT),
                        entry("snapSizeLimitInKb").isPresent()
                                ? values.longValue(entry("snapSizeLimitInKb").get())
                                : LogRetention.DEFAULT_MAX_KIB),
                entry("znode.container.checkIntervalMs").isPresent()
                        ? values.positiveLong(entry("znode.container.checkIntervalMs").get())
                        : ServerConfig.DEFAULT_CONTAINER_CHECK_INTERVAL_MS,
                admin(),
                myId,
                servers,
                others());
        return new Parsed(config, warnings);
    }

    /** Canonicalizes keys, checks every value in file order (so the first bad line is the one reported). */
    private void collect(List<CfgReader.Entry> read) throws ConfigException {
        for (CfgReader.Entry entry : read) {
            String key = CfgKeys.canonical(entry.key());
            if (CfgKeys.isQuorumKey(key)) {
                quorumEntries.add(Map.entry(file, entry));
                continue;
            }
            if (!CfgKeys.isKnown(key)) {
                warnings.add(at(entry) + "unknown key \"" + entry.key() + "\" is ignored"
                        + CfgKeys.suggestion(entry.key()).map(s -> "; did you mean " + s + "?").orElse(""));
                continue;
            }
            values.check(key, entry);
            CfgReader.Entry earlier = entries.remove(key);
            if (earlier != null) {
                warnings.add(at(entry) + entry.key() + " is set again; this value replaces the one on line "
                        + earlier.line());
            }
            entries.put(key, entry);
            if (WARN_WHEN_ON.contains(key) && !isOff(entry.value())) {
                warnings.add(at(entry) + entry.key() + " is accepted but Paddock does not act on it yet");
            }
        }
    }

    /** Pairs of keys ZooKeeper refuses together. */
    private void checkCrossKeys() throws ConfigException {
        requireAlongside("clientPortAddress", "clientPort");
        requireAlongside("secureClientPortAddress", "secureClientPort");
        requireTrueAlongside("quorum.auth.serverRequireSasl", "quorum.auth.enableSasl");
        requireTrueAlongside("quorum.auth.learnerRequireSasl", "quorum.auth.enableSasl");
        requireTrueAlongside("quorum.auth.serverRequireSasl", "quorum.auth.learnerRequireSasl");
        Optional<CfgReader.Entry> retain = entry("autopurge.snapRetainCount");
        if (retain.isPresent() && values.integer(retain.get()) < 3) {
            warnings.add(at(retain.get()) + "autopurge.snapRetainCount below 3 counts as 3, as in ZooKeeper");
        }
    }

    private void requireAlongside(String key, String needed) throws ConfigException {
        Optional<CfgReader.Entry> entry = entry(key);
        if (entry.isPresent() && entry(needed).isEmpty()) {
            throw ConfigException.at(file, entry.get().line(), entry.get().key() + " is set but " + needed + " is not");
        }
    }

    private void requireTrueAlongside(String key, String needed) throws ConfigException {
        Optional<CfgReader.Entry> entry = entry(key);
        if (entry.isPresent() && values.bool(entry.get()) && !boolOr(needed, false)) {
            throw ConfigException.at(file, entry.get().line(), entry.get().key() + "=true needs " + needed + "=true");
        }
    }

    /** ZooKeeper 3.5+ may keep the membership in a separate file; read it like the main one. */
    private void readDynamicConfigFile() throws ConfigException {
        Optional<CfgReader.Entry> pointer = entry("dynamicConfigFile");
        if (pointer.isEmpty()) {
            return;
        }
        if (!quorumEntries.isEmpty()) {
            CfgReader.Entry entry = quorumEntries.get(0).getValue();
            throw ConfigException.at(file, entry.line(), entry.key() + " belongs in the dynamic config file, "
                    + "because dynamicConfigFile is set on line " + pointer.get().line());
        }
        Path dynamic = path(pointer.get());
        for (CfgReader.Entry entry : CfgReader.read(dynamic)) {
            if (CfgKeys.isQuorumKey(entry.key())) {
                quorumEntries.add(Map.entry(dynamic, entry));
            } else if (!entry.key().equals("version")) {
                throw ConfigException.at(dynamic, entry.line(), "a dynamic config file holds only server.N, "
                        + "group.N, weight.N and version, got \"" + entry.key() + "\"");
            }
        }
    }

    /** The server.N lines in id order; group.N and weight.N are checked and kept in others. */
    private List<QuorumServer> servers() throws ConfigException {
        boolean multiAddress = boolOr("multiAddress.enabled", false);
        Map<Long, QuorumServer> byId = new TreeMap<>();
        Map<Long, Integer> lineById = new TreeMap<>();
        for (Map.Entry<Path, CfgReader.Entry> located : quorumEntries) {
            Path source = located.getKey();
            CfgReader.Entry entry = located.getValue();
            if (entry.key().startsWith("weight.")) {
                QuorumServerLine.idOf(source, entry);
                new CfgValue(source).nonNegativeInt(entry);
                continue;
            }
            if (entry.key().startsWith("group.")) {
                checkGroup(source, entry);
                continue;
            }
            QuorumServer server = QuorumServerLine.parse(source, entry, multiAddress, warnings);
            Integer earlier = lineById.put(server.id(), entry.line());
            if (earlier != null) {
                throw ConfigException.at(source, entry.line(), "server id " + server.id()
                        + " is already used on line " + earlier);
            }
            byId.put(server.id(), server);
        }
        checkMembership(List.copyOf(byId.values()));
        return List.copyOf(byId.values());
    }

    private void checkGroup(Path source, CfgReader.Entry entry) throws ConfigException {
        for (String id : entry.value().split(":", -1)) {
            try {
                long parsed = Long.parseLong(id.trim());
                if (parsed >= QuorumServerLine.SERVER_ID_MIN && parsed <= QuorumServerLine.SERVER_ID_MAX) {
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw ConfigException.at(source, entry.line(), entry.key()
                    + " must be server ids separated by ':', got \"" + entry.value() + "\"");
        }
    }

    /** ZooKeeper's rules on the shape of the membership, which hold whatever this server's id is. */
    private void checkMembership(List<QuorumServer> servers) throws ConfigException {
        long participants = servers.stream().filter(s -> s.role().equals(QuorumServerLine.PARTICIPANT)).count();
        long observers = servers.size() - participants;
        boolean standaloneEnabled = boolOr("standaloneEnabled", true);
        if (participants == 0 && observers > 0) {
            throw ConfigException.in(file, "names observers but no participant");
        }
        if (participants == 0 && !standaloneEnabled) {
            throw ConfigException.in(file, "standaloneEnabled=false needs at least one participant server.N line");
        }
        if (participants == 1 && standaloneEnabled && observers > 0) {
            throw ConfigException.in(file, "names observers but only one participant; "
                    + "observers need a quorum (or standaloneEnabled=false)");
        }
        if (participants == 1 && standaloneEnabled) {
            warnings.add(file + ": only one server is named, so it runs standalone, as ZooKeeper does");
        }
    }

    /** clientPort[Address], else the client part of this server's own server.N line. */
    private InetSocketAddress clientAddress(List<QuorumServer> servers, long myId) throws ConfigException {
        Optional<CfgReader.Entry> port = entry("clientPort");
        Optional<InetSocketAddress> fromServerLine = servers.stream()
                .filter(s -> s.id() == myId)
                .findFirst()
                .flatMap(QuorumServer::clientAddress);
        if (port.isEmpty()) {
            if (fromServerLine.isEmpty()) {
                throw ConfigException.in(file, "clientPort is not set");
            }
            Map.Entry<Path, CfgReader.Entry> line = serverLine(myId);
            return bindable(fromServerLine.get(), line.getKey(), line.getValue());
        }
        Optional<CfgReader.Entry> host = entry("clientPortAddress");
        InetSocketAddress configured = host.isPresent()
                ? bindable(InetSocketAddress.createUnresolved(host.get().value(), values.port(port.get())),
                        file, host.get())
                : new InetSocketAddress(values.port(port.get()));
        if (fromServerLine.isPresent() && conflicts(configured, fromServerLine.get())) {
            throw ConfigException.at(file, port.get().line(), "clientPort/clientPortAddress give "
                    + ServerMain.hostPort(configured) + " but server." + myId + " gives "
                    + ServerMain.hostPort(fromServerLine.get()));
        }
        return configured;
    }

    /** ZooKeeper's rule: a wildcard static address only has to agree on the port. */
    private static boolean conflicts(InetSocketAddress configured, InetSocketAddress fromServerLine) {
        boolean wildcard = configured.getAddress() != null && configured.getAddress().isAnyLocalAddress();
        return wildcard
                ? configured.getPort() != fromServerLine.getPort()
                : !configured.getHostString().equals(fromServerLine.getHostString())
                        || configured.getPort() != fromServerLine.getPort();
    }

    /** The client port is bound on this host, so the name must resolve now. */
    private static InetSocketAddress bindable(InetSocketAddress address, Path source, CfgReader.Entry entry)
            throws ConfigException {
        InetSocketAddress resolved = address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort())
                : address;
        if (resolved.isUnresolved()) {
            throw ConfigException.at(source, entry.line(), entry.key() + " names host \""
                    + address.getHostString() + "\", which does not resolve");
        }
        return resolved;
    }

    /** The server.N line of {@code id} and the file it is in; only called for an id that has one. */
    private Map.Entry<Path, CfgReader.Entry> serverLine(long id) {
        return quorumEntries.stream()
                .filter(e -> e.getValue().key().startsWith("server."))
                .filter(e -> parsesTo(e.getValue().key().substring("server.".length()), id))
                .findFirst()
                .orElseThrow();
    }

    private static boolean parsesTo(String digits, long id) {
        try {
            return Long.parseLong(digits) == id;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private long myId(Path dataDir) throws ConfigException {
        Path myIdFile = dataDir.resolve(MYID_FILE);
        if (!Files.isRegularFile(myIdFile)) {
            return 0;
        }
        String text;
        try {
            text = Files.readString(myIdFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.in(myIdFile, "cannot read: " + e);
        }
        String firstLine = text.lines().findFirst().orElse("").trim();
        try {
            long id = Long.parseLong(firstLine);
            if (id >= QuorumServerLine.SERVER_ID_MIN && id <= QuorumServerLine.SERVER_ID_MAX) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.at(myIdFile, 1, "myid must hold this server's id, a number from "
                + QuorumServerLine.SERVER_ID_MIN + " to " + QuorumServerLine.SERVER_ID_MAX
                + ", got \"" + firstLine + "\"");
    }

    private int sessionTimeout(String key, int defaultMs) throws ConfigException {
        Optional<CfgReader.Entry> entry = entry(key);
        if (entry.isEmpty()) {
            return defaultMs;
        }
        int value = values.sessionTimeout(entry.get());
        return value == -1 ? defaultMs : value;
    }

    /** Names the line of minSessionTimeout when it is set, else of maxSessionTimeout. */
    private void checkSessionTimeouts(int minMs, int maxMs) throws ConfigException {
        if (minMs <= maxMs) {
            return;
        }
        Optional<CfgReader.Entry> min = entry("minSessionTimeout").filter(e -> !e.value().equals("-1"));
        CfgReader.Entry offending = min.orElseGet(() -> entry("maxSessionTimeout").orElseThrow());
        String minSource = min.isPresent() ? "" : " (2 * tickTime)";
        String maxSource = entry("maxSessionTimeout").filter(e -> !e.value().equals("-1")).isPresent()
                ? "" : " (20 * tickTime)";
        throw ConfigException.at(file, offending.line(), "minSessionTimeout " + minMs + minSource
                + " is larger than maxSessionTimeout " + maxMs + maxSource);
    }

    private AdminConfig admin() throws ConfigException {
        AdminConfig defaults = AdminConfig.DEFAULT;
        return new AdminConfig(
                boolOr("admin.enableServer", defaults.enabled()),
                entry("admin.serverAddress").map(CfgReader.Entry::value).orElse(defaults.address()),
                entry("admin.serverPort").isPresent() ? values.port(entry("admin.serverPort").get()) : defaults.port(),
                entry("admin.commandURL").map(CfgReader.Entry::value).orElse(defaults.commandUrl()),
                intOr("admin.idleTimeout", defaults.idleTimeoutMs()));
    }

    /** Every accepted key without a ServerConfig component, by the key as written, plus group/weight. */
    private Map<String, String> others() {
        Map<String, String> others = new TreeMap<>();
        for (Map.Entry<String, CfgReader.Entry> e : entries.entrySet()) {
            if (!SERVER_CONFIG_KEYS.contains(e.getKey())) {
                others.put(e.getValue().key(), e.getValue().value());
            }
        }
        for (Map.Entry<Path, CfgReader.Entry> located : quorumEntries) {
            CfgReader.Entry entry = located.getValue();
            if (!entry.key().startsWith("server.")) {
                others.put(entry.key(), entry.value());
            }
        }
        return others;
    }

    private Optional<Path> directory(String key) throws ConfigException {
        Optional<CfgReader.Entry> entry = entry(key);
        return entry.isPresent() ? Optional.of(path(entry.get())) : Optional.empty();
    }

    private Path path(CfgReader.Entry entry) throws ConfigException {
        try {
            return workingDir.resolve(entry.value()).normalize();
        } catch (InvalidPathException e) {
            throw ConfigException.at(file, entry.line(), entry.key() + " is not a valid path: " + e.getReason());
        }
    }

    private int intOr(String key, int defaultValue) throws ConfigException {
        Optional<CfgReader.Entry> entry = entry(key);
        if (entry.isEmpty()) {
            return defaultValue;
        }
        return switch (CfgValue.kindOf(key)) {
            case POSITIVE_INT -> values.positiveInt(entry.get());
            case NON_NEGATIVE_INT -> values.nonNegativeInt(entry.get());
            default -> values.integer(entry.get());
        };
    }

    private boolean boolOr(String key, boolean defaultValue) throws ConfigException {
        Optional<CfgReader.Entry> entry = entry(key);
        return entry.isPresent() ? values.bool(entry.get()) : defaultValue;
    }

    private Optional<CfgReader.Entry> entry(String canonicalKey) {
        return Optional.ofNullable(entries.get(canonicalKey));
    }

    private static boolean isOff(String value) {
        return value.equalsIgnoreCase("false") || value.equalsIgnoreCase("no");
    }

    private String at(CfgReader.Entry entry) {
        return file + ":" + entry.line() + ": ";
    }
}
