package io.paddock.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;

/** One multi of opsPerMulti setData on distinct random keys per request: the transaction path. */
public final class MultiWrite implements Workload {
    private final int opsPerMulti;
    private final int valueBytes;
    private final int keyCount;
    private final String root;
    private final byte[] value;

    public MultiWrite(int opsPerMulti, int valueBytes, int keyCount) {
        if (opsPerMulti < 1 || keyCount < opsPerMulti) {
            throw new IllegalArgumentException("a multi needs >= 1 op and at least as many keys");
        }
        this.opsPerMulti = opsPerMulti;
        this.valueBytes = valueBytes;
        this.keyCount = keyCount;
        this.root = "/bench-multi";
        this.value = new byte[valueBytes];
    }

    @Override
    public String name() {
        return "multi";
    }

    @Override
    public String label() {
        return String.format("multi of %d setData, %s values, %d keys", opsPerMulti,
                ReadWriteMix.bytesText(valueBytes), keyCount);
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("opsPerMulti", opsPerMulti);
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
        int first = random.nextInt(keyCount);
        List<Op> ops = new ArrayList<>(opsPerMulti);
        for (int i = 0; i < opsPerMulti; i++) {
            // consecutive keys from a random start: distinct, and still spread over the key space
            ops.add(Op.setData(Populate.keyPath(root, (first + i) % keyCount), value, -1));
        }
        zk.multi(ops, (rc, path, ctx, results) -> done.complete(OpKind.MULTI, rc), null);
    }
}
