package io.paddock.server.tools;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.storage.rocksdb.ReadOnlyStorage;
import io.paddock.server.tools.zk.ZkDataDir;
import io.paddock.server.tools.zk.ZkSnapshot;
import io.paddock.server.tools.zk.ZkSnapshotReader;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.tree.NodeRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a snapshot as ZooKeeper's zkSnapShotToolkit (SnapshotFormatter) does: every znode with its stat
 * fields, its data length (or, with -d, its data in base64) and its ACL; then the sessions with their
 * timeouts and ephemeral counts; then the zxid the snapshot reflects.
 *
 * <pre>
 *   PrintSnapshot [-d] &lt;Paddock dataDir or dataLogDir&gt;
 *   PrintSnapshot [-d] &lt;ZooKeeper snapshot.&lt;zxid&gt; file&gt;
 * </pre>
 *
 * A Paddock storage is opened read-only, so this works while a server runs on it; nodes come in path order.
 */
public final class PrintSnapshot {
    private static final String USAGE = "Usage: zkSnapShotToolkit.sh [-d] <Paddock dataDir|dataLogDir>\n"
            + "       zkSnapShotToolkit.sh [-d] <ZooKeeper snapshot.<zxid> file>\n"
            + "  -d  dump the data of each znode (base64) instead of its length";

    private final PrintStream out;
    private final Text text;
    private final boolean dumpData;
    private final Map<Long, Integer> ephemeralCounts = new HashMap<>();
    private long nodeCount;

    private PrintSnapshot(PrintStream out, ZoneId zone, boolean dumpData) {
        this.out = out;
        this.text = new Text(zone);
        this.dumpData = dumpData;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, ZoneId.systemDefault()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, ZoneId zone) {
        boolean dumpData = args.length == 2 && args[0].equals("-d");
        if (!(args.length == 1 && !args[0].startsWith("-") || dumpData)) {
            err.println(USAGE);
            return PrintLog.EXIT_USAGE;
        }
        Path path = Path.of(args[args.length - 1]);
        PrintSnapshot printer = new PrintSnapshot(out, zone, dumpData);
        try {
            if (Files.isRegularFile(path)
                    && ZkDataDir.zxidFromName(path.getFileName().toString(), ZkDataDir.SNAPSHOT_PREFIX) != -1) {
                printer.printZooKeeperSnapshot(path);
            } else {
                printer.printPaddockSnapshot(path);
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return PrintLog.EXIT_FAILED;
        }
        out.flush();
        return PrintLog.EXIT_OK;
    }

    private void printPaddockSnapshot(Path dir) throws IOException {
        try (ReadOnlyStorage storage = PrintLog.openStorage(dir, "snapshot.<zxid>")) {
            out.println("Paddock snapshot in " + storage.directory());
            out.println("ZNode Details:");
            storage.forEachNode(node -> printNode(node, null));
            printTail(storage.sessions(), storage.snapshotZxid());
        }
    }

    private void printZooKeeperSnapshot(Path file) throws IOException {
        ZkSnapshot snapshot = ZkSnapshotReader.read(file);
        out.println("ZooKeeper snapshot " + file);
        out.println("ZNode Details:");
        long highest = snapshot.zxid();
        for (NodeRecord node : snapshot.nodes()) {
            printNode(node, snapshot.unresolvedAcls().get(node.path()));
            highest = Math.max(highest, Math.max(node.mzxid(), node.pzxid()));
        }
        // As SnapshotFormatter: a fuzzy snapshot may reflect txns after the zxid of its name.
        printTail(snapshot.sessions(), highest);
    }

    private void printNode(NodeRecord node, Long missingAclId) {
        nodeCount++;
        if (EphemeralOwner.isSession(node.ephemeralOwner())) {
            ephemeralCounts.merge(node.ephemeralOwner(), 1, Integer::sum);
        }
        out.println("----");
        out.println(node.path());
        hex("cZxid", node.czxid());
        out.println("  ctime = " + text.time(node.ctime()));
        hex("mZxid", node.mzxid());
        out.println("  mtime = " + text.time(node.mtime()));
        hex("pZxid", node.pzxid());
        out.println("  cversion = " + node.cversion());
        out.println("  dataVersion = " + node.version());
        out.println("  aclVersion = " + node.aversion());
        hex("ephemeralOwner", node.ephemeralOwner());
        byte[] data = node.data() == null ? new byte[0] : node.data();
        if (dumpData) {
            out.println("  data = " + Base64.getEncoder().encodeToString(data));
        } else {
            out.println("  dataLength = " + data.length);
        }
        out.println("  acl = " + (missingAclId != null ? "<ACL id " + missingAclId + " missing from the ACL table>"
                : Text.acl(node.acl())));
    }

    private void hex(String name, long value) {
        out.println("  " + name + " = 0x" + Long.toHexString(value));
    }

    private void printTail(List<SessionRecord> sessions, long zxid) {
        out.println("----");
        out.println("ZNode count: " + nodeCount);
        out.println("Session Details (sid, timeout, ephemeralCount):");
        for (SessionRecord s : sessions) {
            out.println(String.format("0x%016x, %d, %d", s.id(), s.timeoutMs(), ephemeralCounts.getOrDefault(s.id(), 0)));
        }
        out.println("----");
        out.println("Last zxid: 0x" + Long.toHexString(zxid));
    }
}
