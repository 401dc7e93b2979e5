package io.paddock.server.storage.rocksdb;

import io.paddock.server.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Large log entries (1 MB values, big multis), kept out of RocksDB: the log family holds a 20-byte pointer
 * to each. Through RocksDB such an entry was written twice, to the write-ahead log and again to a blob file
 * when the memtable flushed, each time with RocksDB's software CRC32C (its portable JNI build has no crc32
 * instruction) into freshly allocated page cache: about 1 ms per MB each on the development VM. Here it is
 * written once, its checksum computed with the JDK's CRC32C intrinsic.
 *
 * <p>Segments are append-only files {@code <seq>.values}, {@value #SEGMENT_BYTES_MAX} bytes at most. A record
 * is a header (magic, payload length, zxid, CRC32C of the payload) and the payload: the txn in ZooKeeper's
 * encoding. Every start appends to a new segment, and so does the first append after a failed one, so a torn
 * record can only sit at the end of a segment nobody appends to, where no pointer leads.
 *
 * <p>Order makes it durable: the storage syncs the segment before it writes (and syncs) the pointer, and
 * deletes a segment only once the deletion of its pointers is synced. One thread appends; another deletes;
 * readers (recovery, tools) read. Every method is synchronized.
 */
final class ValueLog implements AutoCloseable {
    static final String DIRECTORY = "values";
    private static final String SUFFIX = ".values";
    private static final int MAGIC = 0x50564C31; // "PVL1"
    static final int HEADER_BYTES = 4 + 4 + 8 + 4;
    static final int POINTER_BYTES = 8 + 8 + 4;
    static final long SEGMENT_BYTES_MAX = 64L << 20;

    private final Path directory;
    private final boolean readOnly;
    private final long segmentBytesMax;
    /** Segment sequence number to the largest zxid written into it (for deleting whole segments). */
    private final TreeMap<Long, Long> maxZxidBySegment = new TreeMap<>();
    private final Map<Long, FileChannel> readers = new HashMap<>();
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    private FileChannel current;
    private long currentSeq;
    private long currentBytes;
    private boolean unsynced;

    private ValueLog(Path directory, boolean readOnly, long segmentBytesMax) {
        this.directory = directory;
        this.readOnly = readOnly;
        this.segmentBytesMax = segmentBytesMax;
    }

    /** The value log of the storage in storageDirectory (its paddock-db directory), created when missing. */
    static ValueLog open(Path storageDirectory) throws IOException {
        return open(storageDirectory, SEGMENT_BYTES_MAX);
    }

    /** With segments of segmentBytesMax (a record larger than that gets a segment of its own). */
    static ValueLog open(Path storageDirectory, long segmentBytesMax) throws IOException {
        ValueLog values = new ValueLog(storageDirectory.resolve(DIRECTORY), false, segmentBytesMax);
        Files.createDirectories(values.directory);
        values.scan();
        values.currentSeq = values.maxZxidBySegment.isEmpty() ? 0 : values.maxZxidBySegment.lastKey();
        return values;
    }

    /** For tools: reads only; a missing directory is a storage with no large entries. */
    static ValueLog openReadOnly(Path storageDirectory) {
        return new ValueLog(storageDirectory.resolve(DIRECTORY), true, SEGMENT_BYTES_MAX);
    }

    /** Finds each segment's largest zxid from its record headers, up to a torn or damaged tail. */
    private void scan() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long seq;
                try {
                    seq = Long.parseUnsignedLong(name.substring(0, name.length() - SUFFIX.length()), 16);
                } catch (NumberFormatException e) {
                    continue;
                }
                maxZxidBySegment.put(seq, lastZxidIn(file));
            }
        }
    }

    private static long lastZxidIn(Path file) throws IOException {
        long last = -1;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
            long offset = 0;
            long size = channel.size();
            while (offset + HEADER_BYTES <= size) {
                head.clear();
                readFully(channel, head, offset);
                head.flip();
                int magic = head.getInt();
                int length = head.getInt();
                long zxid = head.getLong();
                if (magic != MAGIC || length < 0 || offset + HEADER_BYTES + length > size) {
                    break;
                }
                last = Math.max(last, zxid);
                offset += HEADER_BYTES + length;
            }
        }
        return last;
    }

    /** Appends the txn bytes of zxid; returns the pointer the log family stores. Not durable before sync. */
    synchronized byte[] append(long zxid, byte[] txn) {
        if (readOnly) {
            throw new IllegalStateException("read-only value log");
        }
        try {
            if (current == null || (currentBytes > 0 && currentBytes + HEADER_BYTES + txn.length > segmentBytesMax)) {
                roll();
            }
            crc.reset();
            crc.update(txn, 0, txn.length);
            header.clear();
            header.putInt(MAGIC).putInt(txn.length).putLong(zxid).putInt((int) crc.getValue()).flip();
            long offset = currentBytes;
            writeFully(current, new ByteBuffer[] {header, ByteBuffer.wrap(txn)});
            currentBytes += HEADER_BYTES + txn.length;
            unsynced = true;
            maxZxidBySegment.merge(currentSeq, zxid, Math::max);
            return ByteBuffer.allocate(POINTER_BYTES).putLong(currentSeq).putLong(offset).putInt(txn.length).array();
        } catch (IOException e) {
            abandonCurrent();
            throw new StorageException("cannot append to " + segment(currentSeq) + ": " + e.getMessage(), e);
        }
    }

    private void roll() throws IOException {
        closeCurrent();
        currentSeq++;
        Path file = segment(currentSeq);
        current = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentBytes = 0;
        maxZxidBySegment.put(currentSeq, -1L);
        // The new name must survive a crash before any pointer to it is synced.
        syncDirectory();
    }

    /** Makes every append so far durable. */
    synchronized void sync() {
        if (!unsynced || current == null) {
            return;
        }
        try {
            current.force(false);
            unsynced = false;
        } catch (IOException e) {
            abandonCurrent();
            throw new StorageException("cannot sync " + segment(currentSeq) + ": " + e.getMessage(), e);
        }
    }

    /** The txn bytes a pointer leads to, checked against the zxid of the log key that held it. */
    synchronized byte[] read(long zxid, byte[] pointer) throws IOException {
        if (pointer.length != POINTER_BYTES) {
            throw new IOException("log entry 0x" + Long.toHexString(zxid) + " holds a value pointer of "
                    + pointer.length + " bytes, not " + POINTER_BYTES);
        }
        ByteBuffer p = ByteBuffer.wrap(pointer);
        long seq = p.getLong();
        long offset = p.getLong();
        int length = p.getInt();
        Path file = segment(seq);
        FileChannel channel = readers.get(seq);
        if (channel == null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new IOException("log entry 0x" + Long.toHexString(zxid) + " is in " + file
                        + ", which is missing", e);
            }
            readers.put(seq, channel);
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + length);
        if (offset < 0 || offset + record.capacity() > channel.size()) {
            throw damaged(file, offset, zxid, "the record ends past the end of the file");
        }
        readFully(channel, record, offset);
        record.flip();
        int magic = record.getInt();
        int storedLength = record.getInt();
        long storedZxid = record.getLong();
        int storedCrc = record.getInt();
        if (magic != MAGIC || storedLength != length || storedZxid != zxid) {
            throw damaged(file, offset, zxid, "its header does not match the pointer");
        }
        byte[] txn = new byte[length];
        record.get(txn);
        crc.reset();
        crc.update(txn, 0, length);
        if ((int) crc.getValue() != storedCrc) {
            throw damaged(file, offset, zxid, "checksum mismatch");
        }
        return txn;
    }

    private static IOException damaged(Path file, long offset, long zxid, String what) {
        return new IOException(file + " is damaged at offset " + offset + " (log entry 0x" + Long.toHexString(zxid)
                + "): " + what);
    }

    /** Whether some segment other than the one appended to holds only zxids below zxid. */
    synchronized boolean hasSegmentsBelow(long zxid) {
        return maxZxidBySegment.entrySet().stream()
                .anyMatch(e -> e.getKey() != currentSeq && e.getValue() < zxid);
    }

    /**
     * Deletes the segments (but the one appended to) whose records all lie below zxid. The caller has made the
     * deletion of their pointers durable first. The files go outside the lock: unlinking a 64 MB file drops
     * its page cache, milliseconds each, and appends must not wait for that (a cut of 4 GB held them 0.5 s).
     * A file that cannot be deleted is logged and left.
     */
    void deleteBelow(long zxid) {
        List<Path> doomed = new ArrayList<>();
        synchronized (this) {
            var it = maxZxidBySegment.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, Long> e = it.next();
                if (e.getKey() == currentSeq || e.getValue() >= zxid) {
                    continue;
                }
                FileChannel reader = readers.remove(e.getKey());
                if (reader != null) {
                    closeQuietly(reader);
                }
                doomed.add(segment(e.getKey()));
                it.remove();
            }
        }
        for (Path file : doomed) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.getLogger(ValueLog.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot delete " + file + ", which no log entry uses any more: " + e.getMessage());
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // A reader's close has nothing to lose.
        }
    }

    /** How many segment files there are; for tests. */
    synchronized int segmentCount() {
        return maxZxidBySegment.size();
    }

    Path directory() {
        return directory;
    }

    private Path segment(long seq) {
        return directory.resolve(String.format("%016x%s", seq, SUFFIX));
    }

    /** After a failed write the segment's tail is unknown: the next append starts a new one. */
    private void abandonCurrent() {
        try {
            closeCurrent();
        } catch (IOException ignored) {
            // Closing a channel whose writes failed: the file stays, unreferenced past its last synced record.
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            FileChannel closing = current;
            current = null;
            unsynced = false;
            closing.close();
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer[] buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long offset) throws IOException {
        long position = offset;
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            position += n;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (current != null && unsynced) {
                current.force(false);
            }
            closeCurrent();
        } catch (IOException e) {
            System.getLogger(ValueLog.class.getName()).log(System.Logger.Level.WARNING,
                    "closing " + directory + ": " + e.getMessage());
        }
        readers.values().forEach(ValueLog::closeQuietly);
        readers.clear();
    }
}
