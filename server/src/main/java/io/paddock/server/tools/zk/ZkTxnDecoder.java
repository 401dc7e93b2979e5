package io.paddock.server.tools.zk;

import io.paddock.protocol.Acl;
import io.paddock.protocol.OpCode;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.txn.CreateTxnV0;
import org.apache.zookeeper.txn.TxnHeader;

/**
 * Turns the bytes of a ZooKeeper log record into a {@link TxnEntry}. {@link TxnCodec} reads today's
 * encoding and ignores the {@code TxnDigest} that 3.6+ appends after the txn; this class adds the older or
 * rarer forms ZooKeeper's {@code SerializeUtils.deserializeTxn} still accepts: a {@code reconfig} (a
 * setData of /zookeeper/config), a pre-3.6 {@code closeSession} without a body (its ephemerals are then
 * found in the tree), and a pre-3.3 create without the parent's cversion (-1: "one more than now").
 */
public final class ZkTxnDecoder {
    /** Where the type sits in a TxnHeader: after clientId (8), cxid (4), zxid (8) and time (8). */
    private static final int TYPE_OFFSET = 28;

    private ZkTxnDecoder() {
    }

    public static TxnEntry decode(byte[] bytes) throws TxnCodec.MalformedTxnException {
        TxnHeader header = header(bytes);
        int type = header.getType();
        if (type == OpCode.RECONFIG.code) {
            return TxnCodec.decode(withType(bytes, OpCode.SET_DATA.code));
        }
        try {
            return TxnCodec.decode(bytes);
        } catch (TxnCodec.MalformedTxnException e) {
            if (type == OpCode.CLOSE_SESSION.code && bytes.length == TYPE_OFFSET + 4) {
                return entry(header, new Txn.CloseSession(List.of()));
            }
            if (type == OpCode.CREATE.code) {
                return createV0(header, bytes, e);
            }
            throw e;
        }
    }

    private static TxnHeader header(byte[] bytes) throws TxnCodec.MalformedTxnException {
        try {
            TxnHeader header = new TxnHeader();
            header.deserialize(archive(bytes), "hdr");
            return header;
        } catch (IOException e) {
            throw new TxnCodec.MalformedTxnException("malformed txn header: " + e);
        }
    }

    private static byte[] withType(byte[] bytes, int type) {
        byte[] copy = bytes.clone();
        copy[TYPE_OFFSET] = (byte) (type >>> 24);
        copy[TYPE_OFFSET + 1] = (byte) (type >>> 16);
        copy[TYPE_OFFSET + 2] = (byte) (type >>> 8);
        copy[TYPE_OFFSET + 3] = (byte) type;
        return copy;
    }

    private static TxnEntry createV0(TxnHeader header, byte[] bytes, TxnCodec.MalformedTxnException cause)
            throws TxnCodec.MalformedTxnException {
        try {
            BinaryInputArchive archive = archive(bytes);
            new TxnHeader().deserialize(archive, "hdr");
            CreateTxnV0 v0 = new CreateTxnV0();
            v0.deserialize(archive, "txn");
            List<Acl> acl = new ArrayList<>();
            if (v0.getAcl() != null) {
                for (ACL a : v0.getAcl()) {
                    acl.add(new Acl(a.getPerms(), a.getId().getScheme(), a.getId().getId()));
                }
            }
            long owner = v0.getEphemeral() ? header.getClientId() : 0;
            return entry(header, new Txn.Create(OpCode.CREATE, v0.getPath(), v0.getData(), List.copyOf(acl), owner, -1));
        } catch (IOException | RuntimeException e) {
            throw cause;
        }
    }

    private static TxnEntry entry(TxnHeader header, Txn txn) {
        return new TxnEntry(header.getZxid(), header.getTime(), header.getClientId(), header.getCxid(), txn);
    }

    private static BinaryInputArchive archive(byte[] bytes) {
        return new BinaryInputArchive(new DataInputStream(new ByteArrayInputStream(bytes)), bytes.length, 0);
    }
}
