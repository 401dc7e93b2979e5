package io.paddock.server.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The large-entry file store under the log: what goes in comes out, damage is named, segments come and go. */
class ValueLogTest {
    private static final long SEGMENT_BYTES = 10_000;

    @TempDir
    Path dir;

    private static byte[] txn(long zxid, int size) {
        byte[] bytes = new byte[size];
        new Random(zxid).nextBytes(bytes);
        return bytes;
    }

    @Test
    void whatIsAppendedReadsBackThroughItsPointerAcrossSegments() throws IOException {
        List<byte[]> pointers = new ArrayList<>();
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            for (long zxid = 1; zxid <= 10; zxid++) {
                pointers.add(values.append(zxid, txn(zxid, 3_000)));
            }
            values.sync();
            assertEquals(4, values.segmentCount(), "3 records of 3,020 bytes fit a 10,000-byte segment");
            for (long zxid = 1; zxid <= 10; zxid++) {
                assertArrayEquals(txn(zxid, 3_000), values.read(zxid, pointers.get((int) zxid - 1)));
            }
        }
        try (ValueLog tool = ValueLog.openReadOnly(dir)) {
            assertArrayEquals(txn(7, 3_000), tool.read(7, pointers.get(6)));
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsOneOfItsOwn() throws IOException {
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            byte[] small = values.append(1, txn(1, 100));
            byte[] large = values.append(2, txn(2, 50_000));
            assertArrayEquals(txn(1, 100), values.read(1, small));
            assertArrayEquals(txn(2, 50_000), values.read(2, large));
            assertEquals(2, values.segmentCount());
        }
    }

    @Test
    void aFlippedByteIsReportedNamingTheFileAndTheEntry() throws IOException {
        byte[] pointer;
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            values.append(1, txn(1, 500));
            pointer = values.append(2, txn(2, 500));
        }
        Path segment = onlySegment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = 520 + ValueLog.HEADER_BYTES + 100;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x40);
        }
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            IOException e = assertThrows(IOException.class, () -> values.read(2, pointer));
            assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("0x2")
                    && e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void aPointerUnderTheWrongZxidOrPastTheFileIsRefused() throws IOException {
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            byte[] pointer = values.append(5, txn(5, 500));
            assertTrue(assertThrows(IOException.class, () -> values.read(6, pointer)).getMessage()
                    .contains("does not match"));
            byte[] beyond = java.nio.ByteBuffer.allocate(ValueLog.POINTER_BYTES).putLong(1).putLong(400).putInt(500)
                    .array();
            assertTrue(assertThrows(IOException.class, () -> values.read(5, beyond)).getMessage()
                    .contains("past the end"));
            assertThrows(IOException.class, () -> values.read(5, new byte[3]));
        }
    }

    @Test
    void aMissingSegmentIsNamed() throws IOException {
        byte[] pointer;
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            pointer = values.append(1, txn(1, 500));
        }
        Path segment = onlySegment();
        Files.delete(segment);
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            IOException e = assertThrows(IOException.class, () -> values.read(1, pointer));
            assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("missing"),
                    e.getMessage());
        }
    }

    @Test
    void aRestartAppendsToANewSegmentAndATornTailIsLeftAlone() throws IOException {
        byte[] first;
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            first = values.append(1, txn(1, 500));
            values.append(2, txn(2, 500));
        }
        // A crash mid-append: the second record is cut short. No pointer to it was ever synced.
        Path segment = onlySegment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(520 + 200);
        }
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            assertArrayEquals(txn(1, 500), values.read(1, first));
            byte[] next = values.append(2, txn(22, 500));
            assertEquals(2, values.segmentCount());
            assertArrayEquals(txn(22, 500), values.read(2, next));
            // The old segment holds zxid 1 only (its torn record is not counted): it can go below 2.
            assertTrue(values.hasSegmentsBelow(2));
            values.deleteBelow(2);
            assertEquals(1, values.segmentCount());
            assertFalse(Files.exists(segment));
            assertArrayEquals(txn(22, 500), values.read(2, next));
        }
    }

    @Test
    void onlySegmentsEntirelyBelowTheCutAreDeletedAndNeverTheOneAppendedTo() throws IOException {
        try (ValueLog values = ValueLog.open(dir, SEGMENT_BYTES)) {
            for (long zxid = 1; zxid <= 9; zxid++) {
                values.append(zxid, txn(zxid, 3_000));
            }
            // Segments: 1-3, 4-6, 7-9 (the one appended to).
            assertFalse(values.hasSegmentsBelow(3));
            values.deleteBelow(3);
            assertEquals(3, values.segmentCount());
            values.deleteBelow(7);
            assertEquals(1, values.segmentCount());
            assertFalse(values.hasSegmentsBelow(100), "the segment appended to stays");
            values.deleteBelow(100);
            assertEquals(1, values.segmentCount());
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(ValueLog.DIRECTORY))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }
}
