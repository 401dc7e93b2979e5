package io.paddock.server.storage.rocksdb;

import java.nio.charset.StandardCharsets;

/**
 * The keys and family names of Paddock's RocksDB storage, in one place for the server, the recovery reader
 * and the read-only tools: the default family holds the format marker; the tree family holds nodes under
 * 'n' + path, sessions under 's' + id and the snapshot's zxid under 'z'; the log family holds zxid → txn.
 */
final class StorageLayout {
    static final byte[] LOG_FAMILY = "log".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TREE_FAMILY = "tree".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAPSHOT_ZXID_KEY = {'z'};
    static final byte NODE_PREFIX = 'n';
    static final byte SESSION_PREFIX = 's';

    private StorageLayout() {
    }
}
