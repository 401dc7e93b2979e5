package io.paddock.server.storage.rocksdb;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Range;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;

/**
 * Reads the snapshot family at start-up. Iterating and decoding a million nodes is most of a restart, and
 * one node does not depend on another, so the node keys are split in two near the middle of their range and
 * the halves are read on two threads; the lower half's nodes come first, so parents still precede children.
 */
final class SnapshotReader {
    private static final byte NODE_PREFIX = StorageLayout.NODE_PREFIX;
    private static final byte SESSION_PREFIX = StorageLayout.SESSION_PREFIX;
    private static final byte[] NODES_FROM = {NODE_PREFIX};
    private static final byte[] NODES_TO = {NODE_PREFIX + 1};
    /** Bytes of the keys that choose the split: enough to tell apart any two directories of a large tree. */
    private static final int SPLIT_BYTES = 6;
    private static final int KEY_BUFFER_BYTES = 4 << 10;
    /** Values up to jute.maxbuffer's default fit; a larger one gets a larger buffer. */
    private static final int VALUE_BUFFER_BYTES = 1 << 20;
    /** Below this a second thread costs more than it saves. */
    private static final long SPLIT_MIN_BYTES = 4L << 20;
    /** Bisection steps; each halves the key range the split lies in. */
    private static final int SPLIT_STEPS = 40;

    record Contents(List<NodeRecord> nodes, List<SessionRecord> sessions) {
    }

    /** Receives each node as it is decoded, in key order. */
    @FunctionalInterface
    interface NodeSink {
        void accept(NodeRecord node) throws IOException;
    }

    private SnapshotReader() {
    }

    static Contents read(RocksDB db, ColumnFamilyHandle tree) throws RocksDBException, IOException {
        List<SessionRecord> sessions = readSessions(db, tree);
        byte[] split = splitKey(db, tree);
        if (split == null) {
            return new Contents(collectNodes(db, tree, NODES_FROM, NODES_TO), sessions);
        }
        FutureTask<List<NodeRecord>> upperHalf = new FutureTask<>(() -> collectNodes(db, tree, split, NODES_TO));
        Thread reader = new Thread(upperHalf, "paddock-recover");
        reader.start();
        List<NodeRecord> lower = collectNodes(db, tree, NODES_FROM, split);
        List<NodeRecord> upper;
        try {
            upper = upperHalf.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the snapshot", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RocksDBException r) {
                throw r;
            } else if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
        List<NodeRecord> nodes = new ArrayList<>(lower.size() + upper.size());
        nodes.addAll(lower);
        nodes.addAll(upper);
        return new Contents(nodes, sessions);
    }

    private static List<NodeRecord> collectNodes(RocksDB db, ColumnFamilyHandle tree, byte[] from, byte[] to)
            throws RocksDBException, IOException {
        List<NodeRecord> nodes = new ArrayList<>();
        readNodes(db, tree, from, to, nodes::add);
        return nodes;
    }

    /** Every node of the snapshot, in key order (parents before children). */
    static void readNodes(RocksDB db, ColumnFamilyHandle tree, NodeSink sink) throws RocksDBException,
            IOException {
        readNodes(db, tree, NODES_FROM, NODES_TO, sink);
    }

    /** The node keys in [from, to), decoded. */
    private static void readNodes(RocksDB db, ColumnFamilyHandle tree, byte[] from, byte[] to, NodeSink sink)
            throws RocksDBException, IOException {
        NodeCodec.Decoder decoder = new NodeCodec.Decoder();
        // Direct buffers: RocksDB copies each key and value into them instead of allocating two arrays per
        // node, which a million-node start-up otherwise hands to the collector.
        ByteBuffer key = ByteBuffer.allocateDirect(KEY_BUFFER_BYTES);
        ByteBuffer value = ByteBuffer.allocateDirect(VALUE_BUFFER_BYTES);
        byte[] keyBytes = new byte[KEY_BUFFER_BYTES];
        try (RocksIterator it = db.newIterator(tree)) {
            for (it.seek(from); it.isValid(); it.next()) {
                int keyLength = it.key(key.clear());
                if (keyLength > key.capacity()) {
                    key = ByteBuffer.allocateDirect(keyLength);
                    keyBytes = new byte[keyLength];
                    it.key(key);
                }
                key.get(0, keyBytes, 0, keyLength);
                if (Arrays.compareUnsigned(keyBytes, 0, keyLength, to, 0, to.length) >= 0) {
                    break;
                }
                int valueLength = it.value(value.clear());
                if (valueLength > value.capacity()) {
                    value = ByteBuffer.allocateDirect(valueLength);
                    it.value(value);
                }
                value.limit(valueLength);
                sink.accept(decoder.decode(new String(keyBytes, 1, keyLength - 1, StandardCharsets.UTF_8), value));
            }
            it.status();
        }
    }

