package io.paddock.server.main;

import io.paddock.server.main.ServerConfig.QuorumServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses one {@code server.N=host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]}
 * line. IPv6 hosts are written in brackets ({@code [::1]:2888:3888}), as ZooKeeper requires.
 *
 * <p>Host names are not resolved here: a config lists every member of the ensemble, and names of the
 * other members may only resolve later (containers start in any order) or change (ZooKeeper re-resolves
 * them on reconnect). Such addresses are {@link InetSocketAddress#isUnresolved() unresolved}; IP literals
 * are parsed into resolved addresses, which needs no DNS.
 */
final class QuorumServerLine {

    static final String PARTICIPANT = "participant";
    static final String OBSERVER = "observer";
    static final long SERVER_ID_MIN = 1;
    /** ZooKeeper puts the server id in the top byte of session ids and TTL node owners. */
    static final long SERVER_ID_MAX = 255;

    private static final String FORM =
            "host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Path file;
    private final CfgReader.Entry entry;

    private QuorumServerLine(Path file, CfgReader.Entry entry) {
        this.file = file;
        this.entry = entry;
    }

    /**
     * @param multiAddressEnabled whether {@code a|b} address lists are allowed (multiAddress.enabled)
     * @param warnings            receives a warning when only the first of several addresses is used
     */
    static QuorumServer parse(Path file, CfgReader.Entry entry, boolean multiAddressEnabled, List<String> warnings)
            throws ConfigException {
        return new QuorumServerLine(file, entry).parse(multiAddressEnabled, warnings);
    }

    /** The N of server.N, group.N or weight.N. */
    static long idOf(Path file, CfgReader.Entry entry) throws ConfigException {
        String key = entry.key();
        String digits = key.substring(key.indexOf('.') + 1);
        String family = key.substring(0, key.indexOf('.'));
        try {
            long id = Long.parseLong(digits);
            if (id >= SERVER_ID_MIN && id <= SERVER_ID_MAX) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.at(file, entry.line(), "the id in " + family + ".N must be a number from "
                + SERVER_ID_MIN + " to " + SERVER_ID_MAX + ", got \"" + key + "\"");
    }

    private QuorumServer parse(boolean multiAddressEnabled, List<String> warnings) throws ConfigException {
        long id = idOf(file, entry);
        String value = entry.value();
        String[] serverAndClient = value.split(";", -1);
        if (serverAndClient.length > 2) {
            throw malformed();
        }
        String[] addresses = serverAndClient[0].split("\\|", -1);
        if (addresses.length > 1 && !multiAddressEnabled) {
            throw ConfigException.at(file, entry.line(), entry.key() + " lists " + addresses.length
                    + " addresses separated by '|' but multiAddress.enabled is not true");
        }
        if (addresses.length > 1) {
            warnings.add(file + ":" + entry.line() + ": " + entry.key() + " lists " + addresses.length
                    + " addresses; Paddock uses only the first, " + addresses[0].trim());
        }
        String[] parts = hostAndPorts(addresses[0].trim());
        if (parts.length < 3 || parts.length > 4) {
            throw malformed();
        }
        InetSocketAddress quorum = address(parts[0], port(parts[1], "quorum port"));
        InetSocketAddress election = address(parts[0], port(parts[2], "election port"));
        if (quorum.getPort() == election.getPort()) {
            throw ConfigException.at(file, entry.line(), entry.key()
                    + " uses port " + quorum.getPort() + " for both quorum and election; they must differ");
        }
        String role = parts.length == 4 ? role(parts[3]) : PARTICIPANT;
        Optional<InetSocketAddress> client = serverAndClient.length == 2
                ? Optional.of(clientAddress(serverAndClient[1].trim()))
                : Optional.empty();
        return new QuorumServer(id, quorum, election, role, client);
    }

    private InetSocketAddress clientAddress(String text) throws ConfigException {
        String[] parts = hostAndPorts(text);
        if (parts.length == 1) {
            return new InetSocketAddress(port(parts[0], "client port"));
        }
        if (parts.length != 2) {
            throw malformed();
        }
        return address(parts[0], port(parts[1], "client port"));
    }

    private String role(String text) throws ConfigException {
        String role = text.trim().toLowerCase(Locale.ROOT);
        if (role.equals(PARTICIPANT) || role.equals(OBSERVER)) {
            return role;
        }
        throw ConfigException.at(file, entry.line(), entry.key() + " has role \"" + text
                + "\"; the role must be participant or observer");
    }

    private int port(String text, String what) throws ConfigException {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.at(file, entry.line(), entry.key() + " has " + what + " \"" + text.trim()
                + "\"; a port is a number from 1 to 65535");
    }

    private InetSocketAddress address(String host, int port) throws ConfigException {
        if (host.isEmpty()) {
            throw malformed();
        }
        if (!host.contains(":") && !IPV4.matcher(host).matches()) {
            return InetSocketAddress.createUnresolved(host, port);
        }
        try {
            // An IP literal: getByName parses it without a DNS lookup.
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw ConfigException.at(file, entry.line(), entry.key() + " has address \"" + host
                    + "\", which is not a valid IP address");
        }
    }

    /** Splits "host:p1:p2..." where host may be a bracketed IPv6 literal; the brackets are removed. */
    private String[] hostAndPorts(String text) throws ConfigException {
        if (!text.startsWith("[")) {
            return text.split(":", -1);
        }
        int close = text.indexOf(']');
        if (close < 0) {
            throw malformed();
        }
        String host = text.substring(1, close);
        String rest = text.substring(close + 1);
        if (rest.isEmpty()) {
            return new String[] {host};
        }
        if (!rest.startsWith(":")) {
            throw malformed();
        }
        String[] ports = rest.substring(1).split(":", -1);
        String[] all = new String[ports.length + 1];
        all[0] = host;
        System.arraycopy(ports, 0, all, 1, ports.length);
        return all;
    }

    private ConfigException malformed() {
        return ConfigException.at(file, entry.line(), entry.key() + " must look like " + FORM
                + ", got \"" + entry.value() + "\"");
    }
}
