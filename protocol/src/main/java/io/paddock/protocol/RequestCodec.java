package io.paddock.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.proto.AddWatchRequest;
import org.apache.zookeeper.proto.AuthPacket;
import org.apache.zookeeper.proto.CheckVersionRequest;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.GetACLRequest;
import org.apache.zookeeper.proto.GetAllChildrenNumberRequest;
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

/**
 * Decodes client frames (without their length prefix) into {@link RequestFrame}s and connect requests.
 * A body that does not decode becomes {@link Request.Malformed}: ZooKeeper answers it with
 * MarshallingError and keeps serving the connection. Only a frame too short for its header is refused.
 */
public final class RequestCodec {

    private RequestCodec() {
    }

    /** Thrown when a frame cannot even carry a request header; the connection is closed. */
    public static final class BadFrameException extends IOException {
        public BadFrameException(String message) {
            super(message);
        }
    }

    public static ConnectRequest decodeConnect(byte[] frame) throws BadFrameException {
        // protocolVersion(4) lastZxidSeen(8) timeOut(4) sessionId(8) passwd(4+n) [readOnly(1)]
        try {
            FrameInput in = new FrameInput(frame);
            BinaryInputArchive archive = archive(in, frame.length);
            int protocolVersion = archive.readInt("protocolVersion");
            long lastZxidSeen = archive.readLong("lastZxidSeen");
            int timeOut = archive.readInt("timeOut");
            long sessionId = archive.readLong("sessionId");
            byte[] passwd = archive.readBuffer("passwd");
            boolean hasReadOnly = in.remaining() > 0;
            boolean readOnly = hasReadOnly && archive.readBool("readOnly");
            return new ConnectRequest(protocolVersion, lastZxidSeen, timeOut, sessionId,
                    passwd == null ? new byte[0] : passwd, readOnly, hasReadOnly);
        } catch (IOException e) {
            throw new BadFrameException("malformed connect request: " + e.getMessage());
        }
    }

    public static RequestFrame decode(byte[] frame) throws BadFrameException {
        if (frame.length < 8) {
            throw new BadFrameException("frame of " + frame.length + " bytes is shorter than a request header");
        }
        BinaryInputArchive archive = archive(new FrameInput(frame), frame.length);
        RequestHeader header = new RequestHeader();
        try {
            header.deserialize(archive, "header");
        } catch (IOException e) {
            throw new BadFrameException("malformed request header");
        }
        OpCode op = OpCode.of(header.getType());
        if (op == null || op == OpCode.CHECK) {
            // ZooKeeper 3.9 takes check only inside a multi; alone it is Unimplemented (Request.isValid).
            return new RequestFrame(header.getXid(), header.getType(), new Request.Unknown(header.getType()));
        }
        Request request;
        try {
            request = decodeBody(op, archive);
        } catch (IOException | RuntimeException e) {
            request = new Request.Malformed(op, String.valueOf(e.getMessage()));
        }
        return new RequestFrame(header.getXid(), header.getType(), request);
    }

    private static BinaryInputArchive archive(FrameInput in, int frameLength) {
        // The frame is already bounded by jute.maxbuffer; no length inside it can exceed the frame.
        return new BinaryInputArchive(in, Math.max(frameLength, 1), 0);
    }

    private static <T extends Record> T read(T record, BinaryInputArchive archive) throws IOException {
        record.deserialize(archive, "request");
        return record;
    }

    private static String path(String path) throws IOException {
        if (path == null) {
            throw new IOException("null path");
        }
        return path;
    }

