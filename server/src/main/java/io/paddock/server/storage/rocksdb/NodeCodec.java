package io.paddock.server.storage.rocksdb;

import io.paddock.protocol.Acl;
import io.paddock.server.tree.NodeRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The value of a node in the snapshot family: stat fields, ACL, data. The key holds the path. */
final class NodeCodec {

    private NodeCodec() {
    }

    static byte[] encode(NodeRecord r) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + (r.data() == null ? 0 : r.data().length));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(r.czxid());
            out.writeLong(r.mzxid());
            out.writeLong(r.ctime());
            out.writeLong(r.mtime());
            out.writeInt(r.version());
            out.writeInt(r.cversion());
            out.writeInt(r.aversion());
            out.writeLong(r.ephemeralOwner());
            out.writeLong(r.pzxid());
            out.writeInt(r.acl().size());
            for (Acl a : r.acl()) {
                out.writeInt(a.perms());
                out.writeUTF(a.scheme());
                out.writeUTF(a.id());
            }
            if (r.data() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(r.data().length);
                out.write(r.data());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NodeRecord decode(String path, byte[] value) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
        long czxid = in.readLong();
        long mzxid = in.readLong();
        long ctime = in.readLong();
        long mtime = in.readLong();
        int version = in.readInt();
        int cversion = in.readInt();
        int aversion = in.readInt();
        long owner = in.readLong();
        long pzxid = in.readLong();
        int aclCount = in.readInt();
        if (aclCount < 0 || aclCount > value.length) {
            throw new IOException("bad ACL count " + aclCount);
        }
        List<Acl> acl = new ArrayList<>(aclCount);
        for (int i = 0; i < aclCount; i++) {
            acl.add(new Acl(in.readInt(), in.readUTF(), in.readUTF()));
        }
        int dataLength = in.readInt();
        if (dataLength < -1 || dataLength > in.available()) {
            throw new IOException("bad data length " + dataLength);
        }
        byte[] data = dataLength == -1 ? null : new byte[dataLength];
        if (data != null) {
            in.readFully(data);
        }
        return new NodeRecord(path, data, List.copyOf(acl), czxid, mzxid, ctime, mtime, version, cversion, aversion,
                owner, pzxid);
    }
}
