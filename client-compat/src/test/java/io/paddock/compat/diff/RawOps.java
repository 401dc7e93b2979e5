package io.paddock.compat.diff;

import io.paddock.compat.diff.Specs.AclSpec;
import io.paddock.compat.diff.Specs.Data;
import org.apache.jute.Record;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.proto.AddWatchRequest;
import org.apache.zookeeper.proto.CheckVersionRequest;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetACLRequest;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetAllChildrenNumberRequest;
import org.apache.zookeeper.proto.GetAllChildrenNumberResponse;
import org.apache.zookeeper.proto.GetChildren2Request;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetChildrenRequest;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.GetEphemeralsRequest;
import org.apache.zookeeper.proto.GetEphemeralsResponse;
import org.apache.zookeeper.proto.ReconfigRequest;
import org.apache.zookeeper.proto.RemoveWatchesRequest;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetACLResponse;
import org.apache.zookeeper.proto.SetDataRequest;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SyncRequest;
import org.apache.zookeeper.proto.SyncResponse;

/**
 * Requests sent as records, past the Java client's own checks, so that the server's validation of paths, ACL
 * lists, create flags and TTLs is what the two sides are compared on. Raw reads never ask for a watch: the client
 * would not know about it and would drop its event.
 */
final class RawOps {

    private RawOps() {
    }