    private static Request decodeBody(OpCode op, BinaryInputArchive archive) throws IOException {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL -> readCreate(op, archive);
            case DELETE -> {
                DeleteRequest r = read(new DeleteRequest(), archive);
                yield new Request.Delete(op, path(r.getPath()), r.getVersion());
            }
            case DELETE_CONTAINER -> new Request.Delete(op, path(archive.readString("path")), -1);
            case SET_DATA -> {
                SetDataRequest r = read(new SetDataRequest(), archive);
                yield new Request.SetData(path(r.getPath()), r.getData(), r.getVersion());
            }
            case CHECK -> {
                CheckVersionRequest r = read(new CheckVersionRequest(), archive);
                yield new Request.Check(path(r.getPath()), r.getVersion());
            }
            case EXISTS -> {
                ExistsRequest r = read(new ExistsRequest(), archive);
                yield new Request.Exists(path(r.getPath()), r.getWatch());
            }
            case GET_DATA -> {
                GetDataRequest r = read(new GetDataRequest(), archive);
                yield new Request.GetData(path(r.getPath()), r.getWatch());
            }
            case GET_ACL -> new Request.GetAcl(path(read(new GetACLRequest(), archive).getPath()));
            case SET_ACL -> {
                SetACLRequest r = read(new SetACLRequest(), archive);
                yield new Request.SetAcl(path(r.getPath()), acls(r.getAcl()), r.getVersion());
            }
            case GET_CHILDREN, GET_CHILDREN2 -> {
                // GetChildren2Request has the same layout as GetChildrenRequest.
                GetChildrenRequest r = read(new GetChildrenRequest(), archive);
                yield new Request.GetChildren(op, path(r.getPath()), r.getWatch());
            }
            case GET_ALL_CHILDREN_NUMBER ->
                    new Request.GetAllChildrenNumber(path(read(new GetAllChildrenNumberRequest(), archive).getPath()));
            case GET_EPHEMERALS -> new Request.GetEphemerals(read(new GetEphemeralsRequest(), archive).getPrefixPath());
            case SYNC -> new Request.Sync(read(new SyncRequest(), archive).getPath());
            case PING -> new Request.Ping();
            case MULTI -> new Request.Multi(decodeOps(archive, false));
            case MULTI_READ -> new Request.MultiRead(decodeOps(archive, true));
            case RECONFIG -> {
                ReconfigRequest r = read(new ReconfigRequest(), archive);
                yield new Request.Reconfig(r.getJoiningServers(), r.getLeavingServers(), r.getNewMembers(),
                        r.getCurConfigId());
            }
            case CHECK_WATCHES -> {
                CheckWatchesRequest r = read(new CheckWatchesRequest(), archive);
                yield new Request.WatchQuery(op, path(r.getPath()), r.getType());
            }
            case REMOVE_WATCHES -> {
                RemoveWatchesRequest r = read(new RemoveWatchesRequest(), archive);
                yield new Request.WatchQuery(op, path(r.getPath()), r.getType());
            }
            case ADD_WATCH -> {
                AddWatchRequest r = read(new AddWatchRequest(), archive);
                yield new Request.AddWatch(path(r.getPath()), r.getMode());
            }
            case SET_WATCHES -> {
                SetWatches r = read(new SetWatches(), archive);
                yield new Request.SetWatches(op, r.getRelativeZxid(), list(r.getDataWatches()),
                        list(r.getExistWatches()), list(r.getChildWatches()), List.of(), List.of());
            }
            case SET_WATCHES2 -> {
                SetWatches2 r = read(new SetWatches2(), archive);
                yield new Request.SetWatches(op, r.getRelativeZxid(), list(r.getDataWatches()),
                        list(r.getExistWatches()), list(r.getChildWatches()), list(r.getPersistentWatches()),
                        list(r.getPersistentRecursiveWatches()));
            }
            case AUTH -> {
                AuthPacket r = read(new AuthPacket(), archive);
                yield new Request.Auth(r.getType(), r.getScheme(), r.getAuth() == null ? new byte[0] : r.getAuth());
            }
            case SASL -> new Request.Sasl(read(new GetSASLRequest(), archive).getToken());
            case WHO_AM_I -> new Request.WhoAmI();
            case CLOSE_SESSION -> new Request.CloseSession();
            case NOTIFICATION, CREATE_SESSION, ERROR -> new Request.Unknown(op.code);
        };
    }

    /** The ops of a multi or multiRead, each preceded by a MultiHeader, ended by one with done set. */
    private static List<Request> decodeOps(BinaryInputArchive archive, boolean reads) throws IOException {
        List<Request> ops = new ArrayList<>();
        MultiHeader header = read(new MultiHeader(), archive);
        while (!header.getDone()) {
            OpCode op = OpCode.of(header.getType());
            if (op == null) {
                throw new IOException("Invalid type of op");
            }
            Request request = switch (op) {
                case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, CHECK -> {
                    if (reads) {
                        throw new IOException("Mixing different kind of ops");
                    }
                    Request r = decodeBody(op, archive);
                    if (r instanceof Request.Create c && CreateMode.of(c.flags()) == null) {
                        throw new IOException("invalid flag " + c.flags() + " for create mode");
                    }
                    yield r;
                }
                case GET_CHILDREN, GET_DATA -> {
                    if (!reads) {
                        throw new IOException("Mixing different kind of ops");
                    }
                    yield decodeBody(op, archive);
                }
                default -> throw new IOException("Invalid type of op");
            };
            ops.add(request);
            if (ops.size() > Limits.MULTI_OPS_MAX) {
                throw new IOException("more than " + Limits.MULTI_OPS_MAX + " ops in one multi");
            }
            header = read(new MultiHeader(), archive);
        }
        return List.copyOf(ops);
    }

    /**
     * CreateRequest, or CreateTTLRequest with its ttl after the flags, read field by field with the archive
     * calls jute's generated classes make, in their order, so errors are the same: the records and their ACL
     * list were the most allocated objects of a create load.
     */
    private static Request readCreate(OpCode op, BinaryInputArchive archive) throws IOException {
        String path = archive.readString("path");
        byte[] data = archive.readBuffer("data");
        List<Acl> acl = List.of();
        int count = archive.readInt("acl");
        if (count != -1) {
            // jute's vector index: a negative count other than -1 is an empty vector.
            acl = new ArrayList<>(Math.max(0, Math.min(count, ACL_COUNT_HINT_MAX)));
            for (int i = 0; i < count; i++) {
                int perms = archive.readInt("perms");
                String scheme = archive.readString("scheme");
                String id = archive.readString("id");
                acl.add(new Acl(perms, scheme, id));
            }
        }
        int flags = archive.readInt("flags");
        long ttl = op == OpCode.CREATE_TTL ? archive.readLong("ttl") : -1;
        return new Request.Create(op, path(path), data, acl, flags, ttl);
    }

    /** A count read from the wire sizes a list no further: a lying count fails at the end of the frame. */
    private static final int ACL_COUNT_HINT_MAX = 16;

    private static List<Acl> acls(List<ACL> acl) {
        if (acl == null) {
            return List.of();
        }
        List<Acl> out = new ArrayList<>(acl.size());
        for (ACL a : acl) {
            if (a == null || a.getId() == null) {
                out.add(new Acl(a == null ? 0 : a.getPerms(), null, null));
            } else {
                out.add(new Acl(a.getPerms(), a.getId().getScheme(), a.getId().getId()));
            }
        }
        return out;
    }

    private static List<String> list(List<String> strings) {
        return strings == null ? List.of() : strings;
    }
}
