package io.paddock.server.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Damage as a failing disk or a power cut does it: flipped bytes, a cut tail; and where a log's records are. */
final class DamagedFiles {

    private DamagedFiles() {
    }

    static void flipBytes(Path file, long offset, int count) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            assertTrue(offset + count <= f.length(), "damage inside " + file);
            byte[] bytes = new byte[count];
            f.seek(offset);
            f.readFully(bytes);
            for (int i = 0; i < count; i++) {
                bytes[i] ^= (byte) 0xFF;
            }
            f.seek(offset);
            f.write(bytes);
        }
    }

    /** An offset 20 bytes into the payload of the record whose header is the first at or after {@code offset}. */
    static long payloadOfRecordNear(Path wal, long offset) throws IOException {
        for (long header : walRecordOffsets(wal)) {
            if (header >= offset) {
                return header + 7 + 20;
            }
        }
        throw new AssertionError("no record after " + offset + " in " + wal);
    }

    static void truncateBy(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - bytes);
        }
    }

    /**
     * Where each record header starts in a write-ahead log: RocksDB's log format is a sequence of 32 KiB blocks,
     * each holding records of a 7-byte header (checksum 4, length 2, type 1) and payload; a block tail shorter
     * than a header is padding. A record that does not fit in a block is split into fragments, each with its
     * own header: the offsets are those of the fragments.
     */
    static List<Long> walRecordOffsets(Path wal) throws IOException {
        final int blockSize = 32 * 1024;
        final int headerSize = 7;
        byte[] bytes = Files.readAllBytes(wal);
        List<Long> offsets = new ArrayList<>();
        int at = 0;
        while (at + headerSize <= bytes.length) {
            int leftInBlock = blockSize - at % blockSize;
            if (leftInBlock < headerSize) {
                at += leftInBlock;
                continue;
            }
            int length = (bytes[at + 4] & 0xFF) | (bytes[at + 5] & 0xFF) << 8;
            int type = bytes[at + 6] & 0xFF;
            if (type == 0 && length == 0) {
                break;
            }
            offsets.add((long) at);
            at += headerSize + length;
        }
        return offsets;
    }
}
