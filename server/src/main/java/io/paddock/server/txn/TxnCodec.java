package io.paddock.server.txn;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.JuteWriter;
import io.paddock.protocol.OpCode;
import io.paddock.server.tree.EphemeralOwner;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.txn.CheckVersionTxn;
import org.apache.zookeeper.txn.CloseSessionTxn;
import org.apache.zookeeper.txn.CreateContainerTxn;
import org.apache.zookeeper.txn.CreateSessionTxn;
import org.apache.zookeeper.txn.CreateTTLTxn;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.DeleteTxn;
import org.apache.zookeeper.txn.ErrorTxn;
import org.apache.zookeeper.txn.MultiTxn;
import org.apache.zookeeper.txn.SetACLTxn;
import org.apache.zookeeper.txn.SetDataTxn;
import org.apache.zookeeper.txn.TxnHeader;

/**
 * The one translation between {@link TxnEntry} and ZooKeeper's txn encoding: a {@code TxnHeader}
 * followed by the txn record of the header's type, exactly as ZooKeeper writes them to its log and sends
 * them in PROPOSAL packets. Our log, ZooKeeper's log files and the quorum port all use it.
 */
public final class TxnCodec {

    private TxnCodec() {
    }

    /** Thrown when bytes do not hold a txn this codec knows. */
    public static final class MalformedTxnException extends IOException {
        public MalformedTxnException(String message) {
            super(message);
        }
    }

    public static byte[] encode(TxnEntry entry) {
        JuteWriter archive = new JuteWriter(128 + payloadBytes(entry.txn()));
        write(entry, archive);
        return archive.toByteArray();
    }

    /** Encodes through scratch, which the caller reuses from one entry to the next (the log's appends). */
    public static byte[] encode(TxnEntry entry, JuteWriter scratch) {
        scratch.reset();
        write(entry, scratch);
        return scratch.copyOfBytes();
    }

    private static void write(TxnEntry entry, JuteWriter archive) {
        try {
            new TxnHeader(entry.sessionId(), entry.cxid(), entry.zxid(), entry.timeMs(), type(entry.txn()))
                    .serialize(archive, "hdr");
            record(entry.txn(), entry.sessionId()).serialize(archive, "txn");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TxnEntry decode(byte[] bytes) throws MalformedTxnException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            BinaryInputArchive archive = new BinaryInputArchive(in, bytes.length, 0);
            TxnHeader header = new TxnHeader();
            header.deserialize(archive, "hdr");
            Txn txn = read(header.getType(), header.getClientId(), archive);
            return new TxnEntry(header.getZxid(), header.getTime(), header.getClientId(), header.getCxid(), txn);
        } catch (MalformedTxnException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedTxnException("malformed txn: " + e);
        }
    }

    /** The data a txn carries, to size the buffer once: 1 MB values are not copied while it grows. */
    private static int payloadBytes(Txn txn) {
        if (txn instanceof Txn.Create c && c.data() != null) {
            return c.data().length;
        } else if (txn instanceof Txn.SetData s && s.data() != null) {
            return s.data().length;
        } else if (txn instanceof Txn.Multi m) {
            int sum = 0;
            for (Txn sub : m.txns()) {
                sum += 64 + payloadBytes(sub);
            }
            return sum;
        }
        return 0;
    }

    static int type(Txn txn) {
        if (txn instanceof Txn.Create c) {
            return c.op().code;
        } else if (txn instanceof Txn.Delete) {
            return OpCode.DELETE.code;
        } else if (txn instanceof Txn.SetData) {
            return OpCode.SET_DATA.code;
        } else if (txn instanceof Txn.SetAcl) {
            return OpCode.SET_ACL.code;
        } else if (txn instanceof Txn.Check) {
            return OpCode.CHECK.code;
        } else if (txn instanceof Txn.Error) {
            return OpCode.ERROR.code;
        } else if (txn instanceof Txn.Multi) {
            return OpCode.MULTI.code;
        } else if (txn instanceof Txn.CreateSession) {
            return OpCode.CREATE_SESSION.code;
        } else if (txn instanceof Txn.CloseSession) {
            return OpCode.CLOSE_SESSION.code;
        }
        throw new IllegalArgumentException("no type for " + txn);
    }

