package io.paddock.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paddock.server.main.Environment;
import io.paddock.server.main.PaddockServer;
import io.paddock.server.main.ServerConfig;
import io.paddock.server.replica.Replica;
import io.paddock.server.replica.ReplicaConfig;
import io.paddock.server.runtime.ClientOutput;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import io.paddock.server.storage.InMemoryTxnLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every four-letter word against a real server over a raw socket, checked line by line against the text
 * ZooKeeper 3.9.5 prints. One server serves the whole class; a raw session on it holds one ephemeral node
 * (/e) and one data watch (getData /e), so the core-state words have something to show.
 */
class FourLetterWordsTest {
    private static final String VERSION = "3\\.9\\.5-paddock-.*, built on .*";
    private static final String CLIENT = " /127\\.0\\.0\\.1:\\d+\\[1\\]\\(queued=\\d+,recved=\\d+,sent=\\d+";
    private static final String DATE = "\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} \\S+ \\d{4}";
    private static final int PLANTED_BYTES = 123;
    /*
     * The session and the asking connection, plus any earlier word's connection the server closed but has
     * not forgotten yet (it forgets a moment after the client reads EOF).
     */
    private static final String AT_LEAST_TWO = "[2-9]";
    private static final String CONNECTIONS = "Connections: " + AT_LEAST_TWO;

    @TempDir
    static Path dataDir;

    private static PaddockServer server;
    private static RawSession session;
    private static String sid;

    @BeforeAll
    static void startServerWithOneSession() throws IOException {
        Files.createDirectories(dataDir.resolve("sub"));
        Files.write(dataDir.resolve("sub/planted"), new byte[PLANTED_BYTES]);
        server = PaddockServer.start(ServerConfig.standalone(dataDir));
        session = RawSession.open(server.clientAddress());
        session.create(1, "/e", "hello", 1);
        session.getData(2, "/e", true);
        sid = "0x" + Long.toHexString(session.sessionId);
    }

    @AfterAll
    static void stop() throws IOException {
        session.close();
        server.close();
    }

    @Test
    void ruokAndIsroAnswerWithoutNewline() throws IOException {
        assertEquals("imok", ask(server, "ruok"));
        assertEquals("rw", ask(server, "isro"));
        assertEquals("306", ask(server, "gtmk"));
    }

    @Test
    void srvr() throws IOException {
        assertLines(ask(server, "srvr"),
                "Zookeeper version: " + VERSION,
                "Latency min/avg/max: \\d+/\\d+\\.\\d+(E-\\d+)?/\\d+",
                "Received: \\d+",
                "Sent: \\d+",
                CONNECTIONS,
                "Outstanding: 0",
                "Zxid: 0x2",
                "Mode: standalone",
                "Node count: 5");
    }

    @Test
    void statListsTheClientsBriefly() throws IOException {
        List<String> lines = ask(server, "stat").lines().toList();
        List<String> clients = lines.stream().filter(line -> line.matches(CLIENT + "\\)")).toList();
        assertTrue(clients.size() >= 2, lines.toString());
        List<String> rest = new ArrayList<>(lines);
        rest.removeAll(clients);
        assertLines(String.join("\n", rest) + "\n",
                "Zookeeper version: " + VERSION,
                "Clients:",
                "",
                "Latency min/avg/max: \\d+/\\d+\\.\\d+(E-\\d+)?/\\d+",
                "Received: \\d+",
                "Sent: \\d+",
                CONNECTIONS,
                "Outstanding: 0",
                "Zxid: 0x2",
                "Mode: standalone",
                "Node count: 5");
        assertEquals("Clients:", lines.get(1));
        assertEquals("", lines.get(1 + clients.size() + 1), "an empty line after the clients");
    }

    @Test
    void consShowsTheSessionInFull() throws IOException {
        String text = ask(server, "cons");
        assertTrue(text.endsWith(")\n\n"), text);
        assertTrue(Pattern.compile("^" + CLIENT + ",sid=" + sid + ",lop=\\w+,est=\\d+,to=40000,lcxid=0x2"
                + ",lzxid=0x[0-9a-f]+,lresp=\\d+,llat=\\d+,minlat=\\d+,avglat=\\d+,maxlat=\\d+\\)$",
                Pattern.MULTILINE).matcher(text).find(), text);
    }

    @Test
    void crstResetsTheConnectionCounts() throws IOException {
        assertEquals("Connection stats reset.\n", ask(server, "crst"));
        String text = ask(server, "cons");
        assertTrue(text.contains("(queued=0,recved=0,sent=0,sid=" + sid + ","), text);
    }

