package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.ErrorResponse;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetAllChildrenNumberResponse;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.GetEphemeralsResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SyncResponse;
import org.apache.zookeeper.proto.WatcherEvent;
import org.apache.zookeeper.proto.WhoAmIResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What {@link ResponseCodec} writes, read back the way the 3.9 Java client reads it ({@code ClientCnxn}: a
 * 4-byte length, ReplyHeader, then the body record; MultiResponse for multi) and compared byte for byte with
 * what ZooKeeper's server writes for the same answer.
 */
class ResponseCodecTest {
    private static final int XID = 77;
    private static final long ZXID = 0x5_0000_0003L;
    /** Every field distinct, so a swapped field cannot go unnoticed. */
    private static final NodeStat STAT = new NodeStat(101, 102, 1_700_000_000_103L, 1_700_000_000_104L, 105, 106,
            107, 0x7e57_0000_0000_0108L, 109, 110, 111);
    private static final byte[] DATA = {3, 1, 4, 1, 5, (byte) 0x92};

    @Nested
    class Replies {
        @Test
        void created() {
            assertReply(new Response.Created("/a/b"), new CreateResponse("/a/b"));
        }

        @Test
        void created2() {
            Create2Response r = assertReply(new Response.Created2("/c", STAT), new Create2Response("/c", jute(STAT)));

            assertEquals("/c", r.getPath());
            assertStat(r.getStat());
        }

        @Test
        void statOnlyIsASetDataResponse() {
            SetDataResponse r = assertReply(new Response.StatOnly(STAT), new SetDataResponse(jute(STAT)));

            assertStat(r.getStat());
        }

        @Test
        void existsReadsTheSameStat() throws IOException {
            // The client reads exists with ExistsResponse, which has the same layout as SetDataResponse.
            ExistsResponse r = new ExistsResponse();
            readReply(ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.StatOnly(STAT)), r);

            assertStat(r.getStat());
        }

