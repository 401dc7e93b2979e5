package io.paddock.server.storage.rocksdb;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A read-only view of a {@link RocksStorage} directory for tools (the log and snapshot printers). RocksDB's
 * read-only mode takes no lock, so it works while a server runs on the same directory; it sees the data as
 * of the moment it was opened.
 */
public final class ReadOnlyStorage implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final ValueLog values;

    /** Receives each log entry as stored: its key's zxid and the txn bytes. */
    @FunctionalInterface
    public interface LogVisitor {
        /** Returns false to stop. */
        boolean visit(long zxid, byte[] txnBytes) throws IOException;
    }

    @FunctionalInterface
    public interface NodeVisitor {
        void visit(NodeRecord node) throws IOException;
    }

    private ReadOnlyStorage(Path directory, DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db,
                            List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.db = db;
        this.handles = handles;
        this.values = ValueLog.openReadOnly(directory);
    }

    /** The storage under dir/paddock-db; dir may also be the paddock-db directory itself. */
    public static ReadOnlyStorage open(Path dir) throws RocksStorage.UnusableStorageException {
        Path directory = Files.exists(dir.resolve(RocksStorage.DIRECTORY).resolve("CURRENT"))
                ? dir.resolve(RocksStorage.DIRECTORY) : dir;
        if (!Files.exists(directory.resolve("CURRENT"))) {
            throw new RocksStorage.UnusableStorageException("no Paddock storage in " + dir + " (expected "
                    + dir.resolve(RocksStorage.DIRECTORY) + " holding a RocksDB database)", null);
        }
        DBOptions dbOptions = new DBOptions().setParanoidChecks(true);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(StorageLayout.LOG_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(StorageLayout.TREE_FAMILY, cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            throw new RocksStorage.UnusableStorageException("cannot open the Paddock storage in " + directory
                    + " read-only: " + e.getMessage(), e);
        }
        ReadOnlyStorage storage = new ReadOnlyStorage(directory, dbOptions, cfOptions, db, handles);
        try {
            storage.checkFormat();
        } catch (RocksStorage.UnusableStorageException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private void checkFormat() throws RocksStorage.UnusableStorageException {
        if (StorageLayout.formatVersion(db, directory) == null) {
            throw StorageLayout.noFormatMarker(directory);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The zxid the snapshot family reflects, 0 before the first snapshot. */
    public long snapshotZxid() throws IOException {
        try {
            return StorageLayout.snapshotZxid(db, handles.get(2));
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Every node of the snapshot, in key order (parents before children). */
    public void forEachNode(NodeVisitor visitor) throws IOException {
        try {
            SnapshotReader.readNodes(db, handles.get(2), visitor::visit);
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The sessions of the snapshot, in id order of their keys. */
    public List<SessionRecord> sessions() throws IOException {
        try {
            return SnapshotReader.readSessions(db, handles.get(2));
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The log entries from fromZxid on, in zxid order, until the visitor returns false. */
    public void forEachLogEntry(long fromZxid, LogVisitor visitor) throws IOException {
        try {
            StorageLayout.forEachLogEntry(db, handles.get(1), values, fromZxid, visitor);
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        values.close();
        db.close();
        dbOptions.close();
        cfOptions.close();
    }
}
