package io.paddock.server.tools.zk;

import io.paddock.protocol.Acl;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.StatPersisted;
import org.apache.zookeeper.server.persistence.FileHeader;
import org.apache.zookeeper.txn.TxnDigest;

/**
 * Writes ZooKeeper's file formats for unit tests, from the format as FileTxnLog and FileSnap write it. The
 * client-compat importer test covers files written by the real ZooKeeper server; these cover the corners
 * that a live server rarely produces (fuzzy overlaps, damage, old encodings).
 */
public final class ZkFilesForTest {

    private ZkFilesForTest() {
    }

    /** A txn as ZooKeeper 3.6+ logs it: header, record, then a TxnDigest (which readers must skip). */
    public static byte[] logged(TxnEntry entry) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(TxnCodec.encode(entry));
            new TxnDigest(2, 0x1234_5678L).serialize(BinaryOutputArchive.getArchive(bytes), "digest");
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A log file: header, records (crc, length, bytes, 'B'), then zero padding as ZooKeeper preallocates. */
    public static void writeLog(Path file, List<byte[]> txns) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(ZkLogReader.MAGIC);
            out.writeInt(2);
            out.writeLong(0);
            for (byte[] txn : txns) {
                Adler32 crc = new Adler32();
                crc.update(txn);
                out.writeLong(crc.getValue());
                out.writeInt(txn.length);
                out.write(txn);
                out.writeByte('B');
            }
            out.write(new byte[4096]);
        }
    }

    /** Byte offsets of the records writeLog writes, for tests that damage one. */
    public static List<Long> recordOffsets(List<byte[]> txns) {
        List<Long> offsets = new ArrayList<>();
        long offset = ZkLogReader.HEADER_BYTES;
        for (byte[] txn : txns) {
            offsets.add(offset);
            offset += 8 + 4 + txn.length + 1;
        }
        return offsets;
    }

    /** How a snapshot file is written: compressed or not, with or without the 3.6+/3.9 trailer. */
    public enum Style { PLAIN, GZIP, PLAIN_WITHOUT_TRAILER }

    /**
     * A snapshot file of these nodes (parents first; "/" is written as "" like ZooKeeper's root) and
     * sessions. Every distinct ACL gets an entry in the ACL table except OPEN (id -1); aclIdOverride maps a
     * path to an ACL id to write instead (e.g. one missing from the table).
     */
    public static void writeSnapshot(Path file, List<NodeRecord> nodes, List<SessionRecord> sessions, Style style,
                                     Map<String, Long> aclIdOverride) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream compressed = style == Style.GZIP ? new GZIPOutputStream(raw) : raw;
             CheckedOutputStream checked = new CheckedOutputStream(compressed, new Adler32())) {
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(checked);
            new FileHeader(ZkSnapshotReader.MAGIC, 2, -1).serialize(archive, "fileheader");
            archive.writeInt(sessions.size(), "count");
            for (SessionRecord s : sessions) {
                archive.writeLong(s.id(), "id");
                archive.writeInt(s.timeoutMs(), "timeout");
            }
            Map<List<Acl>, Long> table = aclTable(nodes);
            archive.writeInt(table.size(), "map");
            for (Map.Entry<List<Acl>, Long> e : table.entrySet()) {
                archive.writeLong(e.getValue(), "long");
                List<ACL> list = new ArrayList<>();
                for (Acl a : e.getKey()) {
                    list.add(new ACL(a.perms(), new Id(a.scheme(), a.id())));
                }
                archive.startVector(list, "acls");
                for (ACL a : list) {
                    a.serialize(archive, "acl");
                }
                archive.endVector(list, "acls");
            }
            for (NodeRecord n : nodes) {
                archive.writeString("/".equals(n.path()) ? "" : n.path(), "path");
                archive.writeBuffer(n.data(), "data");
                long aclId = aclIdOverride.containsKey(n.path()) ? aclIdOverride.get(n.path())
                        : isOpen(n.acl()) ? -1L : table.get(n.acl());
                archive.writeLong(aclId, "acl");
                new StatPersisted(n.czxid(), n.mzxid(), n.ctime(), n.mtime(), n.version(), n.cversion(), n.aversion(),
                        n.ephemeralOwner(), n.pzxid()).serialize(archive, "statpersisted");
            }
            archive.writeString("/", "path");
            seal(checked, archive);
            if (style != Style.PLAIN_WITHOUT_TRAILER) {
                archive.writeLong(0, "zxid");
                archive.writeInt(2, "digestVersion");
                archive.writeLong(0, "digest");
                seal(checked, archive);
                archive.writeLong(0, "lastZxid");
                seal(checked, archive);
            }
        }
    }

    private static void seal(CheckedOutputStream checked, BinaryOutputArchive archive) throws IOException {
        archive.writeLong(checked.getChecksum().getValue(), "val");
        archive.writeString("/", "path");
    }

    private static Map<List<Acl>, Long> aclTable(List<NodeRecord> nodes) {
        Map<List<Acl>, Long> table = new HashMap<>();
        for (NodeRecord n : nodes) {
            if (!isOpen(n.acl())) {
                table.computeIfAbsent(n.acl(), k -> (long) table.size() + 1);
            }
        }
        return table;
    }

    private static boolean isOpen(List<Acl> acl) {
        return acl.equals(List.of(Acl.WORLD_ALL));
    }

    /** The nodes every ZooKeeper 3.5+ tree has, as a fresh server has them. */
    public static List<NodeRecord> zookeeperNodes() {
        return List.of(
                node("/", 0, 0),
                node("/zookeeper", 0, 0),
                node("/zookeeper/config", 0, 0),
                node("/zookeeper/quota", 0, 0));
    }

    /** A persistent node with open ACL, created at czxid, with cversion/pzxid as given. */
    public static NodeRecord node(String path, long czxid, int cversion) {
        return new NodeRecord(path, new byte[0], List.of(Acl.WORLD_ALL), czxid, czxid, 1000 * czxid, 1000 * czxid,
                0, cversion, 0, 0, czxid);
    }
}
