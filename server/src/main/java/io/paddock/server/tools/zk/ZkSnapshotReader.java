package io.paddock.server.tools.zk;

import io.paddock.protocol.Acl;
import io.paddock.protocol.Perms;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import java.util.zip.GZIPInputStream;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.Index;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.StatPersisted;
import org.apache.zookeeper.server.persistence.FileHeader;

/**
 * Reads one ZooKeeper snapshot file as {@code FileSnap.deserialize} does: the file header (magic "ZKSN"),
 * the sessions, the ACL table, the nodes in pre-order up to the path "/" that ends them, and the Adler32
 * seal over everything before it. ZooKeeper 3.6+ then appends a digest and 3.9 the last processed zxid,
 * each sealed again; those seals are checked when present. The compression follows the file name's suffix
 * ({@code .gz}, {@code .snappy}) as ZooKeeper's {@code SnapStream} decides it.
 */
public final class ZkSnapshotReader {
    public static final int MAGIC = ByteBuffer.wrap("ZKSN".getBytes(StandardCharsets.US_ASCII)).getInt();
    /** ZooKeeper's OPEN_ACL_UNSAFE, which nodes reference as ACL id -1 without a table entry. */
    private static final long OPEN_ACL_ID = -1L;
    private static final List<Acl> OPEN_ACL = List.of(new Acl(Perms.ALL, "world", "anyone"));
    /** Far above any jute.maxbuffer in use: a longer string or buffer means a damaged file. */
    static final int FIELD_BYTES_MAX = 256 << 20;
    private static final int BUFFER_BYTES = 1 << 16;

    private ZkSnapshotReader() {
    }

    /** The compression ZooKeeper infers from the last dot-separated part of the file name. */
    public enum Compression {
        NONE, GZIP, SNAPPY;

        public static Compression of(String fileName) {
            int dot = fileName.lastIndexOf('.');
            String suffix = dot < 0 ? "" : fileName.substring(dot + 1);
            if (suffix.equalsIgnoreCase("gz")) {
                return GZIP;
            } else if (suffix.equalsIgnoreCase("snappy")) {
                return SNAPPY;
            }
            return NONE;
        }
    }

    public static ZkSnapshot read(Path file) throws IOException {
        long zxid = ZkDataDir.zxidFromName(file.getFileName().toString(), ZkDataDir.SNAPSHOT_PREFIX);
        if (zxid == -1) {
            throw new ZkFormatException(file, "not a snapshot file name (snapshot.<hex zxid>[.gz|.snappy])");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
             CheckedInputStream checked = new CheckedInputStream(decompress(file, raw), new Adler32())) {
            BinaryInputArchive archive = new BinaryInputArchive(new DataInputStream(checked), FIELD_BYTES_MAX, 0);
            return readBody(file, zxid, checked, archive);
        } catch (ZkFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new ZkFormatException(file, "ends early: incomplete or truncated snapshot", e);
        } catch (IOException | RuntimeException e) {
            throw new ZkFormatException(file, "unreadable snapshot: " + e.getMessage(), e);
        }
    }

    private static InputStream decompress(Path file, InputStream raw) throws IOException {
        return switch (Compression.of(file.getFileName().toString())) {
            case GZIP -> new GZIPInputStream(raw, BUFFER_BYTES);
            case SNAPPY -> new XerialSnappyInputStream(raw);
            case NONE -> raw;
        };
    }

    private static ZkSnapshot readBody(Path file, long zxid, CheckedInputStream checked, BinaryInputArchive archive)
            throws IOException {
        FileHeader header = new FileHeader();
        header.deserialize(archive, "fileheader");
        if (header.getMagic() != MAGIC) {
            throw new ZkFormatException(file, String.format("bad magic 0x%08x, expected 0x%08x (\"ZKSN\")",
                    header.getMagic(), MAGIC));
        }
        List<SessionRecord> sessions = readSessions(file, archive);
        Map<Long, List<Acl>> acls = readAcls(file, archive);
        List<NodeRecord> nodes = new ArrayList<>();
        Map<String, Long> unresolved = new LinkedHashMap<>();
        readNodes(file, archive, acls, nodes, unresolved);
        checkSeal(file, checked, archive, "the tree");
        long lastProcessedZxid = readOptionalTrailer(file, checked, archive);
        return new ZkSnapshot(file, zxid, List.copyOf(nodes), List.copyOf(sessions), unresolved, lastProcessedZxid);
    }

