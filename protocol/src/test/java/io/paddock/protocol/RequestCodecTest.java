package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.proto.AddWatchRequest;
import org.apache.zookeeper.proto.AuthPacket;
import org.apache.zookeeper.proto.CheckVersionRequest;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.GetACLRequest;
import org.apache.zookeeper.proto.GetAllChildrenNumberRequest;
import org.apache.zookeeper.proto.GetChildren2Request;
import org.apache.zookeeper.proto.GetChildrenRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetEphemeralsRequest;
import org.apache.zookeeper.proto.GetSASLRequest;
import org.apache.zookeeper.proto.MultiHeader;
import org.apache.zookeeper.proto.ReconfigRequest;
import org.apache.zookeeper.proto.RemoveWatchesRequest;
import org.apache.zookeeper.proto.RequestHeader;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetDataRequest;
import org.apache.zookeeper.proto.SetWatches;
import org.apache.zookeeper.proto.SetWatches2;
import org.apache.zookeeper.proto.SyncRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every request a 3.9 client can send, encoded with ZooKeeper's own jute records exactly as {@code ClientCnxn}
 * frames them (RequestHeader, then the body), decoded by {@link RequestCodec}. Bodies that do not decode must
 * become {@link Request.Malformed} (ZooKeeper answers MarshallingError and keeps the connection); only a frame
 * too short for a header is a {@link RequestCodec.BadFrameException}.
 */
class RequestCodecTest {
    private static final int XID = 0x1234_5678;
    private static final byte[] DATA = {0, 1, 2, (byte) 0xff};
    private static final List<ACL> JUTE_ACL = List.of(
            new ACL(31, new Id("world", "anyone")),
            new ACL(1, new Id("digest", "user:c2VjcmV0")));
    private static final List<Acl> ACL = List.of(
            new Acl(31, "world", "anyone"),
            new Acl(1, "digest", "user:c2VjcmV0"));

    // ---- one test per request type

    @Nested
    class Writes {
        @Test
        void create() throws Exception {
            RequestFrame f = decodeFrame(OpCode.CREATE, new CreateRequest("/a/b", DATA, JUTE_ACL, 3));

            assertEquals(XID, f.xid());
            assertEquals(OpCode.CREATE.code, f.type());
            assertCreate(f.request(), OpCode.CREATE, "/a/b", DATA, ACL, 3, -1);
        }

        @Test
        void create2() throws Exception {
            assertCreate(decode(OpCode.CREATE2, new CreateRequest("/x", DATA, JUTE_ACL, 0)),
                    OpCode.CREATE2, "/x", DATA, ACL, 0, -1);
        }

        @Test
        void createContainer() throws Exception {
            assertCreate(decode(OpCode.CREATE_CONTAINER, new CreateRequest("/c", DATA, JUTE_ACL, 4)),
                    OpCode.CREATE_CONTAINER, "/c", DATA, ACL, 4, -1);
        }

        @Test
        void createTtl() throws Exception {
            assertCreate(decode(OpCode.CREATE_TTL, new CreateTTLRequest("/t", DATA, JUTE_ACL, 5, 60_000L)),
                    OpCode.CREATE_TTL, "/t", DATA, ACL, 5, 60_000L);
        }

        @Test
        void createWithNullDataAndNullAclKeepsNullDataAndAnEmptyAcl() throws Exception {
            Request.Create c = (Request.Create) decode(OpCode.CREATE, new CreateRequest("/n", null, null, 0));

            assertNull(c.data());
            assertEquals(List.of(), c.acl());
        }

        @Test
        void createWithAnAclIdOfNullStringsKeepsItsPermsForTheServerToRefuse() throws Exception {
            List<ACL> acl = List.of(new ACL(31, new Id(null, null)));
            Request.Create c = (Request.Create) decode(OpCode.CREATE, new CreateRequest("/n", DATA, acl, 0));

            assertEquals(List.of(new Acl(31, null, null)), c.acl());
        }

        @Test
        void createWithAFlagZooKeeperDoesNotKnowStillDecodes() throws Exception {
            // Outside a multi the flag is the state machine's to refuse (BadArguments), not the codec's.
            assertCreate(decode(OpCode.CREATE, new CreateRequest("/f", DATA, JUTE_ACL, 99)),
                    OpCode.CREATE, "/f", DATA, ACL, 99, -1);
        }

