package io.paddock.server.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paddock.protocol.Acl;
import io.paddock.server.tree.NodeRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCodecTest {
    private static final List<Acl> OPEN = List.of(Acl.WORLD_ALL);
    private static final List<Acl> MIXED = List.of(new Acl(1, "digest", "bob:x/ÿ€"), new Acl(31, "ip", "10.0.0.0/8"));

    private static NodeRecord node(String path, byte[] data, List<Acl> acl) {
        return new NodeRecord(path, data, acl, 1, 2, 3, 4, 5, 6, -1, 0x0100000000000002L, 9);
    }

    private static void assertSame(NodeRecord want, NodeRecord got) {
        assertEquals(want.path(), got.path());
        assertArrayEquals(want.data(), got.data());
        assertEquals(want.acl(), got.acl());
        assertEquals(List.of(want.czxid(), want.mzxid(), want.ctime(), want.mtime(), want.ephemeralOwner(),
                        want.pzxid()),
                List.of(got.czxid(), got.mzxid(), got.ctime(), got.mtime(), got.ephemeralOwner(), got.pzxid()));
        assertEquals(List.of(want.version(), want.cversion(), want.aversion()),
                List.of(got.version(), got.cversion(), got.aversion()));
    }

    @Test
    void nodesRoundTripWhateverTheAclsBeforeThem() throws IOException {
        NodeCodec.Decoder decoder = new NodeCodec.Decoder();
        List<NodeRecord> nodes = List.of(node("/a", "v".getBytes(), OPEN), node("/b", null, MIXED),
                node("/c", new byte[0], MIXED), node("/d", new byte[300], OPEN), node("/e", new byte[1], List.of()));
        for (NodeRecord n : nodes) {
            NodeRecord decoded = decoder.decode(n.path(), NodeCodec.encode(n));
            assertSame(n, decoded);
        }
        assertNull(decoder.decode("/b", NodeCodec.encode(nodes.get(1))).data());
    }

    @Test
    void aValueCutAnywhereIsAnError() {
        byte[] whole = NodeCodec.encode(node("/a", "data".getBytes(), MIXED));
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThrows(IOException.class, () -> new NodeCodec.Decoder().decode("/a", cut), "cut at " + length);
        }
    }

    /** Stores written before the encoder wrote into a ByteBuffer used DataOutputStream: same bytes. */
    @Test
    void theEncodingIsTheDataOutputStreamOneOfEarlierBuilds() throws IOException {
        List<Acl> odd = List.of(new Acl(3, "x\u0000y", "\ud83d\ude00\u07ff\u0800"), new Acl(31, "world", "anyone"));
        for (NodeRecord n : List.of(node("/a", "v".getBytes(), OPEN), node("/b", null, MIXED),
                node("/c", new byte[70], odd))) {
            assertArrayEquals(dataOutputEncoding(n), NodeCodec.encode(n), n.path());
        }
    }

    private static byte[] dataOutputEncoding(NodeRecord r) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
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
        out.writeInt(r.data() == null ? -1 : r.data().length);
        if (r.data() != null) {
            out.write(r.data());
        }
        return bytes.toByteArray();
    }
}
