package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.RequestHeader;
import org.junit.jupiter.api.Test;

/**
 * RequestCodec reads creates field by field instead of through jute's CreateRequest; this holds it to what
 * jute's generated classes read from the same bytes, whole, cut short anywhere, or with odd ACL counts.
 */
class CreateDecodeTest {

    @Test
    void readsWhatJutesRecordsReadWholeOrCut() throws IOException {
        Random random = new Random(5);
        for (int round = 0; round < 300; round++) {
            boolean ttl = random.nextInt(4) == 0;
            OpCode op = ttl ? OpCode.CREATE_TTL
                    : List.of(OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER).get(random.nextInt(3));
            List<ACL> acl = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                acl.add(new ACL(random.nextInt(32), new Id(random.nextBoolean() ? "world" : "digest:é",
                        random.nextInt(5) == 0 ? null : "id" + random.nextInt(1000))));
            }
            String path = random.nextInt(10) == 0 ? null : "/p" + random.nextInt(100);
            byte[] data = random.nextInt(10) == 0 ? null : new byte[random.nextInt(20)];
            Record body = ttl ? new CreateTTLRequest(path, data, acl, random.nextInt(8), random.nextLong())
                    : new CreateRequest(path, data, acl, random.nextInt(8));
            byte[] frame = frame(op, body);
            for (int length : List.of(frame.length, 8 + random.nextInt(frame.length - 7))) {
                byte[] cut = Arrays.copyOf(frame, length);
                assertSameAsJute(op, cut, ttl);
            }
        }
    }

    @Test
    void aclCountsOfMinusOneOrBelowAreNoAcl() throws IOException {
        for (int count : List.of(-1, -7)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryOutputArchive out = BinaryOutputArchive.getArchive(bytes);
            new RequestHeader(1, OpCode.CREATE.code).serialize(out, "header");
            out.writeString("/a", "path");
            out.writeBuffer(new byte[] {1}, "data");
            out.writeInt(count, "acl");
            out.writeInt(0, "flags");
            assertSameAsJute(OpCode.CREATE, bytes.toByteArray(), false);
        }
    }

    private static void assertSameAsJute(OpCode op, byte[] frame, boolean ttl) throws IOException {
        Request got = RequestCodec.decode(frame).request();
        Request want = jute(op, frame, ttl);
        assertEquals(want.getClass(), got.getClass(), "frame of " + frame.length + " bytes");
        if (want instanceof Request.Create w) {
            Request.Create g = assertInstanceOf(Request.Create.class, got);
            assertEquals(w.op(), g.op());
            assertEquals(w.path(), g.path());
            assertArrayEquals(w.data(), g.data());
            assertEquals(w.acl(), g.acl());
            assertEquals(w.flags(), g.flags());
            assertEquals(w.ttl(), g.ttl());
        }
    }

    /** What the codec answered before: jute's records, then the same mapping. */
    private static Request jute(OpCode op, byte[] frame, boolean ttl) throws IOException {
        BinaryInputArchive in = new BinaryInputArchive(new DataInputStream(new ByteArrayInputStream(frame)),
                frame.length, 0);
        new RequestHeader().deserialize(in, "header");
        try {
            String path;
            byte[] data;
            List<ACL> acl;
            int flags;
            long ttlMs = -1;
            if (ttl) {
                CreateTTLRequest r = new CreateTTLRequest();
                r.deserialize(in, "request");
                path = r.getPath();
                data = r.getData();
                acl = r.getAcl();
                flags = r.getFlags();
                ttlMs = r.getTtl();
            } else {
                CreateRequest r = new CreateRequest();
                r.deserialize(in, "request");
                path = r.getPath();
                data = r.getData();
                acl = r.getAcl();
                flags = r.getFlags();
            }
            if (path == null) {
                throw new IOException("null path");
            }
            List<Acl> acls = new ArrayList<>();
            for (ACL a : acl == null ? List.<ACL>of() : acl) {
                acls.add(new Acl(a.getPerms(), a.getId().getScheme(), a.getId().getId()));
            }
            return new Request.Create(op, path, data, acls, flags, ttlMs);
        } catch (IOException | RuntimeException e) {
            return new Request.Malformed(op, String.valueOf(e.getMessage()));
        }
    }

    private static byte[] frame(OpCode op, Record body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive out = BinaryOutputArchive.getArchive(bytes);
        new RequestHeader(7, op.code).serialize(out, "header");
        body.serialize(out, "request");
        return bytes.toByteArray();
    }
}