        @Test
        void delete() throws Exception {
            assertEquals(new Request.Delete(OpCode.DELETE, "/d", 7), decode(OpCode.DELETE, new DeleteRequest("/d", 7)));
        }

        @Test
        void setData() throws Exception {
            Request.SetData s = (Request.SetData) decode(OpCode.SET_DATA, new SetDataRequest("/s", DATA, -1));

            assertEquals("/s", s.path());
            assertArrayEquals(DATA, s.data());
            assertEquals(-1, s.version());
        }

        @Test
        void checkAloneIsUnimplementedAsInZooKeeper() throws Exception {
            // ZooKeeper 3.9 accepts check only inside a multi (Request.isValid refuses it alone).
            assertEquals(new Request.Unknown(OpCode.CHECK.code), decode(OpCode.CHECK, new CheckVersionRequest("/k", 3)));
        }

        @Test
        void setAcl() throws Exception {
            assertEquals(new Request.SetAcl("/p", ACL, 2), decode(OpCode.SET_ACL, new SetACLRequest("/p", JUTE_ACL, 2)));
        }

        @Test
        void reconfig() throws Exception {
            assertEquals(new Request.Reconfig("server.4=h:1:2;3", "2", null, -1L),
                    decode(OpCode.RECONFIG, new ReconfigRequest("server.4=h:1:2;3", "2", null, -1L)));
        }

        @Test
        void closeSessionHasNoBody() throws Exception {
            assertEquals(new Request.CloseSession(), decode(OpCode.CLOSE_SESSION));
        }
    }

    @Nested
    class Reads {
        @Test
        void exists() throws Exception {
            assertEquals(new Request.Exists("/e", true), decode(OpCode.EXISTS, new ExistsRequest("/e", true)));
        }

        @Test
        void getData() throws Exception {
            assertEquals(new Request.GetData("/g", false), decode(OpCode.GET_DATA, new GetDataRequest("/g", false)));
        }

        @Test
        void getAcl() throws Exception {
            assertEquals(new Request.GetAcl("/a"), decode(OpCode.GET_ACL, new GetACLRequest("/a")));
        }

        @Test
        void getChildren() throws Exception {
            assertEquals(new Request.GetChildren(OpCode.GET_CHILDREN, "/", true),
                    decode(OpCode.GET_CHILDREN, new GetChildrenRequest("/", true)));
        }

        @Test
        void getChildren2() throws Exception {
            assertEquals(new Request.GetChildren(OpCode.GET_CHILDREN2, "/q", false),
                    decode(OpCode.GET_CHILDREN2, new GetChildren2Request("/q", false)));
        }

        @Test
        void getAllChildrenNumber() throws Exception {
            assertEquals(new Request.GetAllChildrenNumber("/n"),
                    decode(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest("/n")));
        }

        @Test
        void getEphemerals() throws Exception {
            assertEquals(new Request.GetEphemerals("/pre"),
                    decode(OpCode.GET_EPHEMERALS, new GetEphemeralsRequest("/pre")));
        }

        @Test
        void sync() throws Exception {
            assertEquals(new Request.Sync("/y"), decode(OpCode.SYNC, new SyncRequest("/y")));
        }

        @Test
        void pingHasNoBody() throws Exception {
            RequestFrame f = RequestCodec.decode(frame(-2, OpCode.PING.code));

            assertEquals(-2, f.xid());
            assertEquals(new Request.Ping(), f.request());
        }

        @Test
        void whoAmIHasNoBody() throws Exception {
            assertEquals(new Request.WhoAmI(), decode(OpCode.WHO_AM_I));
        }

        @Test
        void extraBytesAfterABodyAreIgnoredAsZooKeeperDoes() throws Exception {
            byte[] frame = concat(frame(XID, OpCode.GET_DATA.code, new GetDataRequest("/g", true)), new byte[] {1, 2, 3});

            assertEquals(new Request.GetData("/g", true), RequestCodec.decode(frame).request());
        }
    }

    @Nested
    class Watches {
        @Test
        void checkWatches() throws Exception {
            assertEquals(new Request.WatchQuery(OpCode.CHECK_WATCHES, "/w", 2),
                    decode(OpCode.CHECK_WATCHES, new CheckWatchesRequest("/w", 2)));
        }

        @Test
        void removeWatches() throws Exception {
            assertEquals(new Request.WatchQuery(OpCode.REMOVE_WATCHES, "/w", 3),
                    decode(OpCode.REMOVE_WATCHES, new RemoveWatchesRequest("/w", 3)));
        }

