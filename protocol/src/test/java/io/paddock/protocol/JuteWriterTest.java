package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.OutputArchive;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.SetACLRequest;
import org.junit.jupiter.api.Test;

/** Our writer must produce exactly the bytes of jute's own archive, for every record and string. */
class JuteWriterTest {

    private interface Writes {
        void to(OutputArchive archive) throws IOException;
    }

    private static void assertSameBytes(Writes writes) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        writes.to(BinaryOutputArchive.getArchive(expected));
        JuteWriter ours = new JuteWriter(1);
        writes.to(ours);
        assertArrayEquals(expected.toByteArray(), ours.toByteArray());
    }

    @Provide
    Arbitrary<String> anyText() {
        // Every UTF-16 unit, lone surrogates included: jute encodes unit by unit, and so must we.
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(600).injectNull(0.05);
    }

    @Property(tries = 500)
    void stringsAndPrimitives(@ForAll("anyText") String text, @ForAll int i, @ForAll long l, @ForAll boolean b,
                              @ForAll byte[] buffer) throws IOException {
        assertSameBytes(a -> {
            a.writeString(text, "s");
            a.writeInt(i, "i");
            a.writeLong(l, "l");
            a.writeBool(b, "b");
            a.writeByte((byte) i, "y");
            a.writeFloat(Float.intBitsToFloat(i), "f");
            a.writeDouble(Double.longBitsToDouble(l), "d");
            a.writeBuffer(buffer, "buf");
            a.writeBuffer(null, "nobuf");
        });
    }

    @Property(tries = 200)
    void records(@ForAll("anyText") String name, @ForAll byte[] data, @ForAll int version, @ForAll long zxid) throws IOException {
        Stat stat = new Stat(zxid, zxid + 1, 3, 4, version, version + 1, -1, 0, data.length, 2, zxid);
        List<String> children = new ArrayList<>();
        children.add(name);
        children.add("b");
        List<ACL> acl = List.of(new ACL(31, new Id("world", "anyone")), new ACL(1, new Id("digest", name)));
        assertSameBytes(a -> {
            new GetDataResponse(data, stat).serialize(a, "r");
            new GetChildren2Response(children, stat).serialize(a, "r");
            new GetChildren2Response(null, stat).serialize(a, "r");
            new SetACLRequest("/p", new ArrayList<>(acl), version).serialize(a, "r");
        });
    }

    @Test
    void aLengthPrefixIsPatchedInPlace() {
        JuteWriter w = new JuteWriter(8);
        w.writeInt(-1, "len");
        w.writeLong(7, "x");
        w.patchInt(0, w.size() - 4);
        assertArrayEquals(new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7}, w.toByteArray());
        assertThrows(IndexOutOfBoundsException.class, () -> w.patchInt(10, 1));
    }
}