    @Test
    void srstResetsLatencyAndPackets() throws IOException {
        assertEquals("Server stats reset.\n", ask(server, "srst"));
        List<String> lines = ask(server, "srvr").lines().toList();
        assertEquals("Latency min/avg/max: 0/0.0/0", lines.get(1));
        // Only four-letter words arrived since the reset (they count as packets, as in ZooKeeper).
        assertTrue(Long.parseLong(lines.get(2).substring("Received: ".length())) <= 2, lines.toString());
    }

    @Test
    void conf() throws IOException {
        String dir = dataDir.toAbsolutePath().toString();
        assertLines(ask(server, "conf"),
                "clientPort=" + server.clientAddress().getPort(),
                "secureClientPort=-1",
                "dataDir=" + Pattern.quote(dir),
                "dataDirSize=\\d+",
                "dataLogDir=" + Pattern.quote(dir),
                "dataLogSize=\\d+",
                "tickTime=2000",
                "maxClientCnxns=60",
                "minSessionTimeout=4000",
                "maxSessionTimeout=40000",
                "clientPortListenBacklog=-1",
                "serverId=0");
    }

    @Test
    void dirsCountsEveryFileUnderTheDirectories() throws IOException {
        String text = ask(server, "dirs");
        assertLines(text, "datadir_size: \\d+", "logdir_size: \\d+");
        for (String line : text.lines().toList()) {
            long bytes = Long.parseLong(line.substring(line.indexOf(": ") + 2));
            assertTrue(bytes >= PLANTED_BYTES, line);
        }
    }

    @Test
    void enviListsZooKeepersEnvironmentKeys() throws IOException {
        List<String> expected = new ArrayList<>();
        expected.add("Environment:");
        expected.add("zookeeper\\.version=" + VERSION);
        expected.add("host\\.name=.+");
        for (String key : Environment.PROPERTY_KEYS) {
            expected.add(Pattern.quote(key) + "=.*");
        }
        expected.add("os\\.memory\\.free=\\d+MB");
        expected.add("os\\.memory\\.max=\\d+MB");
        expected.add("os\\.memory\\.total=\\d+MB");
        assertLines(ask(server, "envi"), expected.toArray(String[]::new));
    }

    @Test
    void mntrPrintsZooKeepersKeysTabSeparated() throws IOException {
        assertLines(ask(server, "mntr"),
                "zk_version\t" + VERSION,
                "zk_server_state\tstandalone",
                "zk_avg_latency\t\\d+\\.\\d+(E-\\d+)?",
                "zk_max_latency\t\\d+",
                "zk_min_latency\t\\d+",
                "zk_packets_received\t\\d+",
                "zk_packets_sent\t\\d+",
                "zk_num_alive_connections\t" + AT_LEAST_TWO,
                "zk_outstanding_requests\t0",
                "zk_uptime\t\\d+",
                "zk_znode_count\t5",
                "zk_watch_count\t1",
                "zk_ephemerals_count\t1",
                "zk_approximate_data_size\t\\d+",
                "zk_global_sessions\t1",
                "zk_local_sessions\t0",
                "zk_open_file_descriptor_count\t[1-9]\\d*",
                "zk_max_file_descriptor_count\t[1-9]\\d*");
    }

    @Test
    void mntrFiguresAreMetersOfTheRegistry() throws IOException {
        ServerCounters counters = new ServerCounters(new SimpleMeterRegistry(), System::currentTimeMillis);
        try (ReplicaLoop loop = unstartedLoop(counters)) {
            new FourLetterWords(ServerConfig.standalone(dataDir), loop, counters, () -> 7, Map.of(),
                    System::currentTimeMillis);
            assertEquals(7.0, counters.registry().get("num_alive_connections").gauge().value());
            assertEquals("standalone", counters.registry().get("server_info").gauge().getId()
                    .getTag("server_state"));
        }
    }

    @Test
    void watchSummary() throws IOException {
        assertEquals("1 connections watching 1 paths\nTotal watches:1\n", ask(server, "wchs"));
    }

    @Test
    void watchesBySessionAndByPath() throws IOException {
        assertEquals(sid + "\n\t/e\n\n", ask(server, "wchc"));
        assertEquals("/e\n\t" + sid + "\n\n", ask(server, "wchp"));
    }

    @Test
    void dumpListsSessionsByExpiryAndTheirEphemerals() throws IOException {
        assertLines(ask(server, "dump"),
                "SessionTracker dump:",
                "Session Sets \\(1\\)/\\(1\\):",
                "1 expire at " + DATE + ":",
                "\t" + sid,
                "ephemeral nodes dump:",
                "Sessions with Ephemerals \\(1\\):",
                sid + ":",
                "\t/e",
                "Connections dump:");
    }

    @Test
    void hashIsEmptyWithoutDigests() throws IOException {
        assertEquals("", ask(server, "hash"));
    }