        @Test
        void addWatch() throws Exception {
            assertEquals(new Request.AddWatch("/w", 1), decode(OpCode.ADD_WATCH, new AddWatchRequest("/w", 1)));
        }

        @Test
        void setWatches() throws Exception {
            SetWatches body = new SetWatches(0x500000001L, List.of("/d1", "/d2"), List.of("/e"), List.of("/c"));

            assertEquals(new Request.SetWatches(OpCode.SET_WATCHES, 0x500000001L, List.of("/d1", "/d2"),
                    List.of("/e"), List.of("/c"), List.of(), List.of()), decode(OpCode.SET_WATCHES, body));
        }

        @Test
        void setWatchesWithNullListsHasEmptyLists() throws Exception {
            assertEquals(new Request.SetWatches(OpCode.SET_WATCHES, 7, List.of(), List.of(), List.of(), List.of(),
                    List.of()), decode(OpCode.SET_WATCHES, new SetWatches(7, null, null, null)));
        }

        @Test
        void setWatches2() throws Exception {
            SetWatches2 body = new SetWatches2(9, List.of("/d"), List.of("/e"), List.of("/c"), List.of("/p"),
                    List.of("/r1", "/r2"));

            assertEquals(new Request.SetWatches(OpCode.SET_WATCHES2, 9, List.of("/d"), List.of("/e"), List.of("/c"),
                    List.of("/p"), List.of("/r1", "/r2")), decode(OpCode.SET_WATCHES2, body));
        }
    }

    @Nested
    class Auth {
        @Test
        void auth() throws Exception {
            RequestFrame f = RequestCodec.decode(frame(-4, OpCode.AUTH.code,
                    new AuthPacket(0, "digest", "user:secret".getBytes(StandardCharsets.UTF_8))));
            Request.Auth a = (Request.Auth) f.request();

            assertEquals(-4, f.xid());
            assertEquals(0, a.type());
            assertEquals("digest", a.scheme());
            assertArrayEquals("user:secret".getBytes(StandardCharsets.UTF_8), a.auth());
        }

        @Test
        void authWithoutBytesHasEmptyBytes() throws Exception {
            Request.Auth a = (Request.Auth) decode(OpCode.AUTH, new AuthPacket(0, "ip", null));

            assertArrayEquals(new byte[0], a.auth());
        }

        @Test
        void sasl() throws Exception {
            Request.Sasl s = (Request.Sasl) decode(OpCode.SASL, new GetSASLRequest(DATA));

            assertArrayEquals(DATA, s.token());
        }
    }

    @Nested
    class Multi {
        @Test
        void everyWriteOpInOrder() throws Exception {
            byte[] body = multi(
                    op(OpCode.CREATE, new CreateRequest("/m/1", DATA, JUTE_ACL, 0)),
                    op(OpCode.CREATE2, new CreateRequest("/m/2", DATA, JUTE_ACL, 2)),
                    op(OpCode.CREATE_CONTAINER, new CreateRequest("/m/3", DATA, JUTE_ACL, 4)),
                    op(OpCode.CREATE_TTL, new CreateTTLRequest("/m/4", DATA, JUTE_ACL, 6, 1000)),
                    op(OpCode.DELETE, new DeleteRequest("/m/5", 1)),
                    op(OpCode.SET_DATA, new SetDataRequest("/m/6", DATA, 2)),
                    op(OpCode.CHECK, new CheckVersionRequest("/m/7", 3)));

            List<Request> ops = ((Request.Multi) decodeRaw(OpCode.MULTI, body)).ops();

            assertEquals(7, ops.size());
            assertCreate(ops.get(0), OpCode.CREATE, "/m/1", DATA, ACL, 0, -1);
            assertCreate(ops.get(1), OpCode.CREATE2, "/m/2", DATA, ACL, 2, -1);
            assertCreate(ops.get(2), OpCode.CREATE_CONTAINER, "/m/3", DATA, ACL, 4, -1);
            assertCreate(ops.get(3), OpCode.CREATE_TTL, "/m/4", DATA, ACL, 6, 1000);
            assertEquals(new Request.Delete(OpCode.DELETE, "/m/5", 1), ops.get(4));
            Request.SetData set = (Request.SetData) ops.get(5);
            assertEquals("/m/6", set.path());
            assertArrayEquals(DATA, set.data());
            assertEquals(2, set.version());
            assertEquals(new Request.Check("/m/7", 3), ops.get(6));
        }

