package io.paddock.server.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.server.storage.rocksdb.RocksStorage;
import io.paddock.server.tools.zk.ZkFilesForTest;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log printer on a Paddock storage (also while a server holds it) and on a ZooKeeper log file. */
class PrintLogTest {
    static final long SESSION = 0x1000_0000_0000_0001L;
    static final long TIME_MS = 1_700_000_000_000L;
    static final List<Acl> OPEN = List.of(Acl.WORLD_ALL);

    @TempDir
    Path dir;

    /** One txn of every kind, zxid 1 to 10, one second apart. */
    static List<TxnEntry> everyKind() {
        List<Txn> txns = List.of(
                new Txn.CreateSession(SESSION, 30_000),
                new Txn.Create(OpCode.CREATE, "/app", utf8("hello"), OPEN, 0, 1),
                new Txn.Create(OpCode.CREATE2, "/app/e", new byte[0], OPEN, SESSION, 1),
                new Txn.Create(OpCode.CREATE_CONTAINER, "/c", utf8("it's"), OPEN, EphemeralOwner.CONTAINER, 2),
                new Txn.Create(OpCode.CREATE_TTL, "/t", new byte[0], OPEN, EphemeralOwner.ttl(60_000), 3),
                new Txn.SetData("/app", new byte[] {0, 1, 2, (byte) 0xff}, 1),
                new Txn.SetAcl("/app", List.of(new Acl(Perms.ALL, "digest", "alice:x="),
                        new Acl(Perms.READ, "world", "anyone")), 1),
                new Txn.Multi(List.of(new Txn.Check("/app", 1), new Txn.Delete("/c"))),
                new Txn.Error(ErrorCode.NO_NODE),
                new Txn.CloseSession(List.of("/app/e")));
        List<TxnEntry> entries = new ArrayList<>();
        for (int i = 0; i < txns.size(); i++) {
            entries.add(new TxnEntry(i + 1, TIME_MS + 1000L * i, SESSION, i, txns.get(i)));
        }
        return entries;
    }

    private static final String EVERY_KIND = """
            2023-11-14 22:13:20.000 Z session 0x1000000000000001 cxid 0x0 zxid 0x1 createSession timeout=30000
            2023-11-14 22:13:21.000 Z session 0x1000000000000001 cxid 0x1 zxid 0x2 create /app data='hello' \
            acl=[world:anyone:cdrwa] persistent parentCversion=1
            2023-11-14 22:13:22.000 Z session 0x1000000000000001 cxid 0x2 zxid 0x3 create2 /app/e data='' \
            acl=[world:anyone:cdrwa] ephemeral(0x1000000000000001) parentCversion=1
            2023-11-14 22:13:23.000 Z session 0x1000000000000001 cxid 0x3 zxid 0x4 createContainer /c data='it\\'s' \
            acl=[world:anyone:cdrwa] container parentCversion=2
            2023-11-14 22:13:24.000 Z session 0x1000000000000001 cxid 0x4 zxid 0x5 createTTL /t data='' \
            acl=[world:anyone:cdrwa] ttl=60000 parentCversion=3
            2023-11-14 22:13:25.000 Z session 0x1000000000000001 cxid 0x5 zxid 0x6 setData /app data=0x000102ff \
            version=1
            2023-11-14 22:13:26.000 Z session 0x1000000000000001 cxid 0x6 zxid 0x7 setACL /app \
            acl=[digest:alice:x=:cdrwa, world:anyone:r] aclVersion=1
            2023-11-14 22:13:27.000 Z session 0x1000000000000001 cxid 0x7 zxid 0x8 multi [check /app version=1; \
            delete /c]
            2023-11-14 22:13:28.000 Z session 0x1000000000000001 cxid 0x8 zxid 0x9 error NO_NODE(-101)
            2023-11-14 22:13:29.000 Z session 0x1000000000000001 cxid 0x9 zxid 0xa closeSession ephemerals=[/app/e]
            """;

    @Test
    void printsOneLinePerTxnAsZooKeepersToolkitDoes() {
        writeStorage(everyKind());
        Run run = run(dir.toString());
        assertEquals(0, run.status, run.err);
        assertEquals("Paddock txn log in " + dir.resolve("paddock-db") + " (snapshot at zxid 0x0)\n" + EVERY_KIND
                + "EOF reached after 10 txns.\n", run.out);
    }

    @Test
    void startsAtAGivenZxid() {
        writeStorage(everyKind());
        Run run = run("--from", "0x9", dir.resolve("paddock-db").toString());
        assertEquals(0, run.status, run.err);
        List<String> lines = run.out.lines().toList();
        assertEquals(4, lines.size(), run.out);
        assertTrue(lines.get(1).contains(" zxid 0x9 error "), run.out);
        assertTrue(lines.get(2).contains(" zxid 0xa closeSession "), run.out);
    }

    @Test
    void readsTheStorageWhileAServerHoldsIt() {
        try (RocksStorage held = RocksStorage.open(dir, true, 1000)) {
            held.append(everyKind());
            Run run = run(dir.toString());
            assertEquals(0, run.status, run.err);
            assertTrue(run.out.endsWith("EOF reached after 10 txns.\n"), run.out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void saysWhatIsWrongWithItsArguments() {
        Run missing = run(dir.resolve("nothing-here").toString());
        assertEquals(1, missing.status);
        assertTrue(missing.err.startsWith("error: no Paddock storage in " + dir.resolve("nothing-here")), missing.err);
        assertEquals(2, run().status);
        assertEquals(2, run("--from", "zz", dir.toString()).status);
    }

    @Test
    void printsAZooKeeperLogFileAndFlagsDamagedRecords() throws IOException {
        List<byte[]> txns = new ArrayList<>();
        for (TxnEntry e : everyKind().subList(0, 3)) {
            txns.add(ZkFilesForTest.logged(e));
        }
        Path file = dir.resolve("log.1");
        ZkFilesForTest.writeLog(file, txns);
        long second = ZkFilesForTest.recordOffsets(txns).get(1);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(second); // the stored checksum
            raf.write(0x7f);
        }
        Run run = run(file.toString());
        assertEquals(0, run.status, run.err);
        List<String> lines = run.out.lines().toList();
        assertEquals("ZooKeeper txn log " + file, lines.get(0));
        assertEquals(EVERY_KIND.lines().toList().get(0), lines.get(1));
        assertEquals("CRC ERROR at offset " + second + " - " + EVERY_KIND.lines().toList().get(1), lines.get(2));
        assertEquals("EOF reached after 3 txns.", lines.get(4));
    }

    private void writeStorage(List<TxnEntry> entries) {
        try (RocksStorage storage = RocksStorage.open(dir, true, 1000)) {
            storage.append(entries);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PrintLog.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ZoneOffset.UTC);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
