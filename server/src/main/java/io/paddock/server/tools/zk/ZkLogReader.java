package io.paddock.server.tools.zk;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;

/**
 * Reads the records of one ZooKeeper txn log file as {@code FileTxnLog.FileTxnIterator} does. The file is a
 * 16-byte header (magic "ZKLG", version, dbid) and then records: the Adler32 of the txn bytes (long), their
 * length (int), the txn bytes, and the end-of-record byte 'B'. ZooKeeper preallocates log files with zeros,
 * so a zero length ends the records; so does a record cut short (a crash mid-write), which is reported as a
 * warning. A checksum mismatch in a complete record is damage, and an error naming the file and offset.
 */
public final class ZkLogReader implements Closeable {
    public static final int MAGIC = ByteBuffer.wrap("ZKLG".getBytes(StandardCharsets.US_ASCII)).getInt();
    static final int HEADER_BYTES = 16;
    private static final byte END_OF_RECORD = 'B';

    private final Path file;
    private final DataInputStream in;
    private final List<String> warnings = new ArrayList<>();
    private long offset;
    private boolean ended;

    private final boolean strict;

    /**
     * One complete record; offset is where it starts in the file. crcValid is false only from a lenient
     * reader (a printer shows damaged records; an importer must not apply them).
     */
    public record Record(Path file, long offset, byte[] txnBytes, boolean crcValid) {
    }

    private ZkLogReader(Path file, DataInputStream in, boolean strict) {
        this.file = file;
        this.in = in;
        this.strict = strict;
    }

    /**
     * Opens a log file and checks its header. An empty file (ZooKeeper created it and crashed before the
     * header) yields no records.
     */
    public static ZkLogReader open(Path file) throws IOException {
        return open(file, true);
    }

    /** A reader that returns records whose checksum does not match (flagged) instead of failing. */
    public static ZkLogReader openLenient(Path file) throws IOException {
        return open(file, false);
    }

    private static ZkLogReader open(Path file, boolean strict) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        ZkLogReader reader = new ZkLogReader(file, in, strict);
        try {
            reader.readHeader();
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return reader;
    }

    private void readHeader() throws IOException {
        if (Files.size(file) == 0) {
            warnings.add(file + " is empty (created, never written)");
            ended = true;
            return;
        }
        int magic;
        try {
            magic = in.readInt();
            in.readInt(); // version
            in.readLong(); // dbid
        } catch (EOFException e) {
            throw new ZkFormatException(file, "shorter than a log file header");
        }
        if (magic != MAGIC) {
            throw new ZkFormatException(file, String.format("bad magic 0x%08x, expected 0x%08x (\"ZKLG\"): "
                    + "not a ZooKeeper txn log", magic, MAGIC));
        }
        offset = HEADER_BYTES;
    }

    /** The next record, or null after the last one. */
    public Record next() throws IOException {
        if (ended) {
            return null;
        }
        long start = offset;
        long storedCrc;
        int length;
        try {
            storedCrc = in.readLong();
            length = in.readInt();
        } catch (EOFException e) {
            return end(null);
        }
        if (length == 0 || length == -1) {
            return end(null);
        }
        if (length < 0 || length > ZkSnapshotReader.FIELD_BYTES_MAX) {
            throw new ZkFormatException(file, start, "impossible txn length " + length);
        }
        byte[] bytes = new byte[length];
        try {
            in.readFully(bytes);
            if (in.readByte() != END_OF_RECORD) {
                return end("the record at offset " + start + " is partial (no end-of-record mark)");
            }
        } catch (EOFException e) {
            return end("the record at offset " + start + " is cut short by the end of the file");
        }
        Adler32 crc = new Adler32();
        crc.update(bytes, 0, bytes.length);
        boolean crcValid = crc.getValue() == storedCrc;
        if (!crcValid && strict) {
            throw new ZkFormatException(file, start, String.format(
                    "CRC check failed: stored 0x%x, computed 0x%x over %d txn bytes", storedCrc, crc.getValue(), length));
        }
        offset = start + 8 + 4 + length + 1;
        return new Record(file, start, bytes, crcValid);
    }

    private Record end(String warning) {
        if (warning != null) {
            warnings.add(file + ": " + warning + "; ZooKeeper stops reading this file there");
        }
        ended = true;
        return null;
    }

    /** Oddities that ZooKeeper tolerates, for the caller to report. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