        @Test
        void anEmptyMultiIsJustTheDoneHeader() throws Exception {
            assertEquals(new Request.Multi(List.of()), decodeRaw(OpCode.MULTI, multi()));
        }

        @Test
        void multiRead() throws Exception {
            byte[] body = multi(
                    op(OpCode.GET_DATA, new GetDataRequest("/r/1", false)),
                    op(OpCode.GET_CHILDREN, new GetChildrenRequest("/r", false)));

            assertEquals(new Request.MultiRead(List.of(new Request.GetData("/r/1", false),
                    new Request.GetChildren(OpCode.GET_CHILDREN, "/r", false))), decodeRaw(OpCode.MULTI_READ, body));
        }

        @Test
        void anInvalidCreateFlagMakesTheWholeMultiMalformed() throws Exception {
            // MultiOperationRecord.deserialize: "invalid flag 7 for create mode" is an IOException.
            for (int flag : new int[] {7, -1, 100}) {
                byte[] body = multi(
                        op(OpCode.DELETE, new DeleteRequest("/ok", -1)),
                        op(OpCode.CREATE, new CreateRequest("/bad", DATA, JUTE_ACL, flag)));

                assertMalformed(OpCode.MULTI, decodeRaw(OpCode.MULTI, body));
            }
        }

        @Test
        void everyValidCreateFlagIsAcceptedInAMulti() throws Exception {
            for (CreateMode mode : CreateMode.values()) {
                byte[] body = multi(op(OpCode.CREATE, new CreateRequest("/c", DATA, JUTE_ACL, mode.flag)));

                assertInstanceOf(Request.Multi.class, decodeRaw(OpCode.MULTI, body), mode.name());
            }
        }

        @Test
        void aReadInAMultiIsMalformed() throws Exception {
            byte[] body = multi(
                    op(OpCode.CREATE, new CreateRequest("/w", DATA, JUTE_ACL, 0)),
                    op(OpCode.GET_DATA, new GetDataRequest("/w", false)));

            assertMalformed(OpCode.MULTI, decodeRaw(OpCode.MULTI, body));
        }

        @Test
        void aWriteInAMultiReadIsMalformed() throws Exception {
            byte[] body = multi(
                    op(OpCode.GET_CHILDREN, new GetChildrenRequest("/", false)),
                    op(OpCode.DELETE, new DeleteRequest("/x", -1)));

            assertMalformed(OpCode.MULTI_READ, decodeRaw(OpCode.MULTI_READ, body));
        }

        @Test
        void anOpTypeMultiDoesNotCarryIsMalformed() throws Exception {
            for (OpCode op : List.of(OpCode.EXISTS, OpCode.SYNC, OpCode.MULTI, OpCode.SET_ACL, OpCode.GET_CHILDREN2)) {
                byte[] body = multi(op(op, new SyncRequest("/")));

                assertMalformed(OpCode.MULTI, decodeRaw(OpCode.MULTI, body));
            }
        }

        @Test
        void anUnknownOpTypeInAMultiIsMalformed() throws Exception {
            byte[] body = multi(op(999, new DeleteRequest("/x", -1)));

            assertMalformed(OpCode.MULTI, decodeRaw(OpCode.MULTI, body));
        }

        @Test
        void aMultiWithoutItsDoneHeaderIsMalformed() throws Exception {
            byte[] complete = multi(op(OpCode.DELETE, new DeleteRequest("/x", -1)));
            byte[] withoutDone = Arrays.copyOf(complete, complete.length - 9);

            assertMalformed(OpCode.MULTI, decodeRaw(OpCode.MULTI, withoutDone));
        }

        @Test
        void aMultiWithNoBodyIsMalformed() throws Exception {
            assertMalformed(OpCode.MULTI, decode(OpCode.MULTI));
        }
    }

    @Nested
    class Connect {
        private final byte[] passwd = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

        @Test
        void withTheReadOnlyByte() throws Exception {
            byte[] frame = serialize(new ConnectRequest(0, 0x100000005L, 30_000, 0x0123_4567_89ab_cdefL, passwd, true));

            io.paddock.protocol.ConnectRequest c = RequestCodec.decodeConnect(frame);

            assertEquals(0, c.protocolVersion());
            assertEquals(0x100000005L, c.lastZxidSeen());
            assertEquals(30_000, c.timeOutMs());
            assertEquals(0x0123_4567_89ab_cdefL, c.sessionId());
            assertArrayEquals(passwd, c.passwd());
            assertTrue(c.readOnly());
            assertTrue(c.hasReadOnlyFlag());
        }

