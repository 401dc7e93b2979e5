package io.paddock.server.storage.rocksdb;

import io.paddock.protocol.JuteWriter;
import io.paddock.server.base.Check;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.LogRetention;
import io.paddock.server.storage.StorageException;
import io.paddock.server.storage.TxnLog;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The server's storage in one RocksDB instance with three column families:
 * <ul>
 *   <li>{@code log}: zxid (8 bytes, big-endian) → the txn in ZooKeeper's encoding;</li>
 *   <li>{@code tree}: the snapshot — "n"+path → node, "s"+id → session, "z" → the zxid it reflects;</li>
 *   <li>{@code meta}: "format" → the layout version of this directory.</li>
 * </ul>
 * Each group commit is one WriteBatch, synced when forceSync is on. The snapshot family is updated from
 * applied txns in batches without a sync: after a crash it is at most a little behind, and recovery
 * replays the log from the zxid it is stamped with. The log behind the snapshot is deleted beyond the
 * {@link LogRetention}: snapCount txns, or snapSizeLimitInKb of bytes, whichever comes first.
 *
 * <p>Once the server serves, one thread appends and another saves the snapshot, concurrently (RocksDB
 * allows it). Reopening after a failure excludes both: {@link #reopenLock}.
 */
public final class RocksStorage implements TxnLog {
    private static final System.Logger LOG = System.getLogger(RocksStorage.class.getName());
    /** 1: every txn in the log family; 2: large txns in the {@link ValueLog}, their pointers in the log. */
    static final int FORMAT_VERSION = 2;
    private static final long WRITE_BUFFER_BYTES = 16L << 20;
    static final String DIRECTORY = "paddock-db";
    /** Log entries from this size on live in blob files: multis and large values, not a lone small setData. */
    private static final long LOG_BLOB_MIN_BYTES = 512;
    /** Log entries from this size on go to the {@link ValueLog}: written once, not again by each flush. */
    static final int VALUE_LOG_MIN_BYTES = 64 << 10;
    private static final byte[] FORMAT_KEY = StorageLayout.FORMAT_KEY;
    private static final byte[] SNAPSHOT_ZXID_KEY = StorageLayout.SNAPSHOT_ZXID_KEY;
    private static final byte NODE_PREFIX = StorageLayout.NODE_PREFIX;
    private static final byte SESSION_PREFIX = StorageLayout.SESSION_PREFIX;

    static {
        RocksDB.loadLibrary();
    }

    /** Loads RocksDB's native library now (it is loaded once per process, whoever asks first). */
    public static void loadNativeLibrary() {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions logOptions;
    private RocksDB db;
    private final ValueLog values;
    private List<ColumnFamilyHandle> handles;
    private ColumnFamilyHandle log;
    private ColumnFamilyHandle tree;
    private final WriteOptions logWrite;
    private final WriteOptions snapshotWrite;
    private final int snapCount;
    /** Null when the log is kept by count only. */
    private final LogSizes logSizes;
    private volatile long lastZxid;
    private long lastTruncatedBelow;
    private volatile boolean failed;
    /** After a failed write, reopening waits this long: a full disk rarely frees up within milliseconds. */
    private static final long REOPEN_BACKOFF_NS = 200_000_000L;
    private volatile long failedAtNs;
    /** Encodes log entries; only {@link #append} uses it, and appends come one at a time. */
    private final JuteWriter entryScratch = new JuteWriter(ENTRY_SCRATCH_BYTES);
    private static final int ENTRY_SCRATCH_BYTES = 4 << 10;
    /** Writers hold it shared; reopening and closing, which replace or release {@link #db}, hold it alone. */
    private final ReentrantReadWriteLock reopenLock = new ReentrantReadWriteLock();

    private RocksStorage(Path directory, RocksDB db, ValueLog values, DBOptions dbOptions,
                         ColumnFamilyOptions cfOptions, ColumnFamilyOptions logOptions,
                         List<ColumnFamilyHandle> handles, boolean forceSync, LogRetention retention) {
        this.directory = directory;
        this.db = db;
        this.values = values;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.logOptions = logOptions;
        this.handles = handles;
        this.log = handles.get(1);
        this.tree = handles.get(2);
        this.logWrite = new WriteOptions().setSync(forceSync);
        this.snapshotWrite = new WriteOptions().setSync(false);
        this.snapCount = retention.snapCount();
        this.logSizes = retention.limitsBytes() ? new LogSizes(retention.maxBytes()) : null;
    }

    /** Thrown when the directory cannot be opened as ours: corrupt, incomplete, or from a newer Paddock. */
    public static final class UnusableStorageException extends IOException {
        public UnusableStorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** As {@link #open(Path, boolean, LogRetention)}, keeping snapCount txns and ZooKeeper's default bytes. */
    public static RocksStorage open(Path parent, boolean forceSync, int snapCount) throws UnusableStorageException {
        return open(parent, forceSync, new LogRetention(snapCount, LogRetention.DEFAULT.maxBytes()));
    }

    /** Opens (or creates) the storage under parent/paddock-db. */
    public static RocksStorage open(Path parent, boolean forceSync, LogRetention retention)
            throws UnusableStorageException {
        Path directory = parent.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UnusableStorageException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        boolean existed = Files.exists(directory.resolve("CURRENT"));
        if (!existed && hasFiles(directory)) {
            // Opening would start an empty database and let RocksDB delete the old files as obsolete.
            throw new UnusableStorageException(directory + " holds files but no CURRENT file: the storage is "
                    + "damaged; restore it from a backup or move it away to start empty", null);
        }
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(!existed).setCreateMissingColumnFamilies(!existed)
                .setParanoidChecks(true)
                // A torn last record is an unfinished write: drop it. Damage anywhere else is corruption.
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
                .setMaxTotalWalSize(64L << 20)
                // No preallocated WAL space (RocksDB reserves ~1.1 memtables): on a full disk the log must
                // refuse writes at once, not accept them into space the filesystem no longer has for others.
                .setAllowFAllocate(false);
        // Small memtables: the serving copy of the tree is in the heap, RocksDB only needs to absorb writes.
        // (optimizeLevelStyleCompaction's 128 MiB per family tripled the server's RSS.)
        // No compression: the log is deleted within seconds and the snapshot is read whole at every start,
        // where Snappy's decompression cost a 1M-znode restart about a fifth (1.6-2.1 s -> 1.4 s). Files
        // written compressed by an earlier build still read, block by block.
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(3)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true);
        // The log is written once, read at recovery and deleted from the oldest end: an LSM rewrites each
        // entry at every compaction until it is deleted. Entries of multis and large values go to blob files
        // instead, which compaction leaves alone and deletes whole once every entry in them is gone
        // (multi of 8 setData: server CPU per op -15 to -30%, most of it RocksDB's compaction threads).
        ColumnFamilyOptions logOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(3)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true)
                .setEnableBlobFiles(true)
                .setMinBlobSize(LOG_BLOB_MIN_BYTES)
                .setEnableBlobGarbageCollection(true);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, directory.toString(), descriptors(cfOptions, logOptions), handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            logOptions.close();
            throw new UnusableStorageException("cannot open the Paddock storage in " + directory + ": "
                    + e.getMessage(), e);
        }
        // The format first: a directory that is refused gets nothing written or created in it.
        ValueLog values;
        try {
            checkFormat(db, directory, existed);
            values = ValueLog.open(directory);
        } catch (IOException e) {
            for (ColumnFamilyHandle handle : handles) {
                handle.close();
            }
            db.close();
            dbOptions.close();
            cfOptions.close();
            logOptions.close();
            throw e instanceof UnusableStorageException refused ? refused : new UnusableStorageException(
                    "cannot open the value log in " + directory + ": " + e.getMessage(), e);
        }
        return new RocksStorage(directory, db, values, dbOptions, cfOptions, logOptions, handles, forceSync,
                retention);
    }

    private static boolean hasFiles(Path directory) throws UnusableStorageException {
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            throw new UnusableStorageException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<ColumnFamilyDescriptor> descriptors(ColumnFamilyOptions cfOptions,
                                                            ColumnFamilyOptions logOptions) {
        return List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(StorageLayout.LOG_FAMILY, logOptions),
                new ColumnFamilyDescriptor(StorageLayout.TREE_FAMILY, cfOptions));
    }

    /** Refuses a directory that is not ours or is newer; marks a new or format-1 directory as format 2. */
    private static void checkFormat(RocksDB db, Path directory, boolean existed) throws UnusableStorageException {
        Integer version = StorageLayout.formatVersion(db, directory);
        if (version != null && version == FORMAT_VERSION) {
            return;
        }
        if (version == null && existed) {
            throw StorageLayout.noFormatMarker(directory);
        }
        try {
            // Synced before any value-log pointer is written: a Paddock that reads only format 1 refuses it.
            try (WriteOptions synced = new WriteOptions().setSync(true)) {
                db.put(synced, FORMAT_KEY, ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array());
            }
        } catch (RocksDBException e) {
            throw new UnusableStorageException("cannot write the format marker of " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Recovered recover() {
        try {
            long snapshotZxid = StorageLayout.snapshotZxid(db, tree);
            SnapshotReader.Contents snapshot = SnapshotReader.read(db, tree);
            List<TxnEntry> entries = new ArrayList<>();
            StorageLayout.forEachLogEntry(db, log, values, snapshotZxid + 1, (keyZxid, bytes) -> {
                TxnEntry entry = TxnCodec.decode(bytes);
                long expected = entries.isEmpty() ? -1 : entries.get(entries.size() - 1).zxid() + 1;
                if (entry.zxid() != keyZxid || (expected != -1 && entry.zxid() != expected)) {
                    throw new StorageException("log in " + directory + " is damaged: entry 0x"
                            + Long.toHexString(entry.zxid()) + " under key 0x" + Long.toHexString(keyZxid)
                            + (expected != -1 ? ", expected 0x" + Long.toHexString(expected) : ""), null);
                }
                entries.add(entry);
                if (logSizes != null) {
                    logSizes.appended(entry.zxid(), bytes.length);
                }
                return true;
            });
            lastZxid = entries.isEmpty() ? snapshotZxid : entries.get(entries.size() - 1).zxid();
            return new Recovered(snapshotZxid, snapshot.nodes(), snapshot.sessions(), entries);
        } catch (RocksDBException | IOException e) {
            throw new StorageException("cannot read the Paddock storage in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Synchronized for {@link #entryScratch}: one thread appends, so it never waits. */
    @Override
    public synchronized void append(List<TxnEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        maybeResume();
        reopenLock.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            long previous = lastZxid;
            long bytes = 0;
            boolean valuesWritten = false;
            for (TxnEntry entry : entries) {
                Check.that(previous == 0 || entry.zxid() == previous + 1, "log append: 0x%x after 0x%x",
                        entry.zxid(), previous);
                previous = entry.zxid();
                byte[] encoded = TxnCodec.encode(entry, entryScratch);
                bytes += encoded.length;
                if (encoded.length >= VALUE_LOG_MIN_BYTES) {
                    batch.put(log, valuePointerKey(entry.zxid()), values.append(entry.zxid(), encoded));
                    valuesWritten = true;
                } else {
                    batch.put(log, zxidKey(entry.zxid()), encoded);
                }
            }
            if (valuesWritten && logWrite.sync()) {
                values.sync();
            }
            db.write(logWrite, batch);
            lastZxid = entries.get(entries.size() - 1).zxid();
            if (logSizes != null) {
                logSizes.appended(lastZxid, bytes);
            }
        } catch (RocksDBException | StorageException e) {
            failedAtNs = System.nanoTime();
            failed = true;
            throw new StorageException("cannot append to the log in " + directory + ": " + e.getMessage(), e);
        } finally {
            reopenLock.readLock().unlock();
        }
    }

    /**
     * After a failed write (disk full) RocksDB refuses every later write; reopening clears that state and
     * recovers what was synced, which is everything acknowledged.
     */
    private void maybeResume() {
        if (!failed) {
            return;
        }
        reopenLock.writeLock().lock();
        try {
            if (failed) {
                reopen();
            }
        } finally {
            reopenLock.writeLock().unlock();
        }
    }

    private void reopen() {
        if (System.nanoTime() - failedAtNs < REOPEN_BACKOFF_NS) {
            throw new StorageException("storage in " + directory + " failed a write moments ago; retrying shortly",
                    null);
        }
        failedAtNs = System.nanoTime();
        closeDb();
        List<ColumnFamilyHandle> reopened = new ArrayList<>();
        try {
            db = RocksDB.open(dbOptions.setCreateIfMissing(false), directory.toString(),
                    descriptors(cfOptions, logOptions), reopened);
        } catch (RocksDBException e) {
            throw new StorageException("storage in " + directory + " still failing: " + e.getMessage(), e);
        }
        handles = reopened;
        log = reopened.get(1);
        tree = reopened.get(2);
        failed = false;
    }

    @Override
    public void sync() {
        // Each append is one WriteBatch written with sync = forceSync: nothing is left to sync here.
    }

    @Override
    public void saveSnapshot(TreeChanges changes) {
        if (changes.isEmpty()) {
            return;
        }
        maybeResume();
        reopenLock.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            for (NodeRecord record : changes.upserted()) {
                batch.put(tree, nodeKey(record.path()), NodeCodec.encode(record));
            }
            for (String path : changes.deleted()) {
                batch.delete(tree, nodeKey(path));
            }
            for (SessionRecord session : changes.sessionsUpserted()) {
                batch.put(tree, sessionKey(session.id()), ByteBuffer.allocate(4).putInt(session.timeoutMs()).array());
            }
            for (long id : changes.sessionsDeleted()) {
                batch.delete(tree, sessionKey(id));
            }
            batch.put(tree, SNAPSHOT_ZXID_KEY, zxidKey(changes.zxid()));
            db.write(snapshotWrite, batch);
            maybeTruncateLog(changes.zxid());
        } catch (RocksDBException e) {
            failedAtNs = System.nanoTime();
            failed = true;
            throw new StorageException("cannot update the snapshot in " + directory + ": " + e.getMessage(), e);
        } finally {
            reopenLock.readLock().unlock();
        }
    }

    /**
     * Keeps snapCount txns and at most the byte limit behind the snapshot (for followers that need a diff),
     * deletes the rest. Both in steps: the count every snapCount / 2 txns, the bytes down to half the limit.
     */
    private void maybeTruncateLog(long snapshotZxid) throws RocksDBException {
        long byCount = snapshotZxid - snapCount;
        long below = byCount > lastTruncatedBelow + snapCount / 2 ? byCount : 0;
        if (logSizes != null) {
            below = Math.max(below, logSizes.deleteBelow(snapshotZxid));
        }
        if (below > lastTruncatedBelow) {
            db.deleteRange(log, zxidKey(0), zxidKey(below));
            lastTruncatedBelow = below;
            if (logSizes != null) {
                logSizes.deleted(below);
            }
            if (values.hasSegmentsBelow(below)) {
                // The pointers' deletion must be on disk before the files they point to are gone.
                db.flushWal(true);
                values.deleteBelow(below);
            }
        }
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    /** The log entries from zxid on, for tools. */
    public List<TxnEntry> readLog(long fromZxid, int max) throws IOException {
        List<TxnEntry> out = new ArrayList<>();
        if (max <= 0) {
            return out;
        }
        try {
            StorageLayout.forEachLogEntry(db, log, values, fromZxid, (zxid, bytes) -> {
                out.add(TxnCodec.decode(bytes));
                return out.size() < max;
            });
        } catch (RocksDBException e) {
            throw new IOException("cannot read the log in " + directory + ": " + e.getMessage(), e);
        }
        return out;
    }

    static byte[] zxidKey(long zxid) {
        return ByteBuffer.allocate(8).putLong(zxid).array();
    }

    private static byte[] valuePointerKey(long zxid) {
        return ByteBuffer.allocate(9).putLong(zxid).put(StorageLayout.VALUE_POINTER_SUFFIX).array();
    }

    /** The value log's segment files; for tests. */
    int valueSegmentCount() {
        return values.segmentCount();
    }

    private static byte[] nodeKey(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[utf8.length + 1];
        key[0] = NODE_PREFIX;
        System.arraycopy(utf8, 0, key, 1, utf8.length);
        return key;
    }

    private static byte[] sessionKey(long id) {
        return ByteBuffer.allocate(9).put(SESSION_PREFIX).putLong(id).array();
    }

    /** Where recovery splits the snapshot's nodes between two readers; null when it reads them on one. */
    byte[] snapshotSplitKey() throws RocksDBException {
        return SnapshotReader.splitKey(db, tree);
    }

    /** Closes as a killed process leaves the storage: memtables unflushed, the WAL the only record. */
    void closeAsIfKilled() {
        reopenLock.writeLock().lock();
        try {
            closeDb();
        } finally {
            reopenLock.writeLock().unlock();
        }
        close();
    }

    private void flushQuietly() {
        if (db == null || failed) {
            return;
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        } catch (RocksDBException e) {
            LOG.log(System.Logger.Level.WARNING, "could not flush " + directory + " before closing; the next start "
                    + "replays its write-ahead log: " + e.getMessage());
        }
    }

    private void closeDb() {
        if (db == null) {
            return;
        }
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        db = null;
    }

    /**
     * Flushes the memtables first: a clean restart then finds everything in table files and has no WAL to
     * replay (up to 64 MiB of it, most of a second with a million znodes).
     */
    @Override
    public void close() {
        reopenLock.writeLock().lock();
        try {
            flushQuietly();
            closeDb();
        } finally {
            reopenLock.writeLock().unlock();
        }
        values.close();
        logWrite.close();
        snapshotWrite.close();
        dbOptions.close();
        cfOptions.close();
        logOptions.close();
    }
}
