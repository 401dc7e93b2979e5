package io.paddock.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.zookeeper.ZooKeeper;

/**
 * getData and setData on uniformly chosen keys, readPercent of them reads: the workload of Figure 5 of the
 * ZooKeeper paper. With a large value size it is the large-values workload.
 */
public final class ReadWriteMix implements Workload {
    private final String name;
    private final int readPercent;
    private final int valueBytes;
    private final int keyCount;
    private final String root;
    private final byte[] value;

    public ReadWriteMix(String name, int readPercent, int valueBytes, int keyCount) {
        if (readPercent < 0 || readPercent > 100 || valueBytes < 0 || keyCount < 1) {
            throw new IllegalArgumentException("reads 0..100 %, value size >= 0, keys >= 1");
        }
        this.name = name;
        this.readPercent = readPercent;
        this.valueBytes = valueBytes;
        this.keyCount = keyCount;
        this.root = "/bench-" + name + "-" + valueBytes;
        this.value = new byte[valueBytes];
        ThreadLocalRandom.current().nextBytes(value);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return String.format("%s %d%% reads, %s values, %d keys", name.equals("rw") ? "read/write" : name,
                readPercent, bytesText(valueBytes), keyCount);
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("readPercent", readPercent);
        params.put("valueBytes", valueBytes);
        params.put("keys", keyCount);
        return params;
    }

    @Override
    public void prepare(ZooKeeper zk) throws Exception {
        Populate.createKeys(zk, root, keyCount, value, label());
    }

    @Override
    public void fire(ZooKeeper zk, Completion done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String path = key(random.nextInt(keyCount));
        if (random.nextInt(100) < readPercent) {
            zk.getData(path, false, (rc, p, ctx, data, stat) -> done.complete(OpKind.READ, rc), null);
        } else {
            zk.setData(path, value, -1, (rc, p, ctx, stat) -> done.complete(OpKind.WRITE, rc), null);
        }
    }

    private String key(long index) {
        return Populate.keyPath(root, index);
    }

    static String bytesText(long bytes) {
        if (bytes >= 1_000_000 && bytes % 1_000 == 0) {
            return bytes / 1_000_000.0 + " MB";
        }
        return bytes >= 10_000 ? (bytes / 1000) + " kB" : bytes + " B";
    }
}
