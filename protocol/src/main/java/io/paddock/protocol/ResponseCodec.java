package io.paddock.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.OutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.ErrorResponse;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetAllChildrenNumberResponse;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.GetEphemeralsResponse;
import org.apache.zookeeper.proto.MultiHeader;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SyncResponse;
import org.apache.zookeeper.proto.WatcherEvent;
import org.apache.zookeeper.proto.WhoAmIResponse;

/** Encodes replies, watch events and connect responses as length-prefixed frames, as ZooKeeper does. */
public final class ResponseCodec {

    private ResponseCodec() {
    }

    public static byte[] encodeReply(int xid, long zxid, ErrorCode err, Response body) {
        return frame(sizeHint(body), archive -> {
            new ReplyHeader(xid, zxid, err.code).serialize(archive, "header");
            if (err == ErrorCode.OK && body != null) {
                writeBody(archive, body);
            }
        });
    }

    public static byte[] encodeEvent(long zxid, WatchEvent event) {
        return frame(64, archive -> {
            new ReplyHeader(Xids.NOTIFICATION, zxid, 0).serialize(archive, "header");
            new WatcherEvent(event.type().code, event.state(), event.path()).serialize(archive, "response");
        });
    }

    public static byte[] encodeConnect(ConnectResponse r) {
        return frame(64, archive -> {
            archive.writeInt(r.protocolVersion(), "protocolVersion");
            archive.writeInt(r.timeOutMs(), "timeOut");
            archive.writeLong(r.sessionId(), "sessionId");
            archive.writeBuffer(r.passwd(), "passwd");
            if (r.withReadOnlyFlag()) {
                archive.writeBool(r.readOnly(), "readOnly");
            }
        });
    }

    private interface Writer {
        void write(OutputArchive archive) throws IOException;
    }

    /** Enough room for the usual reply, so that large data is not copied while the buffer grows. */
    private static int sizeHint(Response body) {
        if (body instanceof Response.Data d && d.data() != null) {
            return 128 + d.data().length;
        }
        return 128;
    }

    private static byte[] frame(int sizeHint, Writer writer) {
        try {
            JuteWriter archive = new JuteWriter(sizeHint);
            archive.writeInt(-1, "len");
            writer.write(archive);
            archive.patchInt(0, archive.size() - 4);
            return archive.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBody(OutputArchive archive, Response body) throws IOException {
        if (body instanceof Response.MultiResults m) {
            writeMulti(archive, m.results());
            return;
        }
        Record record = record(body);
        if (record != null) {
            record.serialize(archive, "response");
        }
    }

    private static Record record(Response body) {
        if (body instanceof Response.Created c) {
            return new CreateResponse(c.path());
        } else if (body instanceof Response.Created2 c) {
            return new Create2Response(c.path(), stat(c.stat()));
        } else if (body instanceof Response.StatOnly s) {
            return new SetDataResponse(s.stat() == null ? null : stat(s.stat()));
        } else if (body instanceof Response.Data d) {
            return new GetDataResponse(d.data(), stat(d.stat()));
        } else if (body instanceof Response.Children c) {
            return new GetChildrenResponse(c.children());
        } else if (body instanceof Response.Children2 c) {
            return new GetChildren2Response(c.children(), stat(c.stat()));
        } else if (body instanceof Response.Acls a) {
            return new GetACLResponse(acls(a.acl()), stat(a.stat()));
        } else if (body instanceof Response.SyncDone s) {
            return new SyncResponse(s.path());
        } else if (body instanceof Response.ChildCount c) {
            return new GetAllChildrenNumberResponse(c.totalNumber());
        } else if (body instanceof Response.Ephemerals e) {
            return new GetEphemeralsResponse(e.paths());
        } else if (body instanceof Response.ErrorBody e) {
            return new ErrorResponse(e.err());
        } else if (body instanceof Response.WhoAmI w) {
            return new WhoAmIResponse(clientInfos(w.clientInfo()));
        } else if (body instanceof Response.Empty) {
            return null;
        }
        throw new IllegalArgumentException("no encoding for " + body);
    }

    private static void writeMulti(OutputArchive archive, List<Response.OpResult> results)
            throws IOException {
        for (Response.OpResult result : results) {
            if (result instanceof Response.OpResult.Create c) {
                header(archive, OpCode.CREATE, 0);
                new CreateResponse(c.path()).serialize(archive, "multi");
            } else if (result instanceof Response.OpResult.Create2 c) {
                header(archive, OpCode.CREATE2, 0);
                new Create2Response(c.path(), stat(c.stat())).serialize(archive, "multi");
            } else if (result instanceof Response.OpResult.Delete) {
                header(archive, OpCode.DELETE, 0);
            } else if (result instanceof Response.OpResult.Check) {
                header(archive, OpCode.CHECK, 0);
            } else if (result instanceof Response.OpResult.SetData s) {
                header(archive, OpCode.SET_DATA, 0);
                new SetDataResponse(stat(s.stat())).serialize(archive, "multi");
            } else if (result instanceof Response.OpResult.GetData g) {
                header(archive, OpCode.GET_DATA, 0);
                new GetDataResponse(g.data(), stat(g.stat())).serialize(archive, "multi");
            } else if (result instanceof Response.OpResult.GetChildren g) {
                header(archive, OpCode.GET_CHILDREN, 0);
                new GetChildrenResponse(g.children()).serialize(archive, "multi");
            } else if (result instanceof Response.OpResult.Error e) {
                header(archive, OpCode.ERROR, e.err().code);
                new ErrorResponse(e.err().code).serialize(archive, "multi");
            }
        }
        new MultiHeader(-1, true, -1).serialize(archive, "multi");
    }

    private static void header(OutputArchive archive, OpCode type, int err) throws IOException {
        new MultiHeader(type.code, false, err).serialize(archive, "multi");
    }

    public static Stat stat(NodeStat s) {
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(), s.aversion(),
                s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    private static List<ACL> acls(List<Acl> acl) {
        List<ACL> out = new ArrayList<>(acl.size());
        for (Acl a : acl) {
            out.add(new ACL(a.perms(), new Id(a.scheme(), a.id())));
        }
        return out;
    }

    private static List<ClientInfo> clientInfos(List<Response.ClientInfo> infos) {
        List<ClientInfo> out = new ArrayList<>(infos.size());
        for (Response.ClientInfo i : infos) {
            out.add(new ClientInfo(i.authScheme(), i.user()));
        }
        return out;
    }
}