    private static Record record(Txn txn, long sessionId) throws IOException {
        if (txn instanceof Txn.Create c) {
            List<ACL> acl = toJute(c.acl());
            long owner = c.ephemeralOwner();
            if (c.op() == OpCode.CREATE_CONTAINER) {
                return new CreateContainerTxn(c.path(), c.data(), acl, c.parentCversion());
            } else if (c.op() == OpCode.CREATE_TTL) {
                return new CreateTTLTxn(c.path(), c.data(), acl, c.parentCversion(), EphemeralOwner.ttlMs(owner));
            }
            return new CreateTxn(c.path(), c.data(), acl, EphemeralOwner.isSession(owner), c.parentCversion());
        } else if (txn instanceof Txn.Delete d) {
            return new DeleteTxn(d.path());
        } else if (txn instanceof Txn.SetData s) {
            return new SetDataTxn(s.path(), s.data(), s.version());
        } else if (txn instanceof Txn.SetAcl s) {
            return new SetACLTxn(s.path(), toJute(s.acl()), s.aversion());
        } else if (txn instanceof Txn.Check c) {
            return new CheckVersionTxn(c.path(), c.version());
        } else if (txn instanceof Txn.Error e) {
            return new ErrorTxn(e.err().code);
        } else if (txn instanceof Txn.CreateSession cs) {
            return new CreateSessionTxn(cs.timeoutMs());
        } else if (txn instanceof Txn.CloseSession cs) {
            return new CloseSessionTxn(cs.ephemeralPaths());
        } else if (txn instanceof Txn.Multi m) {
            List<org.apache.zookeeper.txn.Txn> subs = new ArrayList<>(m.txns().size());
            for (Txn sub : m.txns()) {
                JuteWriter bytes = new JuteWriter(64 + payloadBytes(sub));
                record(sub, sessionId).serialize(bytes, "txn");
                subs.add(new org.apache.zookeeper.txn.Txn(type(sub), bytes.toByteArray()));
            }
            return new MultiTxn(subs);
        }
        throw new IllegalArgumentException("no record for " + txn);
    }

    private static Txn read(int type, long sessionId, BinaryInputArchive archive) throws IOException {
        OpCode op = OpCode.of(type);
        if (op == null) {
            throw new MalformedTxnException("unknown txn type " + type);
        }
        switch (op) {
            case CREATE, CREATE2 -> {
                CreateTxn r = read(new CreateTxn(), archive);
                return new Txn.Create(op, r.getPath(), r.getData(), fromJute(r.getAcl()),
                        r.getEphemeral() ? sessionId : 0, r.getParentCVersion());
            }
            case CREATE_CONTAINER -> {
                CreateContainerTxn r = read(new CreateContainerTxn(), archive);
                return new Txn.Create(op, r.getPath(), r.getData(), fromJute(r.getAcl()), EphemeralOwner.CONTAINER,
                        r.getParentCVersion());
            }
            case CREATE_TTL -> {
                CreateTTLTxn r = read(new CreateTTLTxn(), archive);
                return new Txn.Create(op, r.getPath(), r.getData(), fromJute(r.getAcl()),
                        EphemeralOwner.ttl(r.getTtl()), r.getParentCVersion());
            }
            case DELETE, DELETE_CONTAINER -> {
                return new Txn.Delete(read(new DeleteTxn(), archive).getPath());
            }
            case SET_DATA -> {
                SetDataTxn r = read(new SetDataTxn(), archive);
                return new Txn.SetData(r.getPath(), r.getData(), r.getVersion());
            }
            case SET_ACL -> {
                SetACLTxn r = read(new SetACLTxn(), archive);
                return new Txn.SetAcl(r.getPath(), fromJute(r.getAcl()), r.getVersion());
            }
            case CHECK -> {
                CheckVersionTxn r = read(new CheckVersionTxn(), archive);
                return new Txn.Check(r.getPath(), r.getVersion());
            }
            case ERROR -> {
                return new Txn.Error(ErrorCode.of(read(new ErrorTxn(), archive).getErr()));
            }
            case CREATE_SESSION -> {
                return new Txn.CreateSession(sessionId, read(new CreateSessionTxn(), archive).getTimeOut());
            }
            case CLOSE_SESSION -> {
                CloseSessionTxn r = read(new CloseSessionTxn(), archive);
                return new Txn.CloseSession(r.getPaths2Delete() == null ? List.of() : List.copyOf(r.getPaths2Delete()));
            }
            case MULTI -> {
                MultiTxn r = read(new MultiTxn(), archive);
                List<Txn> subs = new ArrayList<>();
                for (org.apache.zookeeper.txn.Txn sub : r.getTxns()) {
                    byte[] data = sub.getData();
                    subs.add(read(sub.getType(), sessionId,
                            new BinaryInputArchive(new DataInputStream(new ByteArrayInputStream(data)), data.length, 0)));
                }
                return new Txn.Multi(List.copyOf(subs));
            }
            default -> throw new MalformedTxnException("not a txn type: " + op);
        }
    }

    private static <T extends Record> T read(T record, BinaryInputArchive archive) throws IOException {
        record.deserialize(archive, "txn");
        return record;
    }

    private static List<ACL> toJute(List<Acl> acl) {
        List<ACL> out = new ArrayList<>(acl.size());
        for (Acl a : acl) {
            out.add(new ACL(a.perms(), new Id(a.scheme(), a.id())));
        }
        return out;
    }

    private static List<Acl> fromJute(List<ACL> acl) {
        List<Acl> out = new ArrayList<>(acl == null ? 0 : acl.size());
        if (acl != null) {
            for (ACL a : acl) {
                out.add(new Acl(a.getPerms(), a.getId().getScheme(), a.getId().getId()));
            }
        }
        return List.copyOf(out);
    }
}
