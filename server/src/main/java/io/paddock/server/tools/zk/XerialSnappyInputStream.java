package io.paddock.server.tools.zk;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the stream format of snappy-java's {@code SnappyOutputStream}, which ZooKeeper uses for
 * {@code snapshot.<zxid>.snappy} files: a 16-byte header (the magic "\x82SNAPPY\0", then the format version
 * and the oldest compatible version as big-endian ints), then chunks, each a big-endian length and that many
 * bytes of one raw Snappy block. A header may appear again between chunks (concatenated streams).
 * Written from the Snappy format description so that the server needs no native library.
 */
final class XerialSnappyInputStream extends InputStream {
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_BYTES = 16;
    /** snappy-java writes 32 KiB blocks by default; anything far larger is damage, not data. */
    private static final int CHUNK_BYTES_MAX = 64 << 20;

    private final DataInputStream in;
    private byte[] block = new byte[0];
    private int blockLength;
    private int position;

    XerialSnappyInputStream(InputStream in) throws IOException {
        this.in = new DataInputStream(in);
        byte[] header = new byte[HEADER_BYTES];
        this.in.readFully(header);
        checkHeader(header);
    }

    private static void checkHeader(byte[] header) throws IOException {
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a snappy-java stream: bad magic header");
        }
    }

    @Override
    public int read() throws IOException {
        if (position == blockLength && !nextBlock()) {
            return -1;
        }
        return block[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == blockLength && !nextBlock()) {
            return -1;
        }
        int n = Math.min(length, blockLength - position);
        System.arraycopy(block, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean nextBlock() throws IOException {
        while (true) {
            int first = in.read();
            if (first == -1) {
                return false;
            }
            byte[] sizeBytes = new byte[4];
            sizeBytes[0] = (byte) first;
            in.readFully(sizeBytes, 1, 3);
            if (sizeBytes[0] == MAGIC[0]) {
                byte[] header = new byte[HEADER_BYTES];
                System.arraycopy(sizeBytes, 0, header, 0, 4);
                in.readFully(header, 4, HEADER_BYTES - 4);
                checkHeader(header);
                continue;
            }
            int chunkBytes = ((sizeBytes[0] & 0xFF) << 24) | ((sizeBytes[1] & 0xFF) << 16)
                    | ((sizeBytes[2] & 0xFF) << 8) | (sizeBytes[3] & 0xFF);
            if (chunkBytes < 0 || chunkBytes > CHUNK_BYTES_MAX) {
                throw new IOException("snappy chunk of impossible length " + chunkBytes);
            }
            byte[] compressed = new byte[chunkBytes];
            in.readFully(compressed);
            uncompress(compressed);
            if (blockLength > 0) {
                return true;
            }
        }
    }

    /** Decodes one raw Snappy block: a varint length, then literals and back-references. */
    private void uncompress(byte[] src) throws IOException {
        int[] cursor = {0};
        long length = readVarint(src, cursor);
        if (length > CHUNK_BYTES_MAX) {
            throw new IOException("snappy block of impossible length " + length);
        }
        if (block.length < length) {
            block = new byte[(int) length];
        }
        int out = 0;
        int i = cursor[0];
        while (i < src.length) {
            int tag = src[i++] & 0xFF;
            int kind = tag & 3;
            if (kind == 0) {
                int literal = tag >>> 2;
                if (literal >= 60) {
                    int extra = literal - 59;
                    require(i + extra <= src.length);
                    literal = (int) littleEndian(src, i, extra);
                    i += extra;
                }
                literal += 1;
                require(literal > 0 && i + literal <= src.length && out + literal <= length);
                System.arraycopy(src, i, block, out, literal);
                i += literal;
                out += literal;
                continue;
            }
            int copy;
            int offset;
            if (kind == 1) {
                require(i + 1 <= src.length);
                copy = ((tag >>> 2) & 7) + 4;
                offset = ((tag & 0xE0) << 3) | (src[i++] & 0xFF);
            } else {
                int bytes = kind == 2 ? 2 : 4;
                require(i + bytes <= src.length);
                copy = (tag >>> 2) + 1;
                offset = (int) littleEndian(src, i, bytes);
                i += bytes;
            }
            require(offset > 0 && offset <= out && out + copy <= length);
            for (int k = 0; k < copy; k++) {
                block[out + k] = block[out - offset + k];
            }
            out += copy;
        }
        require(out == length);
        blockLength = out;
        position = 0;
    }

    private static long readVarint(byte[] src, int[] cursor) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            require(cursor[0] < src.length);
            int b = src[cursor[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("damaged snappy block: bad length");
    }

    private static long littleEndian(byte[] src, int at, int bytes) {
        long value = 0;
        for (int k = 0; k < bytes; k++) {
            value |= (long) (src[at + k] & 0xFF) << (8 * k);
        }
        return value;
    }

    private static void require(boolean ok) throws IOException {
        if (!ok) {
            throw new IOException("damaged snappy block");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
