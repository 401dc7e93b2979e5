package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameInputTest {

    @Test
    void readsWhatDataInputStreamReads() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(random.nextInt());
            out.writeLong(random.nextLong());
            out.writeBoolean(random.nextBoolean());
            out.writeShort(random.nextInt());
            out.writeDouble(random.nextDouble());
            out.writeUTF("päth/" + random.nextInt() + "\u0000\ud83d\ude00");
            byte[] blob = new byte[random.nextInt(40)];
            random.nextBytes(blob);
            out.write(blob);
            out.writeFloat(random.nextFloat());
            byte[] frame = bytes.toByteArray();

            DataInput want = new DataInputStream(new ByteArrayInputStream(frame));
            FrameInput got = new FrameInput(frame);
            assertEquals(want.readInt(), got.readInt());
            assertEquals(want.readLong(), got.readLong());
            assertEquals(want.readBoolean(), got.readBoolean());
            assertEquals(want.readUnsignedShort(), got.readUnsignedShort());
            assertEquals(want.readDouble(), got.readDouble());
            assertEquals(want.readUTF(), got.readUTF());
            byte[] wantBlob = new byte[blob.length];
            byte[] gotBlob = new byte[blob.length];
            want.readFully(wantBlob);
            got.readFully(gotBlob);
            assertArrayEquals(wantBlob, gotBlob);
            assertEquals(want.readFloat(), got.readFloat());
            assertEquals(0, got.remaining());
        }
    }

    @Test
    void readingPastTheEndIsAnEofAsWithDataInputStream() throws IOException {
        FrameInput in = new FrameInput(new byte[] {0, 0, 0, 7, 1, 2});
        assertEquals(7, in.readInt());
        assertThrows(EOFException.class, in::readInt);
        assertThrows(EOFException.class, () -> in.readFully(new byte[3]));
        assertEquals(2, in.skipBytes(5));
        assertThrows(EOFException.class, in::readByte);
    }
}