        @Test
        void withTheReadOnlyByteFalse() throws Exception {
            byte[] frame = serialize(new ConnectRequest(0, 0, 4000, 0, passwd, false));

            io.paddock.protocol.ConnectRequest c = RequestCodec.decodeConnect(frame);

            assertFalse(c.readOnly());
            assertTrue(c.hasReadOnlyFlag());
        }

        @Test
        void withoutTheReadOnlyByteAsOldClientsSendIt() throws Exception {
            byte[] full = serialize(new ConnectRequest(0, 7, 4000, 0, passwd, true));
            byte[] old = Arrays.copyOf(full, full.length - 1);

            io.paddock.protocol.ConnectRequest c = RequestCodec.decodeConnect(old);

            assertEquals(7, c.lastZxidSeen());
            assertEquals(4000, c.timeOutMs());
            assertArrayEquals(passwd, c.passwd());
            assertFalse(c.readOnly());
            assertFalse(c.hasReadOnlyFlag());
        }

        @Test
        void aNullPasswordIsEmpty() throws Exception {
            byte[] frame = serialize(new ConnectRequest(0, 0, 4000, 0, null, false));

            assertArrayEquals(new byte[0], RequestCodec.decodeConnect(frame).passwd());
        }

        @Test
        void everyTruncationIsABadFrame() throws Exception {
            byte[] full = serialize(new ConnectRequest(0, 7, 4000, 0x55L, passwd, true));
            // Dropping only the last byte leaves an old client's request; anything shorter is broken.
            for (int length = 0; length < full.length - 1; length++) {
                byte[] truncated = Arrays.copyOf(full, length);
                assertThrows(RequestCodec.BadFrameException.class, () -> RequestCodec.decodeConnect(truncated),
                        "connect request cut to " + length + " bytes");
            }
        }

        @Test
        void aPasswordLongerThanTheFrameIsABadFrame() throws Exception {
            byte[] frame = serialize(new ConnectRequest(0, 0, 4000, 0, passwd, false));
            // The passwd length sits after protocolVersion(4) lastZxidSeen(8) timeOut(4) sessionId(8).
            frame[24] = 0x7f;

            assertThrows(RequestCodec.BadFrameException.class, () -> RequestCodec.decodeConnect(frame));
        }
    }

    @Nested
    class BrokenFrames {
        @Test
        void aFrameShorterThanAHeaderIsABadFrame() {
            for (int length = 0; length < 8; length++) {
                byte[] frame = new byte[length];
                assertThrows(RequestCodec.BadFrameException.class, () -> RequestCodec.decode(frame),
                        length + " bytes");
            }
        }

        @Test
        void anUnknownTypeIsUnknownWithItsXid() throws Exception {
            RequestFrame f = RequestCodec.decode(frame(XID, 999, new GetDataRequest("/x", false)));

            assertEquals(XID, f.xid());
            assertEquals(999, f.type());
            assertEquals(new Request.Unknown(999), f.request());
        }

        @Test
        void typesNoClientMaySendAreUnknown() throws Exception {
            for (int type : new int[] {-1000, -2, 10, 23, 99, 108, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                assertEquals(new Request.Unknown(type), RequestCodec.decode(frame(XID, type)).request(), "type " + type);
            }
        }

        @Test
        void serverInternalTypesAreUnknown() throws Exception {
            for (OpCode op : List.of(OpCode.NOTIFICATION, OpCode.ERROR, OpCode.CREATE_SESSION)) {
                assertEquals(new Request.Unknown(op.code), decode(op), op.name());
            }
        }

        @Test
        void aTruncatedStringIsMalformed() throws Exception {
            byte[] full = frame(XID, OpCode.GET_DATA.code, new GetDataRequest("/some/long/path", false));
            byte[] truncated = Arrays.copyOf(full, 8 + 4 + 3);

            RequestFrame f = RequestCodec.decode(truncated);

            assertEquals(XID, f.xid());
            assertMalformed(OpCode.GET_DATA, f.request());
        }

        @Test
        void everyTruncationOfACreateIsMalformed() throws Exception {
            byte[] full = frame(XID, OpCode.CREATE.code, new CreateRequest("/a/b", DATA, JUTE_ACL, 1));
            for (int length = 8; length < full.length; length++) {
                assertMalformed(OpCode.CREATE, RequestCodec.decode(Arrays.copyOf(full, length)).request());
            }
        }

        @Test
        void aBodylessRequestThatNeedsABodyIsMalformed() throws Exception {
            for (OpCode op : List.of(OpCode.GET_DATA, OpCode.CREATE, OpCode.SET_WATCHES, OpCode.AUTH, OpCode.SYNC)) {
                assertMalformed(op, decode(op));
            }
        }

        @Test
        void aStringLengthOverTheFrameIsMalformedWithoutAllocatingIt() throws Exception {
            byte[] frame = concat(frame(XID, OpCode.GET_DATA.code), new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});

            assertMalformed(OpCode.GET_DATA, RequestCodec.decode(frame).request());
        }

