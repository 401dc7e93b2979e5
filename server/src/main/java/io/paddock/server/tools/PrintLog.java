package io.paddock.server.tools;

import io.paddock.server.storage.rocksdb.ReadOnlyStorage;
import io.paddock.server.storage.rocksdb.RocksStorage;
import io.paddock.server.tools.zk.ZkDataDir;
import io.paddock.server.tools.zk.ZkLogReader;
import io.paddock.server.tools.zk.ZkTxnDecoder;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Prints a transaction log, one line per txn, as ZooKeeper's zkTxnLogToolkit does:
 * {@code <time> session 0x.. cxid 0x.. zxid 0x.. <type> <details>}.
 *
 * <pre>
 *   PrintLog [--from &lt;zxid&gt;] &lt;Paddock dataDir or dataLogDir&gt;
 *   PrintLog [--from &lt;zxid&gt;] &lt;ZooKeeper log.&lt;zxid&gt; file&gt;
 * </pre>
 *
 * A Paddock storage is opened read-only, so this works while a server runs on it. A ZooKeeper log file is
 * read as ZooKeeper reads it; a record whose checksum does not match is shown with "CRC ERROR - " in front.
 */
public final class PrintLog {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    private static final String USAGE = "Usage: zkTxnLogToolkit.sh [--from <zxid>] <Paddock dataDir|dataLogDir>\n"
            + "       zkTxnLogToolkit.sh [--from <zxid>] <ZooKeeper log.<zxid> file>\n"
            + "  --from <zxid>  start at this zxid (hex with 0x, or decimal)";

    private final PrintStream out;
    private final Text text;

    private PrintLog(PrintStream out, ZoneId zone) {
        this.out = out;
        this.text = new Text(zone);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, ZoneId.systemDefault()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, ZoneId zone) {
        long fromZxid = 0;
        int i = 0;
        if (args.length == 3 && args[0].equals("--from")) {
            try {
                fromZxid = parseZxid(args[1]);
            } catch (NumberFormatException e) {
                err.println("not a zxid: " + args[1]);
                err.println(USAGE);
                return EXIT_USAGE;
            }
            i = 2;
        } else if (args.length != 1 || args[0].startsWith("-")) {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        Path path = Path.of(args[i]);
        PrintLog printer = new PrintLog(out, zone);
        try {
            if (Files.isRegularFile(path)
                    && ZkDataDir.zxidFromName(path.getFileName().toString(), ZkDataDir.LOG_PREFIX) != -1) {
                printer.printZooKeeperLog(path, fromZxid, err);
            } else {
                printer.printPaddockLog(path, fromZxid);
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.flush();
        return EXIT_OK;
    }

    /** Opens a Paddock storage read-only; names the right argument when dir holds ZooKeeper's files instead. */
    static ReadOnlyStorage openStorage(Path dir, String zooKeeperFiles) throws IOException {
        try {
            return ReadOnlyStorage.open(dir);
        } catch (RocksStorage.UnusableStorageException e) {
            Path zkDir = zooKeeperDir(dir);
            if (zkDir == null) {
                throw e;
            }
            throw new IOException(dir + " holds ZooKeeper's files, not a Paddock storage: give one of its "
                    + zooKeeperFiles + " files in " + zkDir, e);
        }
    }

    private static Path zooKeeperDir(Path dir) {
        try {
            return ZkDataDir.locate(dir, null).snapDir();
        } catch (IOException e) {
            return null;
        }
    }

    static long parseZxid(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    private void printPaddockLog(Path dir, long fromZxid) throws IOException {
        try (ReadOnlyStorage storage = openStorage(dir, "log.<zxid>")) {
            out.println("Paddock txn log in " + storage.directory() + " (snapshot at zxid 0x"
                    + Long.toHexString(storage.snapshotZxid()) + ")");
            long[] counts = new long[2];
            storage.forEachLogEntry(fromZxid, (zxid, bytes) -> {
                try {
                    out.println(text.txnLine(TxnCodec.decode(bytes)));
                    counts[0]++;
                } catch (TxnCodec.MalformedTxnException e) {
                    out.println("zxid 0x" + Long.toHexString(zxid) + " UNREADABLE (" + bytes.length + " bytes): "
                            + e.getMessage());
                    counts[1]++;
                }
                return true;
            });
            out.println("EOF reached after " + counts[0] + " txns" + (counts[1] > 0 ? " and " + counts[1]
                    + " unreadable entries." : "."));
        }
    }

    private void printZooKeeperLog(Path file, long fromZxid, PrintStream err) throws IOException {
        try (ZkLogReader reader = ZkLogReader.openLenient(file)) {
            out.println("ZooKeeper txn log " + file);
            long count = 0;
            for (ZkLogReader.Record r = reader.next(); r != null; r = reader.next()) {
                String prefix = r.crcValid() ? "" : "CRC ERROR at offset " + r.offset() + " - ";
                try {
                    TxnEntry entry = ZkTxnDecoder.decode(r.txnBytes());
                    if (entry.zxid() < fromZxid) {
                        continue;
                    }
                    out.println(prefix + text.txnLine(entry));
                } catch (TxnCodec.MalformedTxnException e) {
                    out.println(prefix + "offset " + r.offset() + " UNREADABLE (" + r.txnBytes().length + " bytes): "
                            + e.getMessage());
                }
                count++;
            }
            out.println("EOF reached after " + count + " txns.");
            for (String warning : reader.warnings()) {
                err.println("warning: " + warning);
            }
        }
    }
}