        @Test
        void existsIsByteForByteZooKeepersExistsResponse() {
            byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.StatOnly(STAT));

            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0), new ExistsResponse(jute(STAT))), frame);
        }

        @Test
        void data() {
            GetDataResponse r = assertReply(new Response.Data(DATA, STAT), new GetDataResponse(DATA, jute(STAT)));

            assertArrayEquals(DATA, r.getData());
            assertStat(r.getStat());
        }

        @Test
        void emptyDataIsAZeroLengthBuffer() {
            GetDataResponse r = assertReply(new Response.Data(new byte[0], STAT),
                    new GetDataResponse(new byte[0], jute(STAT)));

            assertArrayEquals(new byte[0], r.getData());
        }

        @Test
        void children() {
            GetChildrenResponse r = assertReply(new Response.Children(List.of("x", "y", "z")),
                    new GetChildrenResponse(List.of("x", "y", "z")));

            assertEquals(List.of("x", "y", "z"), r.getChildren());
        }

        @Test
        void children2() {
            GetChildren2Response r = assertReply(new Response.Children2(List.of("only"), STAT),
                    new GetChildren2Response(List.of("only"), jute(STAT)));

            assertEquals(List.of("only"), r.getChildren());
            assertStat(r.getStat());
        }

        @Test
        void acls() {
            List<Acl> acl = List.of(Acl.WORLD_ALL, new Acl(Perms.READ | Perms.WRITE, "digest", "u:h4sh="));
            GetACLResponse r = assertReply(new Response.Acls(acl, STAT), new GetACLResponse(List.of(
                    new ACL(31, new Id("world", "anyone")), new ACL(3, new Id("digest", "u:h4sh="))), jute(STAT)));

            assertEquals(31, r.getAcl().get(0).getPerms());
            assertEquals("digest", r.getAcl().get(1).getId().getScheme());
            assertStat(r.getStat());
        }

        @Test
        void syncDone() {
            assertEquals("/s", assertReply(new Response.SyncDone("/s"), new SyncResponse("/s")).getPath());
        }

        @Test
        void childCount() {
            assertEquals(42, assertReply(new Response.ChildCount(42), new GetAllChildrenNumberResponse(42))
                    .getTotalNumber());
        }

        @Test
        void ephemerals() {
            assertEquals(List.of("/e1", "/e2"), assertReply(new Response.Ephemerals(List.of("/e1", "/e2")),
                    new GetEphemeralsResponse(List.of("/e1", "/e2"))).getEphemerals());
        }

        @Test
        void errorBodyForAddWatch() {
            assertEquals(0, assertReply(new Response.ErrorBody(0), new ErrorResponse(0)).getErr());
        }

        @Test
        void whoAmI() {
            WhoAmIResponse r = assertReply(
                    new Response.WhoAmI(List.of(new Response.ClientInfo("ip", "127.0.0.1"),
                            new Response.ClientInfo("digest", "user"))),
                    new WhoAmIResponse(List.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "user"))));

            assertEquals("user", r.getClientInfo().get(1).getUser());
        }

        @Test
        void emptyIsTheHeaderAlone() {
            byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.Empty());

            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0)), frame);
        }

        @Test
        void noBodyIsTheHeaderAlone() {
            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0)),
                    ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, null));
        }

        @Test
        void anErrorReplyCarriesNoBodyEvenWhenGivenOne() {
            // ServerCnxn.sendResponse is called with a null record whenever err != 0.
            for (ErrorCode err : ErrorCode.values()) {
                if (err == ErrorCode.OK) {
                    continue;
                }
                byte[] frame = ResponseCodec.encodeReply(XID, ZXID, err, new Response.Data(DATA, STAT));

                assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, err.code)), frame, err.name());
            }
        }

        @Test
        void specialXidsAndZxidsPassThrough() throws IOException {
            byte[] frame = ResponseCodec.encodeReply(Xids.PING, -1, ErrorCode.OK, null);

            ReplyHeader h = readReply(frame, null);
            assertEquals(Xids.PING, h.getXid());
            assertEquals(-1, h.getZxid());
        }
    }

    @Nested
    class Multi {
        @Test
        void everyResultKindMatchesMultiResponse() throws IOException {
            List<Response.OpResult> ours = List.of(
                    new Response.OpResult.Create("/m1"),
                    new Response.OpResult.Create2("/m2", STAT),
                    new Response.OpResult.Delete(),
                    new Response.OpResult.SetData(STAT),
                    new Response.OpResult.Check(),
                    new Response.OpResult.GetData(DATA, STAT),
                    new Response.OpResult.GetChildren(List.of("a", "b")));
            MultiResponse theirs = new MultiResponse();
            theirs.add(new OpResult.CreateResult("/m1"));
            theirs.add(new OpResult.CreateResult("/m2", jute(STAT)));
            theirs.add(new OpResult.DeleteResult());
            theirs.add(new OpResult.SetDataResult(jute(STAT)));
            theirs.add(new OpResult.CheckResult());
            theirs.add(new OpResult.GetDataResult(DATA, jute(STAT)));
            theirs.add(new OpResult.GetChildrenResult(List.of("a", "b")));

            byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.MultiResults(ours));

            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0), theirs), frame);
            MultiResponse read = new MultiResponse();
            readReply(frame, read);
            assertEquals(theirs, read);
        }

        @Test
        void aFailedMultiHasAnErrorPerOp() throws IOException {
            // A failed multi: the op that failed has its code, the others RuntimeInconsistency (ZooKeeper's way).
            List<Response.OpResult> ours = List.of(
                    new Response.OpResult.Error(ErrorCode.OK),
                    new Response.OpResult.Error(ErrorCode.NO_NODE),
                    new Response.OpResult.Error(ErrorCode.RUNTIME_INCONSISTENCY));
            MultiResponse theirs = new MultiResponse();
            theirs.add(new OpResult.ErrorResult(0));
            theirs.add(new OpResult.ErrorResult(-101));
            theirs.add(new OpResult.ErrorResult(-2));

            byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.MultiResults(ours));

            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0), theirs), frame);
            MultiResponse read = new MultiResponse();
            readReply(frame, read);
            List<OpResult> results = read.getResultList();
            assertEquals(-101, assertInstanceOf(OpResult.ErrorResult.class, results.get(1)).getErr());
        }

        @Test
        void aMultiReadMixesResultsAndErrors() throws IOException {
            List<Response.OpResult> ours = List.of(
                    new Response.OpResult.GetData(DATA, STAT),
                    new Response.OpResult.Error(ErrorCode.NO_AUTH),
                    new Response.OpResult.GetChildren(List.of()));
            MultiResponse theirs = new MultiResponse();
            theirs.add(new OpResult.GetDataResult(DATA, jute(STAT)));
            theirs.add(new OpResult.ErrorResult(-102));
            theirs.add(new OpResult.GetChildrenResult(List.of()));

            byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.MultiResults(ours));

            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0), theirs), frame);
        }

        @Test
        void anEmptyMultiIsTheDoneHeader() {
            byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, new Response.MultiResults(List.of()));

            assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0), new MultiResponse()), frame);
        }
    }

    @Nested
    class Events {
        @Test
        void aWatchEventIsANotificationWithXidMinusOne() throws IOException {
            byte[] frame = ResponseCodec.encodeEvent(ZXID, new WatchEvent(EventType.NODE_DATA_CHANGED,
                    KeeperState.SYNC_CONNECTED, "/w"));

            assertArrayEquals(zkFrame(new ReplyHeader(-1, ZXID, 0), new WatcherEvent(3, 3, "/w")), frame);
            WatcherEvent event = new WatcherEvent();
            ReplyHeader h = readReply(frame, event);
            assertEquals(Xids.NOTIFICATION, h.getXid());
            assertEquals(EventType.NODE_DATA_CHANGED.code, event.getType());
            assertEquals(KeeperState.SYNC_CONNECTED, event.getState());
            assertEquals("/w", event.getPath());
        }

        @Test
        void everyEventTypeKeepsItsCode() throws IOException {
            for (EventType type : EventType.values()) {
                WatcherEvent event = new WatcherEvent();
                readReply(ResponseCodec.encodeEvent(1, new WatchEvent(type, KeeperState.SYNC_CONNECTED, "/p")), event);
                assertEquals(type.code, event.getType(), type.name());
            }
        }
    }

    @Nested
    class Connect {
        private final byte[] passwd = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};

        @Test
        void withTheReadOnlyByte() throws IOException {
            byte[] frame = ResponseCodec.encodeConnect(new ConnectResponse(0, 30_000, 0x1234L, passwd, false, true));

            assertArrayEquals(zkFrame(new org.apache.zookeeper.proto.ConnectResponse(0, 30_000, 0x1234L, passwd, false)),
                    frame);
            org.apache.zookeeper.proto.ConnectResponse r = readConnect(frame);
            assertEquals(30_000, r.getTimeOut());
            assertEquals(0x1234L, r.getSessionId());
            assertArrayEquals(passwd, r.getPasswd());
            assertFalse(r.getReadOnly());
        }

        @Test
        void readOnlyTrueIsWritten() throws IOException {
            byte[] frame = ResponseCodec.encodeConnect(new ConnectResponse(0, 4000, 1, passwd, true, true));

            assertTrue(readConnect(frame).getReadOnly());
        }

        @Test
        void withoutTheReadOnlyByteForOldClients() throws IOException {
            byte[] frame = ResponseCodec.encodeConnect(new ConnectResponse(0, 4000, 0x99L, passwd, true, false));
            byte[] full = zkFrame(new org.apache.zookeeper.proto.ConnectResponse(0, 4000, 0x99L, passwd, false));

            assertEquals(full.length - 1, frame.length);
            assertEquals(frame.length - 4, new DataInputStream(new ByteArrayInputStream(frame)).readInt());
            byte[] fullWithoutFlag = java.util.Arrays.copyOf(full, full.length - 1);
            fullWithoutFlag[3]--;
            assertArrayEquals(fullWithoutFlag, frame);
        }

        @Test
        void anExpiredSessionIsTimeoutZeroSessionZero() throws IOException {
            byte[] frame = ResponseCodec.encodeConnect(new ConnectResponse(0, 0, 0, new byte[16], false, true));

            org.apache.zookeeper.proto.ConnectResponse r = readConnect(frame);
            assertEquals(0, r.getTimeOut());
            assertEquals(0, r.getSessionId());
            assertArrayEquals(new byte[16], r.getPasswd());
        }
    }

    // ---- helpers

    /** Checks the reply frame against ZooKeeper's bytes and returns the body as the client reads it. */
    @SuppressWarnings("unchecked")
    private static <T extends Record> T assertReply(Response body, T expected) {
        byte[] frame = ResponseCodec.encodeReply(XID, ZXID, ErrorCode.OK, body);
        assertArrayEquals(zkFrame(new ReplyHeader(XID, ZXID, 0), expected), frame);
        try {
            T read = (T) expected.getClass().getDeclaredConstructor().newInstance();
            ReplyHeader h = readReply(frame, read);
            assertEquals(XID, h.getXid());
            assertEquals(ZXID, h.getZxid());
            assertEquals(0, h.getErr());
            assertEquals(expected, read);
            return read;
        } catch (ReflectiveOperationException | IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads one frame as ClientCnxn does: the length must match, then a ReplyHeader and the body. */
    private static ReplyHeader readReply(byte[] frame, Record body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
        int length = in.readInt();
        assertEquals(frame.length - 4, length, "length prefix");
        BinaryInputArchive archive = BinaryInputArchive.getArchive(in);
        ReplyHeader header = new ReplyHeader();
        header.deserialize(archive, "header");
        if (body != null) {
            body.deserialize(archive, "response");
        }
        assertEquals(0, in.available(), "bytes left after the body");
        return header;
    }

    private static org.apache.zookeeper.proto.ConnectResponse readConnect(byte[] frame) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
        assertEquals(frame.length - 4, in.readInt());
        org.apache.zookeeper.proto.ConnectResponse r = new org.apache.zookeeper.proto.ConnectResponse();
        r.deserialize(BinaryInputArchive.getArchive(in), "connect");
        assertEquals(0, in.available());
        return r;
    }

    /** What ZooKeeper's server sends: a length prefix, then the records. */
    private static byte[] zkFrame(Record... records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
            for (Record r : records) {
                r.serialize(archive, "r");
            }
            byte[] body = bytes.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new java.io.DataOutputStream(out).writeInt(body.length);
            out.writeBytes(body);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stat jute(NodeStat s) {
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(), s.aversion(),
                s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    private static void assertStat(Stat s) {
        assertEquals(101, s.getCzxid());
        assertEquals(102, s.getMzxid());
        assertEquals(1_700_000_000_103L, s.getCtime());
        assertEquals(1_700_000_000_104L, s.getMtime());
        assertEquals(105, s.getVersion());
        assertEquals(106, s.getCversion());
        assertEquals(107, s.getAversion());
        assertEquals(0x7e57_0000_0000_0108L, s.getEphemeralOwner());
        assertEquals(109, s.getDataLength());
        assertEquals(110, s.getNumChildren());
        assertEquals(111, s.getPzxid());
    }
}