    @Test
    void aWordOutsideTheWhitelistIsRefusedAsZooKeeperDoes(@TempDir Path dir) throws IOException {
        try (PaddockServer only = PaddockServer.start(
                ServerConfig.standalone(dir).withFourLetterWords(Set.of("srvr")))) {
            assertTrue(ask(only, "srvr").startsWith("Zookeeper version: "));
            for (Word word : Word.values()) {
                if (word != Word.SRVR) {
                    assertEquals(word.text + " is not executed because it is not in the whitelist.\n",
                            ask(only, word.text));
                }
            }
        }
    }

    @Test
    void aServerThatDoesNotServeSaysSo() throws Exception {
        ServerCounters counters = new ServerCounters(new SimpleMeterRegistry(), System::currentTimeMillis);
        try (ReplicaLoop loop = unstartedLoop(counters)) {
            FourLetterWords words = new FourLetterWords(ServerConfig.standalone(dataDir), loop, counters, () -> 0,
                    Map.of(), System::currentTimeMillis);
            String notServing = FourLetterWords.NOT_SERVING + "\n";
            for (String word : List.of("srvr", "stat", "cons", "crst", "srst", "conf", "dirs", "dump", "wchs",
                    "wchc", "wchp", "mntr")) {
                assertEquals(notServing, words.run(word).get(), word);
            }
            assertEquals("imok", words.run("ruok").get());
            assertEquals("null", words.run("isro").get());
            assertEquals(FourLetterWords.NOT_SERVING, words.run("hash").get());
            assertTrue(words.run("envi").get().startsWith("Environment:\n"));
        }
    }

    // ---- helpers

    private static ReplicaLoop unstartedLoop(ServerCounters counters) {
        Replica replica = new Replica(new ReplicaConfig(0, 2000, 4000, 40000, false, Optional.empty(), 60_000, 1));
        ClientOutput nowhere = new ClientOutput() {
            @Override
            public void send(long connectionId, byte[] frame) {
            }

            @Override
            public void close(long connectionId, String reason) {
            }

            @Override
            public void flush() {
            }
        };
        return new ReplicaLoop(replica, new InMemoryTxnLog(), nowhere, counters, System::currentTimeMillis, 25);
    }

    /** Sends the word as the first bytes of a new connection and reads until the server closes it. */
    private static String ask(PaddockServer target, String word) throws IOException {
        try (Socket socket = connect(target.clientAddress())) {
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Each line of text matches the pattern at the same position, and there are as many lines. */
    private static void assertLines(String text, String... patterns) {
        assertTrue(text.endsWith("\n"), "no final newline: " + text);
        List<String> lines = Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
        assertEquals(patterns.length, lines.size(), text);
        for (int i = 0; i < patterns.length; i++) {
            assertTrue(lines.get(i).matches(patterns[i]),
                    "line " + (i + 1) + " \"" + lines.get(i) + "\" does not match " + patterns[i] + "\n" + text);
        }
    }

    /** A client session spoken in raw jute frames: just enough to own an ephemeral and a watch. */
    private static final class RawSession implements AutoCloseable {
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;
        final long sessionId;

        private RawSession(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new DataOutputStream(socket.getOutputStream());
            this.in = new DataInputStream(socket.getInputStream());
            send(null, new ConnectRequest(0, 0, 40_000, 0, new byte[16], false));
            DataInputStream reply = new DataInputStream(new ByteArrayInputStream(readFrame()));
            reply.readInt(); // protocol version
            reply.readInt(); // negotiated timeout
            this.sessionId = reply.readLong();
        }

        static RawSession open(InetSocketAddress address) throws IOException {
            return new RawSession(connect(address));
        }

        void create(int xid, String path, String data, int flags) throws IOException {
            List<ACL> open = List.of(new ACL(31, new Id("world", "anyone")));
            send(new RequestHeader(xid, 1), new CreateRequest(path, data.getBytes(StandardCharsets.UTF_8),
                    open, flags));
            expectOk(xid);
        }

        void getData(int xid, String path, boolean watch) throws IOException {
            send(new RequestHeader(xid, 4), new GetDataRequest(path, watch));
            expectOk(xid);
        }

        private void expectOk(int xid) throws IOException {
            DataInputStream reply = new DataInputStream(new ByteArrayInputStream(readFrame()));
            assertEquals(xid, reply.readInt(), "xid");
            reply.readLong(); // zxid
            assertEquals(0, reply.readInt(), "error code");
        }

        private void send(Record header, Record body) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
            if (header != null) {
                header.serialize(archive, "header");
            }
            body.serialize(archive, "request");
            out.writeInt(bytes.size());
            bytes.writeTo(out);
            out.flush();
        }

        private byte[] readFrame() throws IOException {
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return frame;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
