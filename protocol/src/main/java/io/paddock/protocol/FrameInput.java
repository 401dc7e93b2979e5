package io.paddock.protocol;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * DataInput over one frame's bytes, for jute's BinaryInputArchive. DataInputStream over a
 * ByteArrayInputStream did the same with three more objects and two scratch arrays per request, a tenth of
 * what a create allocated. Reading past the frame's end throws EOFException, as DataInputStream does.
 */
final class FrameInput implements DataInput {
    private final byte[] bytes;
    private int position;

    FrameInput(byte[] bytes) {
        this.bytes = bytes;
    }

    int remaining() {
        return bytes.length - position;
    }

    private int take(int count) throws EOFException {
        if (count < 0 || count > bytes.length - position) {
            throw new EOFException("frame ends " + (bytes.length - position) + " bytes after " + position
                    + ", " + count + " more wanted");
        }
        int at = position;
        position += count;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        System.arraycopy(bytes, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, remaining()));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return readByte() & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        int at = take(2);
        return (short) (((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff));
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xffff;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        int at = take(4);
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    @Override
    public long readLong() throws IOException {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** As DataInputStream.readLine: bytes as chars up to a line end; null at the end of the frame. */
    @Override
    public String readLine() {
        if (remaining() == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        while (position < bytes.length) {
            char c = (char) (bytes[position++] & 0xff);
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                if (position < bytes.length && bytes[position] == '\n') {
                    position++;
                }
                break;
            }
            line.append(c);
        }
        return line.toString();
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
