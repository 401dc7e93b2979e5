package io.paddock.server.storage.rocksdb;

import io.paddock.protocol.Acl;
import io.paddock.server.tree.NodeRecord;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The value of a node in the snapshot family: stat fields, ACL, data. The key holds the path. */
final class NodeCodec {

    private NodeCodec() {
    }

    /** Encoded straight into an array of the exact size: a save encodes every changed node of a second. */
    static byte[] encode(NodeRecord r) {
        int size = FIXED_BYTES + 4 + 4 + (r.data() == null ? 0 : r.data().length);
        for (Acl a : r.acl()) {
            size += 4 + 2 + modifiedUtf8Length(a.scheme()) + 2 + modifiedUtf8Length(a.id());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(r.czxid());
        out.putLong(r.mzxid());
        out.putLong(r.ctime());
        out.putLong(r.mtime());
        out.putInt(r.version());
        out.putInt(r.cversion());
        out.putInt(r.aversion());
        out.putLong(r.ephemeralOwner());
        out.putLong(r.pzxid());
        out.putInt(r.acl().size());
        for (Acl a : r.acl()) {
            out.putInt(a.perms());
            putModifiedUtf8(out, a.scheme());
            putModifiedUtf8(out, a.id());
        }
        if (r.data() == null) {
            out.putInt(-1);
        } else {
            out.putInt(r.data().length);
            out.put(r.data());
        }
        return out.array();
    }

    /** The bytes of s in DataOutput.writeUTF's modified UTF-8, which the decoder reads back with readUTF. */
    private static int modifiedUtf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 0x0001 && c <= 0x007f ? 1 : c <= 0x07ff ? 2 : 3;
        }
        if (length > 0xffff) {
            throw new IllegalArgumentException("ACL text of " + length + " bytes does not fit a node record");
        }
        return length;
    }

    /**
     * As DataOutput.writeUTF: a two-byte length, then NUL as two bytes and other chars as 1 to 3 bytes. The
     * length was checked when the buffer was sized; it is patched in after the bytes, not counted again.
     */
    private static void putModifiedUtf8(ByteBuffer out, String s) {
        int lengthAt = out.position();
        out.putShort((short) 0);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007f) {
                out.put((byte) c);
            } else if (c <= 0x07ff) {
                out.put((byte) (0xc0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3f)));
            } else {
                out.put((byte) (0xe0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3f)));
                out.put((byte) (0x80 | (c & 0x3f)));
            }
        }
        out.putShort(lengthAt, (short) (out.position() - lengthAt - 2));
    }

    /**
     * Decodes node values; one instance per recovery. Nearly every node of a tree carries one of a few ACLs,
     * so the ACL of the previous node is kept and reused when its bytes repeat: a million-node recovery then
     * allocates the data and little else, which keeps the collector from copying garbage it never needed.
     */
    static final class Decoder {
        private ByteBuffer lastAclBytes = ByteBuffer.allocate(0);
        private List<Acl> lastAcl = List.of();

        NodeRecord decode(String path, byte[] value) throws IOException {
            return decode(path, ByteBuffer.wrap(value));
        }

        /** Decodes the value between the buffer's position and limit (a direct buffer saves a copy). */
        NodeRecord decode(String path, ByteBuffer value) throws IOException {
            ByteBuffer in = value.slice();
            int length = in.remaining();
            if (length < FIXED_BYTES + 4) {
                throw new IOException("node value of " + length + " bytes is too short");
            }
            long czxid = in.getLong();
            long mzxid = in.getLong();
            long ctime = in.getLong();
            long mtime = in.getLong();
            int version = in.getInt();
            int cversion = in.getInt();
            int aversion = in.getInt();
            long owner = in.getLong();
            long pzxid = in.getLong();
            int aclStart = in.position();
            int aclEnd = skipAcl(in, length);
            ByteBuffer aclBytes = in.slice(aclStart, aclEnd - aclStart);
            List<Acl> acl;
            if (aclBytes.equals(lastAclBytes)) {
                acl = lastAcl;
            } else {
                byte[] copy = new byte[aclEnd - aclStart];
                aclBytes.get(copy);
                acl = readAcl(copy);
                lastAclBytes = ByteBuffer.wrap(copy);
                lastAcl = acl;
            }
            in.position(aclEnd);
            if (in.remaining() < 4) {
                throw new IOException("node value ends before its data length");
            }
            int dataLength = in.getInt();
            if (dataLength < -1 || dataLength > in.remaining()) {
                throw new IOException("bad data length " + dataLength);
            }
            byte[] data = null;
            if (dataLength >= 0) {
                data = new byte[dataLength];
                in.get(data);
            }
            return new NodeRecord(path, data, acl, czxid, mzxid, ctime, mtime, version, cversion, aversion, owner,
                    pzxid);
        }

        /** The end of the ACL that starts at the buffer's position: a count, then (perms, scheme, id) each. */
        private static int skipAcl(ByteBuffer in, int length) throws IOException {
            int count = in.getInt();
            if (count < 0 || count > length) {
                throw new IOException("bad ACL count " + count);
            }
            for (int i = 0; i < count; i++) {
                if (in.remaining() < 8) {
                    throw new IOException("ACL entry " + i + " is cut short");
                }
                in.getInt();
                for (int text = 0; text < 2; text++) {
                    if (in.remaining() < 2) {
                        throw new IOException("ACL entry " + i + " is cut short");
                    }
                    int utfLength = in.getShort() & 0xffff;
                    if (utfLength > in.remaining()) {
                        throw new IOException("ACL entry " + i + " is cut short");
                    }
                    in.position(in.position() + utfLength);
                }
            }
            return in.position();
        }

        private static List<Acl> readAcl(byte[] aclBytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(aclBytes));
            int count = in.readInt();
            List<Acl> acl = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                acl.add(new Acl(in.readInt(), in.readUTF(), in.readUTF()));
            }
            return List.copyOf(acl);
        }
    }

    /** czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, pzxid. */
    private static final int FIXED_BYTES = 4 * 8 + 3 * 4 + 2 * 8;
}
