package io.paddock.server.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.protocol.OpCode;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.txn.CreateTxnV0;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record framing of ZooKeeper's txn log, its ends, its damage, and the txn encodings it may hold. */
class ZkLogReaderTest {
    private static final long SESSION = 0x1000_0000_0000_0001L;

    @TempDir
    Path dir;

    private static List<byte[]> txns(int count) {
        List<byte[]> txns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            txns.add(ZkFilesForTest.logged(new TxnEntry(i, 1000 + i, SESSION, i,
                    new Txn.Create(OpCode.CREATE, "/n" + i, new byte[] {(byte) i}, List.of(Acl.WORLD_ALL), 0, i))));
        }
        return txns;
    }

    private static List<TxnEntry> readAll(ZkLogReader reader) throws IOException {
        List<TxnEntry> entries = new ArrayList<>();
        for (ZkLogReader.Record r = reader.next(); r != null; r = reader.next()) {
            entries.add(ZkTxnDecoder.decode(r.txnBytes()));
        }
        return entries;
    }

    @Test
    void readsEveryRecordUpToThePreallocatedZeros() throws IOException {
        Path file = dir.resolve("log.1");
        ZkFilesForTest.writeLog(file, txns(5));
        try (ZkLogReader reader = ZkLogReader.open(file)) {
            List<TxnEntry> entries = readAll(reader);
            assertEquals(5, entries.size());
            assertEquals(5, entries.get(4).zxid());
            assertEquals("/n5", ((Txn.Create) entries.get(4).txn()).path(), "the trailing TxnDigest is skipped");
            assertEquals(List.of(), reader.warnings());
        }
    }

    @Test
    void aChecksumMismatchIsAnErrorNamingTheFileAndOffset() throws IOException {
        Path file = dir.resolve("log.1");
        List<byte[]> txns = txns(5);
        ZkFilesForTest.writeLog(file, txns);
        long offset = ZkFilesForTest.recordOffsets(txns).get(2);
        flip(file, offset + 8 + 4 + 10);

        try (ZkLogReader reader = ZkLogReader.open(file)) {
            reader.next();
            reader.next();
            ZkFormatException e = assertThrows(ZkFormatException.class, reader::next);
            assertTrue(e.getMessage().startsWith(file + " at offset " + offset + ": CRC check failed"), e.getMessage());
        }
        try (ZkLogReader lenient = ZkLogReader.openLenient(file)) {
            lenient.next();
            lenient.next();
            assertEquals(false, lenient.next().crcValid());
            assertEquals(true, lenient.next().crcValid());
        }
    }

    @Test
    void aRecordCutShortEndsTheFileWithAWarning() throws IOException {
        Path file = dir.resolve("log.1");
        List<byte[]> txns = txns(3);
        ZkFilesForTest.writeLog(file, txns);
        long third = ZkFilesForTest.recordOffsets(txns).get(2);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(third + 8 + 4 + 5);
        }
        try (ZkLogReader reader = ZkLogReader.open(file)) {
            assertEquals(2, readAll(reader).size());
            assertEquals(1, reader.warnings().size());
            assertTrue(reader.warnings().get(0).contains("offset " + third), reader.warnings().toString());
        }
    }

    @Test
    void aMissingEndOfRecordMarkEndsTheFileAsZooKeeperDoes() throws IOException {
        Path file = dir.resolve("log.1");
        List<byte[]> txns = txns(3);
        ZkFilesForTest.writeLog(file, txns);
        long second = ZkFilesForTest.recordOffsets(txns).get(1);
        flip(file, second + 8 + 4 + txns.get(1).length);
        try (ZkLogReader reader = ZkLogReader.open(file)) {
            assertEquals(1, readAll(reader).size());
            assertTrue(reader.warnings().get(0).contains("partial"), reader.warnings().toString());
        }
    }

    @Test
    void aFileThatIsNotALogIsRefused() throws IOException {
        Path file = dir.resolve("log.1");
        Files.write(file, "this is not a ZooKeeper log at all".getBytes());
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZkLogReader.open(file));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void anEmptyFileHasNoRecords() throws IOException {
        Path file = dir.resolve("log.1");
        Files.createFile(file);
        try (ZkLogReader reader = ZkLogReader.open(file)) {
            assertEquals(null, reader.next());
        }
    }

    @Test
    void decodesTheOlderEncodings() throws IOException {
        // A reconfig is a setData of /zookeeper/config.
        TxnEntry set = new TxnEntry(3, 1003, SESSION, 3, new Txn.SetData("/zookeeper/config", new byte[] {1}, 4));
        byte[] reconfig = retype(ZkFilesForTest.logged(set), OpCode.RECONFIG.code);
        assertEquals(set.txn().toString().replaceAll("\\[B@\\w+", ""),
                ZkTxnDecoder.decode(reconfig).txn().toString().replaceAll("\\[B@\\w+", ""));

        // Before 3.6 a closeSession had no body: the tree's ephemerals of the session go.
        byte[] bareClose = header(4, OpCode.CLOSE_SESSION.code);
        assertEquals(new Txn.CloseSession(List.of()), ZkTxnDecoder.decode(bareClose).txn());

        // Before 3.3 a create had no parent cversion: -1 stands for "one more than now".
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(header(5, OpCode.CREATE.code));
        new CreateTxnV0("/old", new byte[] {9}, new ArrayList<>(List.of(new ACL(31, new Id("world", "anyone")))), true)
                .serialize(BinaryOutputArchive.getArchive(bytes), "txn");
        Txn.Create create = (Txn.Create) ZkTxnDecoder.decode(bytes.toByteArray()).txn();
        assertEquals("/old", create.path());
        assertEquals(-1, create.parentCversion());
        assertEquals(SESSION, create.ephemeralOwner());
    }

    private static byte[] header(long zxid, int type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TxnHeader(SESSION, 1, zxid, 1000 + zxid, type).serialize(BinaryOutputArchive.getArchive(bytes), "hdr");
        return bytes.toByteArray();
    }

    /** The same txn under another type: the type is the int after clientId, cxid, zxid and time. */
    private static byte[] retype(byte[] txn, int type) {
        byte[] copy = txn.clone();
        copy[28] = (byte) (type >>> 24);
        copy[29] = (byte) (type >>> 16);
        copy[30] = (byte) (type >>> 8);
        copy[31] = (byte) type;
        return copy;
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }
}
