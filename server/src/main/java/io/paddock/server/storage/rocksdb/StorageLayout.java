package io.paddock.server.storage.rocksdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The keys and family names of Paddock's RocksDB storage, in one place for the server, the recovery reader
 * and the read-only tools: the default family holds the format marker; the tree family holds nodes under
 * 'n' + path, sessions under 's' + id and the snapshot's zxid under 'z'; the log family holds zxid → txn, or
 * zxid + 'v' → a pointer into the {@link ValueLog} for a large txn (format 2).
 */
final class StorageLayout {
    static final byte[] LOG_FAMILY = "log".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TREE_FAMILY = "tree".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAPSHOT_ZXID_KEY = {'z'};
    static final byte NODE_PREFIX = 'n';
    static final byte SESSION_PREFIX = 's';
    /** A log key of the zxid and this byte holds a {@link ValueLog} pointer instead of the txn. */
    static final byte VALUE_POINTER_SUFFIX = 'v';

    private StorageLayout() {
    }

    /**
     * The layout version the directory's marker holds, or null when it has none (a new directory, or not
     * ours). A version newer than this build reads is refused.
     */
    static Integer formatVersion(RocksDB db, Path directory) throws RocksStorage.UnusableStorageException {
        byte[] format;
        try {
            format = db.get(FORMAT_KEY);
        } catch (RocksDBException e) {
            throw new RocksStorage.UnusableStorageException("cannot read the format of " + directory + ": "
                    + e.getMessage(), e);
        }
        if (format == null) {
            return null;
        }
        int version = ByteBuffer.wrap(format).getInt();
        if (version > RocksStorage.FORMAT_VERSION) {
            throw new RocksStorage.UnusableStorageException(directory + " was written by a newer Paddock (format "
                    + version + ", this one reads up to " + RocksStorage.FORMAT_VERSION + ")", null);
        }
        return version;
    }

    static RocksStorage.UnusableStorageException noFormatMarker(Path directory) {
        return new RocksStorage.UnusableStorageException(directory + " has no format marker: not a Paddock "
                + "storage directory, or damaged", null);
    }

    /**
     * The log family's entries from fromZxid on, in zxid order, each with its key's zxid, until the visitor
     * returns false: the one walk of the log, for recovery, the server's tools and the read-only tools. An
     * entry kept in the value log (its key is the zxid and {@link #VALUE_POINTER_SUFFIX}) is read from there.
     */
    static void forEachLogEntry(RocksDB db, ColumnFamilyHandle log, ValueLog values, long fromZxid,
                                ReadOnlyStorage.LogVisitor visitor) throws IOException, RocksDBException {
        try (RocksIterator it = db.newIterator(log)) {
            for (it.seek(RocksStorage.zxidKey(fromZxid)); it.isValid(); it.next()) {
                byte[] key = it.key();
                long zxid = ByteBuffer.wrap(key).getLong();
                byte[] txn;
                if (key.length == 8) {
                    txn = it.value();
                } else if (key.length == 9 && key[8] == VALUE_POINTER_SUFFIX) {
                    txn = values.read(zxid, it.value());
                } else {
                    throw new IOException("the log holds a key of " + key.length + " bytes under zxid 0x"
                            + Long.toHexString(zxid) + ": not a Paddock log");
                }
                if (!visitor.visit(zxid, txn)) {
                    return;
                }
            }
            it.status();
        }
    }

    /** The zxid the tree family reflects, 0 before the first snapshot. */
    static long snapshotZxid(RocksDB db, ColumnFamilyHandle tree) throws RocksDBException {
        byte[] value = db.get(tree, SNAPSHOT_ZXID_KEY);
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }
}