    /** The create family with any opcode, flags and TTL. */
    record RawCreate(int opCode, String path, Data data, AclSpec acl, int flags, long ttl) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            Record request = opCode == OpCode.createTTL
                    ? new CreateTTLRequest(path, data.bytes(), acl.acl(), flags, ttl)
                    : new CreateRequest(path, data.bytes(), acl.acl(), flags);
            if (opCode == OpCode.create) {
                CreateResponse response = new CreateResponse();
                ReplyHeader h = slot.zk().submit(opCode, request, response);
                return reply(h, () -> created(run, response.getPath()));
            }
            Create2Response response = new Create2Response();
            ReplyHeader h = slot.zk().submit(opCode, request, response);
            return reply(h, () -> created(run, response.getPath()) + " " + Render.stat(response.getStat()));
        }

        private static String created(SideRun run, String path) {
            run.created(path);
            return "-> " + Render.quotePath(path);
        }

        @Override
        public String toString() {
            return "raw " + opName(opCode) + " " + Render.quotePath(path) + " " + data + " " + acl + " flags=" + flags
                    + (opCode == OpCode.createTTL ? " ttl=" + ttl : "");
        }
    }

    /** Every path-taking request, with {@code arg} as version, watcher type or add-watch mode. */
    enum PathOpKind {
        DELETE, EXISTS, GET_DATA, SET_DATA, GET_CHILDREN, GET_CHILDREN2, GET_ACL, SET_ACL, SYNC,
        GET_ALL_CHILDREN_NUMBER, CHECK_WATCHES, REMOVE_WATCHES, ADD_WATCH, GET_EPHEMERALS
    }

    record RawPathOp(PathOpKind kind, String path, int arg) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            RawZooKeeper zk = slot.zk();
            switch (kind) {
                case DELETE: {
                    return reply(zk.submit(OpCode.delete, new DeleteRequest(path, arg), null), () -> "ok");
                }
                case EXISTS: {
                    ExistsResponse r = new ExistsResponse();
                    ReplyHeader h = zk.submit(OpCode.exists, new ExistsRequest(path, false), r);
                    return reply(h, () -> Render.stat(r.getStat()));
                }
                case GET_DATA: {
                    GetDataResponse r = new GetDataResponse();
                    ReplyHeader h = zk.submit(OpCode.getData, new GetDataRequest(path, false), r);
                    return reply(h, () -> Render.data(r.getData()) + " " + Render.stat(r.getStat()));
                }
                case SET_DATA: {
                    SetDataResponse r = new SetDataResponse();
                    ReplyHeader h = zk.submit(OpCode.setData, new SetDataRequest(path, Data.V1.bytes(), arg), r);
                    return reply(h, () -> Render.stat(r.getStat()));
                }
                case GET_CHILDREN: {
                    GetChildrenResponse r = new GetChildrenResponse();
                    ReplyHeader h = zk.submit(OpCode.getChildren, new GetChildrenRequest(path, false), r);
                    return reply(h, () -> Render.children(r.getChildren()));
                }
                case GET_CHILDREN2: {
                    GetChildren2Response r = new GetChildren2Response();
                    ReplyHeader h = zk.submit(OpCode.getChildren2, new GetChildren2Request(path, false), r);
                    return reply(h, () -> Render.children(r.getChildren()) + " " + Render.stat(r.getStat()));
                }
                case GET_ACL: {
                    GetACLResponse r = new GetACLResponse();
                    ReplyHeader h = zk.submit(OpCode.getACL, new GetACLRequest(path), r);
                    return reply(h, () -> Render.acl(r.getAcl()) + " " + Render.stat(r.getStat()));
                }
                case SET_ACL: {
                    SetACLResponse r = new SetACLResponse();
                    ReplyHeader h = zk.submit(OpCode.setACL, new SetACLRequest(path, AclSpec.OPEN.acl(), arg), r);
                    return reply(h, () -> Render.stat(r.getStat()));
                }
                case SYNC: {
                    SyncResponse r = new SyncResponse();
                    ReplyHeader h = zk.submit(OpCode.sync, new SyncRequest(path), r);
                    return reply(h, () -> "-> " + Render.quotePath(r.getPath()));
                }
                case GET_ALL_CHILDREN_NUMBER: {
                    GetAllChildrenNumberResponse r = new GetAllChildrenNumberResponse();
                    ReplyHeader h = zk.submit(OpCode.getAllChildrenNumber, new GetAllChildrenNumberRequest(path), r);
                    return reply(h, () -> Integer.toString(r.getTotalNumber()));
                }
                case CHECK_WATCHES: {
                    ReplyHeader h = zk.submit(OpCode.checkWatches, new CheckWatchesRequest(path, arg), null);
                    return reply(h, () -> "ok");
                }
                case REMOVE_WATCHES: {
                    ReplyHeader h = zk.submit(OpCode.removeWatches, new RemoveWatchesRequest(path, arg), null);
                    return reply(h, () -> "ok");
                }
                case ADD_WATCH: {
                    ReplyHeader h = zk.submit(OpCode.addWatch, new AddWatchRequest(path, arg), null);
                    return reply(h, () -> "ok");
                }
                case GET_EPHEMERALS: {
                    GetEphemeralsResponse r = new GetEphemeralsResponse();
                    ReplyHeader h = zk.submit(OpCode.getEphemerals, new GetEphemeralsRequest(path), r);
                    return reply(h, () -> Render.children(r.getEphemerals()));
                }
                default:
                    throw new AssertionError(kind);
            }
        }

        @Override
        public String toString() {
            String argName = switch (kind) {
                case DELETE, SET_DATA, SET_ACL -> " v=" + arg;
                case CHECK_WATCHES, REMOVE_WATCHES -> " type=" + arg;
                case ADD_WATCH -> " mode=" + arg;
                default -> "";
            };
            return "raw " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + Render.quotePath(path) + argName;
        }
    }

    /**
     * Requests a standalone server refuses as a whole: a standalone check (opcode 13, valid only inside multi),
     * reconfig without reconfigEnabled, an unknown opcode. ZooKeeper answers some of these by closing the
     * connection, after which the client reconnects; hence slow.
     */
    record RawOddOpcode(int opCode) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            Record request = switch (opCode) {
                case OpCode.check -> new CheckVersionRequest("/", -1);
                case OpCode.reconfig -> new ReconfigRequest(null, null, "server.1=127.0.0.1:2888:3888", -1);
                default -> new SyncRequest("/");
            };
            ReplyHeader h = slot.zk().submit(opCode, request, null);
            String out = reply(h, () -> "ok");
            return out + slot.awaitPossibleReconnect();
        }

        @Override
        public boolean slow() {
            return true;
        }

        @Override
        public String toString() {
            return "raw opcode " + opName(opCode);
        }
    }

    interface Success {
        String render() throws Exception;
    }

    static String reply(ReplyHeader h, Success ok) throws Exception {
        if (h.getErr() != 0) {
            return "ERR " + Render.code(h.getErr());
        }
        return ok.render();
    }

    static String opName(int opCode) {
        return switch (opCode) {
            case OpCode.create -> "create";
            case OpCode.create2 -> "create2";
            case OpCode.createContainer -> "createContainer";
            case OpCode.createTTL -> "createTTL";
            case OpCode.check -> "check";
            case OpCode.reconfig -> "reconfig";
            default -> Integer.toString(opCode);
        };
    }
}