    private static List<SessionRecord> readSessions(Path file, BinaryInputArchive archive) throws IOException {
        int count = archive.readInt("count");
        if (count < 0) {
            throw new ZkFormatException(file, "negative session count " + count);
        }
        List<SessionRecord> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = archive.readLong("id");
            int timeoutMs = archive.readInt("timeout");
            sessions.add(new SessionRecord(id, timeoutMs));
        }
        return sessions;
    }

    private static Map<Long, List<Acl>> readAcls(Path file, BinaryInputArchive archive) throws IOException {
        int count = archive.readInt("map");
        Map<Long, List<Acl>> acls = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long id = archive.readLong("long");
            Index index = archive.startVector("acls");
            if (index == null) {
                throw new ZkFormatException(file, "ACL table entry " + id + " has no ACL list");
            }
            List<Acl> list = new ArrayList<>();
            for (; !index.done(); index.incr()) {
                ACL acl = new ACL();
                acl.deserialize(archive, "acl");
                list.add(new Acl(acl.getPerms(), acl.getId().getScheme(), acl.getId().getId()));
            }
            acls.put(id, List.copyOf(list));
        }
        return acls;
    }

    private static void readNodes(Path file, BinaryInputArchive archive, Map<Long, List<Acl>> acls,
                                  List<NodeRecord> nodes, Map<String, Long> unresolved) throws IOException {
        Set<String> seen = new HashSet<>();
        for (String path = archive.readString("path"); !"/".equals(path); path = archive.readString("path")) {
            if (path == null) {
                throw new ZkFormatException(file, "a node without a path");
            }
            byte[] data = archive.readBuffer("data");
            long aclId = archive.readLong("acl");
            StatPersisted stat = new StatPersisted();
            stat.deserialize(archive, "statpersisted");
            String ours = path.isEmpty() ? "/" : path;
            if (!path.isEmpty()) {
                int slash = path.lastIndexOf('/');
                String parent = slash <= 0 ? "/" : path.substring(0, slash);
                if (slash < 0 || !seen.contains(parent)) {
                    throw new ZkFormatException(file, "node " + path + " comes without its parent " + parent);
                }
            }
            seen.add(ours);
            List<Acl> acl = aclId == OPEN_ACL_ID ? OPEN_ACL : acls.get(aclId);
            if (acl == null) {
                unresolved.put(ours, aclId);
                acl = List.of();
            }
            nodes.add(new NodeRecord(ours, data, acl, stat.getCzxid(), stat.getMzxid(),
                    stat.getCtime(), stat.getMtime(), stat.getVersion(), stat.getCversion(), stat.getAversion(),
                    stat.getEphemeralOwner(), stat.getPzxid()));
        }
    }

    /** The Adler32 of everything read so far, then the stored value and the "/" that closes a seal. */
    private static void checkSeal(Path file, CheckedInputStream checked, BinaryInputArchive archive, String what)
            throws IOException {
        long computed = checked.getChecksum().getValue();
        long stored = archive.readLong("val");
        String slash = archive.readString("path");
        if (stored != computed || !"/".equals(slash)) {
            throw new ZkFormatException(file, String.format("checksum mismatch after %s: stored 0x%x, computed 0x%x",
                    what, stored, computed));
        }
    }

    /**
     * The digest (3.6+) and the last processed zxid (3.9+), each followed by a seal. Older snapshots end
     * before them; both are read only to check their seals, as ZooKeeper does with its defaults.
     */
    private static long readOptionalTrailer(Path file, CheckedInputStream checked, BinaryInputArchive archive)
            throws IOException {
        try {
            archive.readLong("zxid");
            int digestVersion = archive.readInt("digestVersion");
            if (digestVersion < 2) {
                archive.readString("digest");
            } else {
                archive.readLong("digest");
            }
        } catch (EOFException e) {
            return -1;
        }
        checkSeal(file, checked, archive, "the digest");
        long lastProcessedZxid;
        try {
            lastProcessedZxid = archive.readLong("lastZxid");
        } catch (EOFException e) {
            return -1;
        }
        checkSeal(file, checked, archive, "the last processed zxid");
        return lastProcessedZxid;
    }
}