        @Test
        void aHugeVectorCountIsMalformed() throws Exception {
            byte[] frame = concat(frame(XID, OpCode.SET_WATCHES.code), new byte[] {0, 0, 0, 0, 0, 0, 0, 1},
                    new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 1, '/'});

            assertMalformed(OpCode.SET_WATCHES, RequestCodec.decode(frame).request());
        }

        @Test
        void aNullPathIsMalformed() throws Exception {
            assertMalformed(OpCode.GET_DATA, decode(OpCode.GET_DATA, new GetDataRequest(null, false)));
            assertMalformed(OpCode.CREATE, decode(OpCode.CREATE, new CreateRequest(null, DATA, JUTE_ACL, 0)));
            assertMalformed(OpCode.DELETE, decode(OpCode.DELETE, new DeleteRequest(null, -1)));
        }

        @Test
        void aNegativeStringLengthOtherThanNullIsMalformed() throws Exception {
            byte[] frame = concat(frame(XID, OpCode.EXISTS.code), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 0});

            assertMalformed(OpCode.EXISTS, RequestCodec.decode(frame).request());
        }
    }

    // ---- helpers

    private static void assertCreate(Request request, OpCode op, String path, byte[] data, List<Acl> acl, int flags,
                                     long ttl) {
        Request.Create c = assertInstanceOf(Request.Create.class, request);
        assertEquals(op, c.op());
        assertEquals(path, c.path());
        assertArrayEquals(data, c.data());
        assertEquals(acl, c.acl());
        assertEquals(flags, c.flags());
        assertEquals(ttl, c.ttl());
    }

    private static void assertMalformed(OpCode op, Request request) {
        Request.Malformed m = assertInstanceOf(Request.Malformed.class, request);
        assertEquals(op, m.op());
    }

    private static RequestFrame decodeFrame(OpCode op, Record body) throws IOException {
        return RequestCodec.decode(frame(XID, op.code, body));
    }

    private static Request decode(OpCode op, Record... body) throws IOException {
        RequestFrame f = RequestCodec.decode(frame(XID, op.code, body));
        assertEquals(XID, f.xid());
        assertEquals(op.code, f.type());
        return f.request();
    }

    private static Request decodeRaw(OpCode op, byte[] body) throws IOException {
        return RequestCodec.decode(concat(frame(XID, op.code), body)).request();
    }

    /** A frame without its length prefix, as {@link FrameDecoder} hands it on. */
    private static byte[] frame(int xid, int type, Record... body) {
        return serialize(concatRecords(new RequestHeader(xid, type), body));
    }

    private static Record[] concatRecords(Record first, Record... rest) {
        Record[] all = new Record[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private record Op(int type, Record body) {
    }

    private static Op op(OpCode op, Record body) {
        return new Op(op.code, body);
    }

    private static Op op(int type, Record body) {
        return new Op(type, body);
    }

    /** A multi body as MultiOperationRecord writes it: (MultiHeader, op)*, then MultiHeader(-1, true, -1). */
    private static byte[] multi(Op... ops) {
        Record[] records = new Record[ops.length * 2 + 1];
        for (int i = 0; i < ops.length; i++) {
            records[2 * i] = new MultiHeader(ops[i].type(), false, -1);
            records[2 * i + 1] = ops[i].body();
        }
        records[records.length - 1] = new MultiHeader(-1, true, -1);
        return serialize(records);
    }

    private static byte[] serialize(Record... records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
            for (Record r : records) {
                r.serialize(archive, "r");
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
