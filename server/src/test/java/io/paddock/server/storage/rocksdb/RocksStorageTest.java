package io.paddock.server.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paddock.server.base.Check;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.storage.LogRetention;
import io.paddock.server.storage.StorageException;
import io.paddock.server.storage.TxnLog;
import io.paddock.server.storage.TxnLogContractTest;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The RocksDB storage: the port's contract with everything surviving a restart, and what a durable store must
 * also get right — refusing directories it cannot vouch for (newer format, missing files, corruption) with a
 * message that names the file or directory, and tolerating a torn last write without losing anything else.
 *
 * <p>Where the tests damage files they do what a failing disk or a power cut does: flip bytes, cut the tail of
 * the write-ahead log, lose files. RocksDB's behaviour in each case was found by trying it (rocksdbjni 9.7.3).
 */
class RocksStorageTest extends TxnLogContractTest {
    private static final int SNAP_COUNT = 10;

    @TempDir
    Path dataDir;

    @Override
    protected TxnLog openFresh() {
        return open();
    }

    @Override
    protected TxnLog reopen() {
        return open();
    }

    @Override
    protected boolean durable() {
        return true;
    }

    private RocksStorage open() {
        try {
            return RocksStorage.open(dataDir, true, SNAP_COUNT);
        } catch (RocksStorage.UnusableStorageException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dbDir() {
        return dataDir.resolve(RocksStorage.DIRECTORY);
    }

    // ---- log truncation behind the snapshot

    @Test
    void truncationKeepsSnapCountEntriesBehindTheSnapshot() throws IOException {
        RocksStorage storage = open();
        log = storage;
        storage.recover();
        long snapshotZxid = 0;
        for (int zxid = 1; zxid <= 200; zxid++) {
            storage.append(List.of(entry(zxid, setData("/a", "v" + zxid, zxid))));
            if (zxid % 7 == 0) {
                // The snapshot trails the log a little, as it does in the server.
                snapshotZxid = zxid - 2;
                storage.saveSnapshot(new TreeChanges(snapshotZxid, List.of(node("/a", "v" + snapshotZxid,
                        snapshotZxid, 0)), List.of(), List.of(), List.of()));
                assertLogKeepsBehind(storage, snapshotZxid, zxid);
            }
        }
        assertEquals(194, snapshotZxid);
        Recovered recovered = restart();
        assertEquals(snapshotZxid, recovered.snapshotZxid());
        assertEquals(List.of(195L, 196L, 197L, 198L, 199L, 200L),
                recovered.logAfterSnapshot().stream().map(TxnEntry::zxid).toList());
        assertLogKeepsBehind((RocksStorage) log, snapshotZxid, 200);
    }

    @Test
    void truncationKeepsAtMostTheByteLimitBehindTheSnapshot() throws IOException {
        // 4 KiB values against a 64 KiB limit: by count (1,000) the log would keep every entry.
        LogRetention retention = new LogRetention(1_000, 64 << 10);
        String value = "v".repeat(4 << 10);
        try (RocksStorage storage = RocksStorage.open(dataDir, true, retention)) {
            storage.recover();
            for (int zxid = 1; zxid <= 100; zxid++) {
                appendAndSnapshot(storage, zxid, value);
                List<TxnEntry> kept = storage.readLog(0, 10_000);
                long keptBytes = kept.stream().mapToLong(e -> TxnCodec.encode(e).length).sum();
                assertTrue(keptBytes <= retention.maxBytes(), "after 0x" + zxid + " the log holds " + keptBytes);
                assertEquals(zxid, kept.get(kept.size() - 1).zxid());
                assertEquals(zxid - kept.size() + 1, kept.get(0).zxid(), "log entries are contiguous");
            }
            assertTrue(storage.readLog(0, 10_000).size() >= 7, "a cut keeps half the limit");
        }
        // Restarted on the same directory, the log written before the start is cut with the rest.
        try (RocksStorage storage = RocksStorage.open(dataDir, true, retention)) {
            storage.recover();
            for (int zxid = 101; zxid <= 130; zxid++) {
                appendAndSnapshot(storage, zxid, value);
            }
            List<TxnEntry> kept = storage.readLog(0, 10_000);
            assertTrue(kept.get(0).zxid() > 100, "the log still starts at 0x" + Long.toHexString(kept.get(0).zxid()));
        }
    }

    /** A setData of /a at zxid, and a snapshot right after it. */
    private static void appendAndSnapshot(RocksStorage storage, int zxid, String value) {
        storage.append(List.of(entry(zxid, setData("/a", value, zxid))));
        storage.saveSnapshot(new TreeChanges(zxid, List.of(node("/a", value, zxid, 0)), List.of(), List.of(),
                List.of()));
    }

    // ---- large entries in the value log

    @Test
    void largeEntriesLiveInTheValueLogAndComeBackAfterAKill() throws IOException {
        String large = "L".repeat(RocksStorage.VALUE_LOG_MIN_BYTES);
        List<TxnEntry> written = new ArrayList<>();
        RocksStorage storage = open();
        storage.recover();
        for (int zxid = 1; zxid <= 6; zxid++) {
            TxnEntry e = entry(zxid, setData("/a", (zxid % 2 == 0 ? large : "small") + zxid, zxid));
            storage.append(List.of(e));
            written.add(e);
        }
        assertEquals(render(written), render(storage.readLog(0, 100)));
        storage.closeAsIfKilled();
        assertEquals(1, valueSegments().size(), "the three large entries share one segment");
        try (RocksStorage reopened = open()) {
            assertEquals(render(written), render(reopened.recover().logAfterSnapshot()));
        }
        try (ReadOnlyStorage tool = ReadOnlyStorage.open(dataDir)) {
            List<Long> sizes = new ArrayList<>();
            tool.forEachLogEntry(0, (zxid, txn) -> sizes.add((long) txn.length));
            assertEquals(6, sizes.size());
            assertTrue(sizes.get(1) > RocksStorage.VALUE_LOG_MIN_BYTES && sizes.get(0) < 100, sizes.toString());
        }
    }

    @Test
    void aLargeEntryWhoseSegmentIsGoneIsReportedNamingTheFile() throws IOException {
        RocksStorage storage = open();
        storage.recover();
        storage.append(List.of(entry(1, setData("/a", "L".repeat(RocksStorage.VALUE_LOG_MIN_BYTES), 1))));
        storage.closeAsIfKilled();
        Path segment = valueSegments().get(0);
        Files.delete(segment);
        log = open();
        StorageException e = assertThrows(StorageException.class, () -> log.recover());
        assertMentions(e.getMessage(), segment.toString(), "missing");
    }

    @Test
    void valueSegmentsBelowTheTrimmedLogAreDeleted() throws IOException {
        LogRetention retention = new LogRetention(1_000, 4 * RocksStorage.VALUE_LOG_MIN_BYTES);
        String large = "L".repeat(RocksStorage.VALUE_LOG_MIN_BYTES);
        try (RocksStorage storage = RocksStorage.open(dataDir, true, retention)) {
            storage.recover();
            for (int zxid = 1; zxid <= 3; zxid++) {
                appendAndSnapshot(storage, zxid, large);
            }
        }
        // Every start appends to a new segment: the first one's entries can then be trimmed whole.
        try (RocksStorage storage = RocksStorage.open(dataDir, true, retention)) {
            storage.recover();
            for (int zxid = 4; zxid <= 12; zxid++) {
                appendAndSnapshot(storage, zxid, large);
            }
            assertEquals(1, storage.valueSegmentCount());
            assertTrue(storage.readLog(0, 100).get(0).zxid() > 3);
        }
        assertEquals(1, valueSegments().size());
        try (RocksStorage storage = open()) {
            assertEquals(12, storage.recover().snapshotZxid());
        }
    }

    @Test
    void aFormatOneDirectoryIsReadAndMarkedFormatTwo() throws Exception {
        List<TxnEntry> written = createWithEntries(3);
        withRawDb((db, families) -> db.put("format".getBytes(StandardCharsets.US_ASCII),
                ByteBuffer.allocate(4).putInt(1).array()));
        try (RocksStorage storage = open()) {
            assertEquals(render(written), render(storage.recover().logAfterSnapshot()));
        }
        withRawDb((db, families) -> assertEquals(2,
                ByteBuffer.wrap(db.get("format".getBytes(StandardCharsets.US_ASCII))).getInt()));
    }

    @Test
    void withoutAByteLimitTheLogIsKeptByCount() throws IOException {
        String value = "v".repeat(4 << 10);
        try (RocksStorage storage = RocksStorage.open(dataDir, true, new LogRetention(1_000, 0))) {
            storage.recover();
            for (int zxid = 1; zxid <= 100; zxid++) {
                appendAndSnapshot(storage, zxid, value);
            }
            assertEquals(100, storage.readLog(0, 10_000).size());
        }
    }

    /**
     * Everything from snapCount behind the snapshot to the last appended entry is there, contiguous; older
     * entries go in steps (every snapCount / 2), so at most that many more are left.
     */
    private static void assertLogKeepsBehind(RocksStorage storage, long snapshotZxid, long lastZxid)
            throws IOException {
        List<Long> zxids = storage.readLog(0, 10_000).stream().map(TxnEntry::zxid).toList();
        long oldest = zxids.get(0);
        long keepFrom = Math.max(1, snapshotZxid - SNAP_COUNT);
        assertTrue(oldest <= keepFrom, "snapshot 0x" + snapshotZxid + ": log starts at " + oldest
                + ", after " + keepFrom);
        assertTrue(oldest >= keepFrom - SNAP_COUNT / 2 - 1, "snapshot " + snapshotZxid + ": log still starts at "
                + oldest);
        for (int i = 0; i < zxids.size(); i++) {
            assertEquals(oldest + i, zxids.get(i), "log entries are contiguous");
        }
        assertEquals(lastZxid, zxids.get(zxids.size() - 1));
    }

    @Test
    void aGapIsRefusedOnAppend() throws Exception {
        RocksStorage storage = open();
        log = storage;
        storage.recover();
        storage.append(List.of(entry(1, setData("/a", "1", 1)), entry(2, setData("/a", "2", 2))));
        Check.InvariantViolation e = assertThrows(Check.InvariantViolation.class,
                () -> storage.append(List.of(entry(4, setData("/a", "4", 4)))));
        assertMentions(e.getMessage(), "0x4 after 0x2");
    }

    @Test
    void aGapInTheLogIsReportedNotSkipped() throws Exception {
        createFlushedWithEntries(5);
        // Damage as a careless repair would: remove one entry from the middle of the log.
        withRawDb((db, families) -> db.delete(families.get(1), RocksStorage.zxidKey(3)));
        RocksStorage reopened = open();
        log = reopened;
        StorageException e = assertThrows(StorageException.class, reopened::recover);
        assertMentions(e.getMessage(), dbDir().toString(), "expected 0x3");
    }

    // ---- directories we must refuse

    @Test
    void aNewerFormatIsRefusedNamingTheDirectory() throws Exception {
        createWithEntries(5);
        withRawDb((db, families) -> db.put("format".getBytes(StandardCharsets.US_ASCII),
                ByteBuffer.allocate(4).putInt(RocksStorage.FORMAT_VERSION + 1).array()));
        RocksStorage.UnusableStorageException e = assertThrows(RocksStorage.UnusableStorageException.class,
                () -> RocksStorage.open(dataDir, true, SNAP_COUNT));
        assertMentions(e.getMessage(), dbDir().toString(), "newer", "format " + (RocksStorage.FORMAT_VERSION + 1));
        // Refusing must not have changed anything: the marker is still the newer one.
        withRawDb((db, families) -> assertEquals(RocksStorage.FORMAT_VERSION + 1,
                ByteBuffer.wrap(db.get("format".getBytes(StandardCharsets.US_ASCII))).getInt()));
    }

    @Test
    void theReadOnlyToolsRefuseANewerFormatAndAMissingMarkerToo() throws Exception {
        createWithEntries(5);
        withRawDb((db, families) -> db.put("format".getBytes(StandardCharsets.US_ASCII),
                ByteBuffer.allocate(4).putInt(RocksStorage.FORMAT_VERSION + 1).array()));
        assertMentions(assertThrows(RocksStorage.UnusableStorageException.class,
                () -> ReadOnlyStorage.open(dataDir)).getMessage(), dbDir().toString(), "newer");
        withRawDb((db, families) -> db.delete("format".getBytes(StandardCharsets.US_ASCII)));
        assertMentions(assertThrows(RocksStorage.UnusableStorageException.class,
                () -> ReadOnlyStorage.open(dataDir)).getMessage(), dbDir().toString(), "no format marker");
    }

    @Test
    void aMissingFormatMarkerIsRefused() throws Exception {
        createWithEntries(5);
        withRawDb((db, families) -> db.delete("format".getBytes(StandardCharsets.US_ASCII)));
        RocksStorage.UnusableStorageException e = assertThrows(RocksStorage.UnusableStorageException.class,
                () -> RocksStorage.open(dataDir, true, SNAP_COUNT));
        assertMentions(e.getMessage(), dbDir().toString(), "no format marker");
    }

    @Test
    void aMissingManifestIsRefused() throws Exception {
        createFlushedWithEntries(20);
        for (Path manifest : files("MANIFEST-")) {
            Files.delete(manifest);
        }
        assertRefusedMentioning(dbDir().toString(), "MANIFEST-", "No such file");
    }

    @Test
    void aMissingTableFileIsRefused() throws Exception {
        createFlushedWithEntries(20);
        List<Path> tables = files(".sst");
        assertFalse(tables.isEmpty(), "the reopen flushed the log into table files");
        Files.delete(tables.get(0));
        assertRefusedMentioning(tables.get(0).toString(), "No such file");
    }

    @Test
    void aDirectoryWithOnlyCurrentIsRefused() throws Exception {
        createFlushedWithEntries(20);
        try (Stream<Path> all = Files.list(dbDir())) {
            for (Path file : all.toList()) {
                if (!file.getFileName().toString().equals("CURRENT")) {
                    Files.delete(file);
                }
            }
        }
        assertRefusedMentioning(dbDir().toString(), "No such file");
    }

    @Test
    void aMissingCurrentWithALogLeftIsRefused() throws Exception {
        createFlushedWithEntries(20);
        Files.delete(dbDir().resolve("CURRENT"));
        assertRefusedMentioning(dbDir().toString(), "no CURRENT");
    }

    /**
     * BUG: a directory that lost CURRENT and its write-ahead log but still holds table files and a MANIFEST
     * (a partial restore, a careless cleanup) is taken for a new directory: RocksStorage.open decides "new" from
     * CURRENT alone, RocksDB creates an empty database there and deletes the old table files as obsolete. The
     * server starts empty, without a word. Expected: refused, because the directory is not empty.
     */
    @Test
    void aNonEmptyDirectoryWithoutCurrentIsRefusedNotWiped() throws Exception {
        createFlushedWithEntries(20);
        Files.delete(dbDir().resolve("CURRENT"));
        for (Path wal : files(".log")) {
            Files.delete(wal);
        }
        List<Path> tables = files(".sst");
        assertRefusedMentioning(dbDir().toString());
        for (Path table : tables) {
            assertTrue(Files.exists(table), table + " was deleted");
        }
    }

    // ---- damaged files

    @Test
    void aCorruptTableFileIsReportedNamingIt() throws Exception {
        Path damaged = damageLargestFlushed(".sst");
        Throwable failure = openAndRecoverFailure();
        assertMentions(failure.getMessage(), damaged.toString(), "checksum mismatch");
    }

    @Test
    void aCorruptBlobFileIsReportedNamingIt() throws Exception {
        // Entries of 1 KB live in the log family's blob files.
        damageLargestFlushed(".blob");
        Throwable failure = openAndRecoverFailure();
        assertMentions(failure.getMessage(), dbDir().toString());
    }

    /** Writes and flushes 200 entries, then flips 16 bytes a third into the largest file ending in suffix. */
    private Path damageLargestFlushed(String suffix) throws Exception {
        createFlushedWithEntries(200);
        Path largest = largest(files(suffix));
        DamagedFiles.flipBytes(largest, Files.size(largest) / 3, 16);
        return largest;
    }

    @Test
    void aCorruptRecordInTheMiddleOfTheLogIsReported() throws Exception {
        // Enough entries for the log to span several 32 KiB blocks; the damage is in a record's payload, early.
        createWithEntries(150);
        Path wal = newestWal();
        DamagedFiles.flipBytes(wal, DamagedFiles.payloadOfRecordNear(wal, 40_000), 16);
        Throwable failure = openAndRecoverFailure();
        assertMentions(failure.getMessage(), dbDir().toString(), "checksum mismatch");
    }

    @Test
    void aCorruptRecordInTheLastBlockOfTheLogIsReported() throws Exception {
        createWithEntries(150);
        Path wal = newestWal();
        // The payload of one of the last records: not a torn tail (records follow it) but damage.
        DamagedFiles.flipBytes(wal, DamagedFiles.payloadOfRecordNear(wal, Files.size(wal) - 3_000), 16);
        Throwable failure = openAndRecoverFailure();
        assertMentions(failure.getMessage(), dbDir().toString(), "checksum mismatch");
    }

    /**
     * BUG: when the damaged bytes are the length field of a record header in the last (partial) 32 KiB block of
     * the newest write-ahead log, RocksDB's TolerateCorruptedTailRecords mode takes the bad length for a torn
     * tail ("bad record length" at end of file is not reported in that mode) and drops that record and every one
     * after it — synced, acknowledged txns — and the storage opens as if nothing happened. Expected: an error
     * naming the directory, because intact records follow the damaged one.
     */
    @Disabled("Known limitation (issue 3 note): RocksDB's TolerateCorruptedTailRecords takes a corrupt record length in the last WAL block for a torn tail and drops the synced records after it")
    @Test
    void aCorruptRecordLengthBeforeIntactRecordsIsReported() throws Exception {
        List<TxnEntry> written = createWithEntries(10);
        Path wal = newestWal();
        List<Long> headers = DamagedFiles.walRecordOffsets(wal);
        // Record 0 is the format marker, record i the entry with zxid i; damage the 6th entry's length field.
        DamagedFiles.flipBytes(wal, headers.get(6) + 4, 2);
        Throwable failure = null;
        Recovered recovered = null;
        try (RocksStorage storage = RocksStorage.open(dataDir, true, SNAP_COUNT)) {
            recovered = storage.recover();
        } catch (RuntimeException | IOException e) {
            failure = e;
        }
        if (failure == null) {
            fail("opened and recovered " + recovered.logAfterSnapshot().size() + " of " + written.size()
                    + " synced entries without an error");
        }
        assertMentions(failure.getMessage(), dbDir().toString());
    }

    /** A power cut in the middle of the last group commit: the torn batch goes, all of it, and nothing else. */
    @ParameterizedTest(name = "cut {0} bytes")
    @ValueSource(ints = {1, 7, 100, 600, 1_500})
    void aTornLogTailDropsOnlyTheTornBatch(int cutBytes) throws Exception {
        RocksStorage storage = open();
        storage.recover();
        List<TxnEntry> kept = new ArrayList<>();
        for (int zxid = 1; zxid <= 30; zxid++) {
            TxnEntry e = entry(zxid, setData("/a", "v".repeat(200) + zxid, zxid));
            storage.append(List.of(e));
            kept.add(e);
        }
        // The last group commit holds several entries (about 2 KiB): cut anywhere inside it, it goes as a whole.
        List<TxnEntry> torn = new ArrayList<>();
        for (int zxid = 31; zxid <= 38; zxid++) {
            torn.add(entry(zxid, setData("/b", "w".repeat(200) + zxid, zxid)));
        }
        storage.append(torn);
        storage.closeAsIfKilled();
        Path wal = newestWal();
        List<Long> records = DamagedFiles.walRecordOffsets(wal);
        long lastRecordBytes = Files.size(wal) - records.get(records.size() - 1);
        assertTrue(cutBytes < lastRecordBytes, "the cut stays inside the last record of " + lastRecordBytes + " B");
        DamagedFiles.truncateBy(wal, cutBytes);

        log = open();
        Recovered recovered = log.recover();
        assertEquals(render(kept), render(recovered.logAfterSnapshot()));
        assertEquals(30, log.lastZxid());
        // The server goes on from there: the next txns take the torn ones' zxids, and all of it survives.
        List<TxnEntry> after = List.of(entry(31, setData("/c", "again", 31)), entry(32, setData("/c", "more", 32)));
        log.append(after);
        Recovered again = restart();
        kept.addAll(after);
        assertEquals(render(kept), render(again.logAfterSnapshot()));
    }

    /**
     * The same after a crash rather than a clean close: the files are copied as they are while the storage is
     * still open (what a SIGKILL leaves on disk), then the last batch is torn in the copy.
     */
    @Test
    void aTornLogTailAfterACrashDropsOnlyTheTornBatch() throws Exception {
        RocksStorage storage = open();
        log = storage;
        storage.recover();
        List<TxnEntry> kept = new ArrayList<>();
        for (int zxid = 1; zxid <= 40; zxid++) {
            TxnEntry e = entry(zxid, setData("/a", "v".repeat(300) + zxid, zxid));
            storage.append(List.of(e));
            kept.add(e);
        }
        storage.saveSnapshot(new TreeChanges(35, List.of(node("/a", "v35", 35, 0)), List.of(), List.of(), List.of()));
        List<TxnEntry> torn = new ArrayList<>();
        for (int zxid = 41; zxid <= 45; zxid++) {
            torn.add(entry(zxid, setData("/b", "w".repeat(300) + zxid, zxid)));
        }
        storage.append(torn);

        Path crashed = dataDir.resolve("crashed");
        Path crashedDb = crashed.resolve(RocksStorage.DIRECTORY);
        Files.createDirectories(crashedDb);
        for (Path file : files("")) {
            if (!file.getFileName().toString().equals("LOCK")) {
                Files.copy(file, crashedDb.resolve(file.getFileName()));
            }
        }
        List<Path> wals;
        try (Stream<Path> all = Files.list(crashedDb)) {
            wals = all.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        DamagedFiles.truncateBy(wals.get(wals.size() - 1), 200);

        try (RocksStorage afterCrash = RocksStorage.open(crashed, true, SNAP_COUNT)) {
            Recovered recovered = afterCrash.recover();
            assertEquals(35, recovered.snapshotZxid());
            assertEquals(render(kept.subList(35, 40)), render(recovered.logAfterSnapshot()));
            assertEquals(render(List.of(node("/a", "v35", 35, 0))), render(recovered.nodes()));
            assertEquals(40, afterCrash.lastZxid());
        }
    }

    // ---- helpers

    /** A fresh storage with entries 1..count, one group commit each, closed; they are in the write-ahead log. */
    private List<TxnEntry> createWithEntries(int count) {
        List<TxnEntry> written = new ArrayList<>();
        RocksStorage storage = open();
        storage.recover();
        for (int zxid = 1; zxid <= count; zxid++) {
            TxnEntry e = entry(zxid, setData("/a", "x".repeat(1_000) + zxid, zxid));
            storage.append(List.of(e));
            written.add(e);
        }
        // The entries stay in the write-ahead log, where the damage tests look for them.
        storage.closeAsIfKilled();
        return written;
    }

    /** As {@link #createWithEntries}, then opened and closed once more: reopening flushes the log to tables. */
    private void createFlushedWithEntries(int count) throws IOException {
        createWithEntries(count);
        try (RocksStorage storage = open()) {
            assertEquals(count, storage.recover().logAfterSnapshot().size());
        }
        assertFalse(files(".sst").isEmpty(), "reopening flushed the recovered log into table files");
    }

    private interface RawDbAction {
        /** families: default, log, tree. */
        void run(RocksDB db, List<ColumnFamilyHandle> families) throws RocksDBException;
    }

    /** Opens the directory with plain RocksDB (our three column families), as a tool or a newer Paddock would. */
    private void withRawDb(RawDbAction action) throws RocksDBException {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); ColumnFamilyOptions cf = new ColumnFamilyOptions()) {
            List<ColumnFamilyDescriptor> families = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY,
                    cf), new ColumnFamilyDescriptor("log".getBytes(StandardCharsets.US_ASCII), cf),
                    new ColumnFamilyDescriptor("tree".getBytes(StandardCharsets.US_ASCII), cf));
            try (RocksDB db = RocksDB.open(options, dbDir().toString(), families, handles)) {
                try {
                    action.run(db, handles);
                } finally {
                    handles.forEach(ColumnFamilyHandle::close);
                }
            }
        }
    }

    /** Opening or recovering fails; returns the exception, whichever step threw it. */
    private Throwable openAndRecoverFailure() {
        try (RocksStorage storage = RocksStorage.open(dataDir, true, SNAP_COUNT)) {
            Recovered recovered = storage.recover();
            fail("opened and recovered " + recovered.logAfterSnapshot().size() + " entries from damaged storage");
            return null;
        } catch (RocksStorage.UnusableStorageException | StorageException e) {
            return e;
        }
    }

    private void assertRefusedMentioning(String... parts) {
        RocksStorage.UnusableStorageException e = assertThrows(RocksStorage.UnusableStorageException.class,
                () -> RocksStorage.open(dataDir, true, SNAP_COUNT));
        assertMentions(e.getMessage(), parts);
    }

    private static void assertMentions(String message, String... parts) {
        assertNotNull(message);
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention \"" + part + "\": " + message);
        }
    }

    private List<Path> files(String nameContains) throws IOException {
        try (Stream<Path> all = Files.list(dbDir())) {
            return all.filter(p -> p.getFileName().toString().contains(nameContains)).sorted().toList();
        }
    }

    private List<Path> valueSegments() throws IOException {
        try (Stream<Path> all = Files.list(dbDir().resolve(ValueLog.DIRECTORY))) {
            return all.sorted().toList();
        }
    }

    private Path newestWal() throws IOException {
        List<Path> wals = files(".log");
        assertFalse(wals.isEmpty(), "a write-ahead log in " + dbDir());
        return wals.get(wals.size() - 1);
    }

    private static Path largest(List<Path> paths) throws IOException {
        Path largest = paths.get(0);
        for (Path p : paths) {
            if (Files.size(p) > Files.size(largest)) {
                largest = p;
            }
        }
        return largest;
    }
}
