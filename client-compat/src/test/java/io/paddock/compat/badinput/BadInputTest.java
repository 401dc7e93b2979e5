package io.paddock.compat.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.paddock.server.main.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Paddock abused over raw sockets — garbage, absurd lengths, truncated frames, unknown opcodes, oversized
 * requests, clients that never read, thousands of idle connections, wrong passwords — while a well-behaved stock
 * ZooKeeper client on its own session keeps working and never loses its connection. Each abuse is answered the
 * way Apache ZooKeeper 3.9 answers it (NIOServerCnxn / NettyServerCnxn, ZooKeeperServer.processConnectRequest,
 * UnimplementedRequestProcessor); run with {@code -Dcompat.target=zookeeper} to check that against the real thing.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class BadInputTest {
    private static final int UNIMPLEMENTED = -6;
    private static final int MARSHALLING_ERROR = -5;

    @TempDir
    Path dataDir;
    private ServerUnderTest server;
    private GoodClient good;
    private final List<RawConnection> raws = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        raws.forEach(RawConnection::close);
        if (good != null) {
            good.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- before the session: the framing and the connect request

    @Test
    void garbageBeforeTheConnectRequestClosesTheConnection() throws Exception {
        start(c -> c);
        byte[][] garbage = {
            "GET / HTTP/1.1\r\nHost: paddock\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            // A TLS ClientHello: 0x16030100 read as a length is 369 MB.
            {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03},
            {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4},
            // A 5-byte frame taken for the connect request, which it cannot be; the real one follows too late.
            concat(RawConnection.lengthPrefix(5), new byte[] {1, 2, 3, 4, 5},
                    RawConnection.frame(RawConnection.newSession(0))),
        };
        for (byte[] bytes : garbage) {
            RawConnection raw = open();
            raw.writeIgnoringClose(bytes);
            raw.assertClosedWithoutReply();
            assertServerFine();
        }
    }

    @Test
    void aLengthPrefixOfTwoGigabytesClosesTheConnection() throws Exception {
        start(c -> c);
        RawConnection beforeConnect = open();
        beforeConnect.writeIgnoringClose(concat(RawConnection.lengthPrefix(0x7fffffff), new byte[100]));
        beforeConnect.assertClosedWithoutReply();

        RawConnection inSession = openSession();
        inSession.writeIgnoringClose(concat(RawConnection.lengthPrefix(0x7fffffff), new byte[100]));
        inSession.assertClosedWithoutReply();
        assertServerFine();
    }

    @Test
    void aNegativeLengthPrefixClosesTheConnection() throws Exception {
        start(c -> c);
        RawConnection beforeConnect = open();
        beforeConnect.writeIgnoringClose(RawConnection.lengthPrefix(-1));
        beforeConnect.assertClosedWithoutReply();

        RawConnection inSession = openSession();
        inSession.writeIgnoringClose(concat(RawConnection.lengthPrefix(-1), new byte[8]));
        inSession.assertClosedWithoutReply();
        assertServerFine();
    }

    @Test
    void aTruncatedFrameThenTheSocketClosingLeavesTheServerFine() throws Exception {
        start(c -> c);
        RawConnection inSession = openSession();
        byte[] whole = RawConnection.frame(new RequestHeader(1, OpCode.create),
                new CreateRequest("/half", new byte[1000], Ids.OPEN_ACL_UNSAFE, 0));
        inSession.write(Arrays.copyOf(whole, whole.length / 2));
        inSession.close();

        RawConnection beforeConnect = open();
        beforeConnect.write(Arrays.copyOf(RawConnection.frame(RawConnection.newSession(0)), 20));
        beforeConnect.close();

        assertServerFine();
        assertNull(good.zk().exists("/half", false));
    }

    @Test
    void aTruncatedConnectRequestClosesTheConnection() throws Exception {
        start(c -> c);
        byte[] body = RawConnection.serialize(RawConnection.newSession(0));

        // A whole frame whose body is too short to be a connect request.
        RawConnection shortFrame = open();
        shortFrame.write(concat(RawConnection.lengthPrefix(20), Arrays.copyOf(body, 20)));
        shortFrame.assertClosedWithoutReply();

        // The frame announced whole, the stream ending half way.
        RawConnection halfFrame = open();
        halfFrame.write(concat(RawConnection.lengthPrefix(body.length), Arrays.copyOf(body, 20)));
        halfFrame.shutdownOutput();
        halfFrame.assertClosedWithoutReply();
        assertServerFine();
    }

    // ---- in a session: requests the server cannot serve

    @Test
    void anUnknownOpcodeIsAnsweredUnimplementedThenTheConnectionCloses() throws Exception {
        start(c -> c);
        RawConnection raw = openSession();

        raw.send(4242, 999, new ExistsRequest("/", false));
        // Sent after the unknown op: the server must not answer it, it closes instead.
        raw.send(4243, OpCode.exists, new ExistsRequest("/", false));

        ReplyHeader reply = raw.readReply(null);
        assertEquals(4242, reply.getXid());
        assertEquals(UNIMPLEMENTED, reply.getErr());
        raw.assertClosedWithoutReply();
        assertServerFine();
    }

    @Test
    void aMalformedBodyIsAMarshallingErrorAndTheConnectionStaysUsable() throws Exception {
        start(c -> c);
        good.zk().create("/readable", new byte[] {7}, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        RawConnection raw = openSession();

        // getData whose path claims 100 bytes and brings 3.
        byte[] truncatedGetData = concat(RawConnection.serialize(new RequestHeader(11, OpCode.getData)),
                RawConnection.lengthPrefix(100), "/re".getBytes(StandardCharsets.US_ASCII));
        raw.write(concat(RawConnection.lengthPrefix(truncatedGetData.length), truncatedGetData));
        ReplyHeader malformed = raw.readReply(null);
        assertEquals(11, malformed.getXid());
        assertEquals(MARSHALLING_ERROR, malformed.getErr());

        // A create cut after its path: a write that must change nothing.
        byte[] create = RawConnection.serialize(new RequestHeader(12, OpCode.create),
                new CreateRequest("/cut", new byte[10], Ids.OPEN_ACL_UNSAFE, 0));
        byte[] truncatedCreate = Arrays.copyOf(create, 8 + 4 + "/cut".length() + 2);
        raw.write(concat(RawConnection.lengthPrefix(truncatedCreate.length), truncatedCreate));
        ReplyHeader malformedWrite = raw.readReply(null);
        assertEquals(12, malformedWrite.getXid());
        assertEquals(MARSHALLING_ERROR, malformedWrite.getErr());

        GetDataResponse data = new GetDataResponse();
        ReplyHeader ok = raw.call(13, OpCode.getData, new GetDataRequest("/readable", false), data);
        assertEquals(13, ok.getXid());
        assertEquals(0, ok.getErr());
        assertArrayEquals(new byte[] {7}, data.getData());
        assertNull(good.zk().exists("/cut", false));
        assertServerFine();
    }

    @Test
    void aRequestOverJuteMaxBufferClosesTheConnectionAndChangesNothing() throws Exception {
        start(c -> c);
        RawConnection raw = openSession();

        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        raw.writeIgnoringClose(RawConnection.frame(new RequestHeader(1, OpCode.create),
                new CreateRequest("/big", twoMegabytes, Ids.OPEN_ACL_UNSAFE, 0)));

        raw.assertClosedWithoutReply();
        assertNull(good.zk().exists("/big", false), "the oversized create was applied");
        assertServerFine();
    }

    @Test
    void aRequestOfExactlyJuteMaxBufferIsServedAndOneByteMoreIsNot() throws Exception {
        start(c -> c);
        assertExactlyTheLimitIsServed(ServerConfig.DEFAULT_JUTE_MAX_BUFFER_BYTES);
    }

    @Test
    void aConfiguredJuteMaxBufferIsTheLimit() throws Exception {
        int maxBytes = 64 * 1024;
        start(c -> c.withJuteMaxBufferBytes(maxBytes));
        assertExactlyTheLimitIsServed(maxBytes);
    }

    /** ZooKeeper refuses {@code len > jute.maxbuffer}: a frame of exactly the limit is a request like any other. */
    private void assertExactlyTheLimitIsServed(int maxBytes) throws Exception {
        RawConnection raw = openSession();

        CreateRequest fits = createOfFrameBytes("/fits", maxBytes);
        ReplyHeader created = raw.call(1, OpCode.create, fits, null);
        assertEquals(0, created.getErr());
        assertEquals(fits.getData().length, good.zk().exists("/fits", false).getDataLength(), "data bytes of /fits");

        raw.writeIgnoringClose(RawConnection.frame(new RequestHeader(2, OpCode.create),
                createOfFrameBytes("/over", maxBytes + 1)));
        raw.assertClosedWithoutReply();
        assertNull(good.zk().exists("/over", false));
        assertServerFine();
    }

    // ---- clients that hold resources

    @Test
    void aClientThatNeverReadsItsRepliesDoesNotSlowOthers() throws Exception {
        start(c -> c);
        // ZooKeeper queues replies for a client that does not read without bound; Paddock closes it.
        assumeFalse(server.isZooKeeper(), "ZooKeeper would buffer the 3 GB");
        byte[] large = new byte[1_000_000];
        Arrays.fill(large, (byte) 'x');
        good.zk().create("/large", large, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        RawConnection greedy = openSession();

        // 3,000 reads of a 1 MB node, asked in one write (about 60 KB), never read: 3 GB of replies.
        int requests = 3_000;
        ByteArrayOutputStream asks = new ByteArrayOutputStream();
        for (int xid = 1; xid <= requests; xid++) {
            asks.writeBytes(RawConnection.frame(new RequestHeader(xid, OpCode.getData),
                    new GetDataRequest("/large", false)));
        }
        greedy.writeIgnoringClose(asks.toByteArray());

        assertHundredOpsWithin(Duration.ofSeconds(60));

        // Closed for not reading its replies, long before 3 GB of them were made.
        long received = greedy.bytesUntilClosed();
        assertTrue(received < (long) requests * large.length / 4,
                "the server sent " + received + " bytes to a client that does not read, and kept it open");
        assertServerFine();
    }

    @Test
    void clientsFloodingCheapRequestsWithoutReadingDoNotCrowdOutOthers() throws Exception {
        start(c -> c);
        // Three clients with 100,000 exists each, 1.8 MB written at once, never reading a reply: the server must
        // take in only what it can answer, and answer the good client in between.
        int requests = 100_000;
        ByteArrayOutputStream asks = new ByteArrayOutputStream();
        for (int xid = 1; xid <= requests; xid++) {
            asks.writeBytes(RawConnection.frame(new RequestHeader(xid, OpCode.exists), new ExistsRequest("/", false)));
        }
        byte[] flood = asks.toByteArray();
        for (int i = 0; i < 3; i++) {
            RawConnection flooder = openSession();
            // A thread each: the write blocks once the server stops reading; closing the socket ends it.
            Thread writer = new Thread(() -> flooder.writeIgnoringClose(flood), "flooder-" + i);
            writer.setDaemon(true);
            writer.start();
        }

        assertHundredOpsWithin(Duration.ofSeconds(60));
        assertServerFine();
    }

    @Test
    void aClientPipeliningPastTheInFlightLimitIsPausedThenServedInFull() throws Exception {
        start(c -> c);
        RawConnection pipeliner = openSession();
        // Five times the 1,000 requests a connection may have in flight, all written before any reply is read:
        // the server pauses the connection with the rest already received, and must serve those when it resumes
        // although no new byte arrives to wake it up.
        int requests = 5 * ServerConfig.DEFAULT_GLOBAL_OUTSTANDING_LIMIT;
        ByteArrayOutputStream asks = new ByteArrayOutputStream();
        for (int xid = 1; xid <= requests; xid++) {
            asks.writeBytes(RawConnection.frame(new RequestHeader(xid, OpCode.exists), new ExistsRequest("/", false)));
        }
        pipeliner.write(asks.toByteArray());

        for (int xid = 1; xid <= requests; xid++) {
            ReplyHeader reply = pipeliner.readReply(new ExistsResponse());
            assertEquals(xid, reply.getXid(), "replies in request order");
            assertEquals(0, reply.getErr());
        }
        assertServerFine();
    }

    @Test
    void thousandsOfIdleConnectionsDoNotStopTheServer() throws Exception {
        start(c -> c.withMaxClientCnxns(0));
        // Half connect and say nothing; half establish a session and then say nothing.
        for (int i = 0; i < 1_000; i++) {
            open();
        }
        for (int i = 0; i < 1_000; i++) {
            openSession();
        }

        assertHundredOpsWithin(Duration.ofSeconds(60));

        // Every idle session is still there to be used.
        RawConnection last = raws.get(raws.size() - 1);
        assertEquals(0, last.call(1, OpCode.exists, new ExistsRequest("/", false), null).getErr());
        raws.forEach(RawConnection::close);
        raws.clear();
        assertServerFine();
    }

    @Test
    void maxClientCnxnsRefusesTheConnectionOverTheLimitAtOnce() throws Exception {
        start(c -> c.withMaxClientCnxns(5));
        // The good client holds one of 127.0.0.1's connections; 127.0.0.2 has the whole limit for itself.
        InetAddress crowded = InetAddress.getByName("127.0.0.2");
        List<RawConnection> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(openSessionFrom(crowded));
        }

        long refusingNs = System.nanoTime();
        RawConnection sixth = track(RawConnection.open(server.clientAddress(), crowded));
        sixth.writeIgnoringClose(RawConnection.frame(RawConnection.newSession(0)));
        sixth.assertClosedWithoutReply();
        Duration refusal = Duration.ofNanos(System.nanoTime() - refusingNs);
        assertTrue(refusal.compareTo(Duration.ofSeconds(10)) < 0, "the sixth connection was closed after " + refusal);

        for (RawConnection c : five) {
            assertEquals(0, c.call(1, OpCode.exists, new ExistsRequest("/", false), null).getErr());
        }
        // The limit is per address.
        RawConnection elsewhere = openSessionFrom(InetAddress.getByName("127.0.0.3"));
        assertEquals(0, elsewhere.call(1, OpCode.exists, new ExistsRequest("/", false), null).getErr());

        // A closed connection gives its place back (once the server has seen the close).
        five.get(0).close();
        assertNotNull(openSessionFromWithin(crowded, Duration.ofSeconds(30)));
        assertServerFine();
    }

    // ---- sessions the server must refuse

    @Test
    void aReattachWithAWrongPasswordIsToldTheSessionIsGoneThenClosed() throws Exception {
        start(c -> c);
        long goodSession = good.zk().getSessionId();
        byte[] wrong = good.zk().getSessionPasswd().clone();
        wrong[0] ^= 1;

        for (ConnectRequest attempt : List.of(
                new ConnectRequest(0, 0, 30_000, goodSession, wrong, false),
                new ConnectRequest(0, 0, 30_000, goodSession, new byte[3], false),
                new ConnectRequest(0, 0, 30_000, goodSession ^ 0x5555L, good.zk().getSessionPasswd(), false))) {
            RawConnection raw = open();
            ConnectResponse response = raw.connect(attempt);

            assertEquals(0, response.getTimeOut());
            assertEquals(0, response.getSessionId());
            assertArrayEquals(new byte[16], response.getPasswd());
            raw.assertClosedWithoutReply();
        }
        if (server.isZooKeeper()) {
            // ZooKeeper closes the connection that holds the session before it checks the password
            // (processConnectRequest: closeSession, then reopenSession); Paddock leaves the owner alone.
            good.awaitReconnectedAndForget(GoodClient.CONNECT_TIMEOUT);
        }
        // The session belongs to the good client still, on its original connection (Paddock).
        assertEquals(goodSession, good.zk().getSessionId());
        assertServerFine();
    }

    @Test
    void aClientThatHasSeenAZxidAheadOfTheServerIsClosed() throws Exception {
        start(c -> c);
        long lastZxid = good.roundTrip();

        for (long ahead : new long[] {lastZxid + 1_000, Long.MAX_VALUE, 0x7fff_0000_0000_0000L}) {
            RawConnection raw = open();
            raw.writeIgnoringClose(RawConnection.frame(RawConnection.newSession(ahead)));
            raw.assertClosedWithoutReply();
        }
        // A zxid the server has applied is fine (the good client's delete is the latest).
        RawConnection caughtUp = open();
        assertNotEquals(0, caughtUp.connect(RawConnection.newSession(lastZxid)).getSessionId());
        assertServerFine();
    }

    // ---- helpers

    private void start(UnaryOperator<ServerConfig> config) throws Exception {
        server = ServerUnderTest.start(dataDir, config.apply(ServerConfig.standalone(dataDir)));
        good = GoodClient.connect(server.connectString());
        good.roundTrip();
    }

    /** The good client still works without having lost its connection, and a new session can be opened. */
    private void assertServerFine() throws Exception {
        assertTrue(server.isServing(), "the replica loop stopped");
        good.roundTrip();
        good.assertNeverDisconnected();
        try (RawConnection fresh = RawConnection.openSession(server.clientAddress())) {
            ExistsResponse stat = new ExistsResponse();
            assertEquals(0, fresh.call(1, OpCode.exists, new ExistsRequest("/", false), stat).getErr());
        }
    }

    /** 25 round trips of the good client: 100 requests (create, getData, delete, exists), one at a time. */
    private void assertHundredOpsWithin(Duration limit) throws Exception {
        long startNs = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            good.roundTrip();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNs);
        assertTrue(elapsed.compareTo(limit) < 0, "100 requests of the good client took " + elapsed);
    }

    private RawConnection track(RawConnection raw) {
        raws.add(raw);
        return raw;
    }

    private RawConnection open() {
        return track(RawConnection.open(server.clientAddress()));
    }

    private RawConnection openSession() throws IOException {
        return track(RawConnection.openSession(server.clientAddress()));
    }

    private RawConnection openSessionFrom(InetAddress local) throws IOException {
        RawConnection raw = track(RawConnection.open(server.clientAddress(), local));
        ConnectResponse response = raw.connect(RawConnection.newSession(0));
        assertNotEquals(0, response.getSessionId(), "no session for a connection from " + local);
        return raw;
    }

    /** Retries while the server has not yet released a place for this address; fails after {@code within}. */
    private RawConnection openSessionFromWithin(InetAddress local, Duration within) throws InterruptedException {
        long deadlineNs = System.nanoTime() + within.toNanos();
        while (true) {
            RawConnection raw = track(RawConnection.open(server.clientAddress(), local));
            try {
                raw.connect(RawConnection.newSession(0));
                return raw;
            } catch (IOException refused) {
                raw.close();
                if (System.nanoTime() > deadlineNs) {
                    throw new AssertionError("no place for " + local + " within " + within);
                }
                Thread.sleep(50);
            }
        }
    }

    /** A create whose frame (header and body, without the length prefix) is exactly {@code frameBytes} long. */
    private static CreateRequest createOfFrameBytes(String path, int frameBytes) {
        CreateRequest empty = new CreateRequest(path, new byte[0], Ids.OPEN_ACL_UNSAFE, 0);
        int overhead = RawConnection.serialize(new RequestHeader(1, OpCode.create), empty).length;
        return new CreateRequest(path, new byte[frameBytes - overhead], Ids.OPEN_ACL_UNSAFE, 0);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