    /** The sessions of the snapshot, in the order of their keys. */
    static List<SessionRecord> readSessions(RocksDB db, ColumnFamilyHandle tree) throws RocksDBException,
            IOException {
        List<SessionRecord> sessions = new ArrayList<>();
        try (RocksIterator it = db.newIterator(tree)) {
            for (it.seek(new byte[] {SESSION_PREFIX}); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key[0] != SESSION_PREFIX) {
                    break;
                }
                byte[] value = it.value();
                if (key.length != 9 || value.length != 4) {
                    throw new IOException("bad session record of " + key.length + " + " + value.length + " bytes");
                }
                sessions.add(new SessionRecord(ByteBuffer.wrap(key, 1, 8).getLong(), ByteBuffer.wrap(value).getInt()));
            }
            it.status();
        }
        return sessions;
    }

    /**
     * A node key with about half of the node bytes below it, or null when the range is too small to split.
     * Keys cluster (a million nodes may all start with "/app/"), so a midpoint of the first and last keys is
     * no half; the split is bisected on RocksDB's size estimate of the range below it.
     */
    static byte[] splitKey(RocksDB db, ColumnFamilyHandle tree) throws RocksDBException {
        byte[] first;
        byte[] last;
        try (RocksIterator it = db.newIterator(tree)) {
            it.seek(new byte[] {NODE_PREFIX});
            if (!it.isValid() || it.key()[0] != NODE_PREFIX) {
                return null;
            }
            first = it.key();
            it.seekForPrev(new byte[] {NODE_PREFIX + 1});
            if (!it.isValid() || it.key()[0] != NODE_PREFIX) {
                return null;
            }
            last = it.key();
        }
        long total = sizeBelow(db, tree, first, last);
        if (total < SPLIT_MIN_BYTES) {
            return null;
        }
        byte[] low = first;
        byte[] high = last;
        for (int step = 0; step < SPLIT_STEPS; step++) {
            byte[] mid = midpoint(low, high);
            if (Arrays.compareUnsigned(mid, low) <= 0 || Arrays.compareUnsigned(mid, high) >= 0) {
                break;
            }
            if (sizeBelow(db, tree, first, mid) < total / 2) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return Arrays.compareUnsigned(high, first) > 0 && Arrays.compareUnsigned(high, last) <= 0 ? high : null;
    }

    private static long sizeBelow(RocksDB db, ColumnFamilyHandle tree, byte[] from, byte[] to) {
        try (Slice start = new Slice(from); Slice limit = new Slice(to)) {
            return db.getApproximateSizes(tree, List.of(new Range(start, limit)),
                    SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
        }
    }

    /** The key halfway between a and b in byte order, looking at SPLIT_BYTES bytes after their common prefix. */
    static byte[] midpoint(byte[] a, byte[] b) {
        int common = Arrays.mismatch(a, b);
        if (common < 0) {
            return a.clone();
        }
        long low = digits(a, common);
        long high = digits(b, common);
        long mid = low + (high - low) / 2;
        byte[] key = Arrays.copyOf(a, common + SPLIT_BYTES);
        for (int i = SPLIT_BYTES - 1; i >= 0; i--) {
            key[common + i] = (byte) mid;
            mid >>>= 8;
        }
        return key;
    }

    private static long digits(byte[] key, int from) {
        long value = 0;
        for (int i = 0; i < SPLIT_BYTES; i++) {
            value = (value << 8) | (from + i < key.length ? key[from + i] & 0xff : 0);
        }
        return value;
    }
}
