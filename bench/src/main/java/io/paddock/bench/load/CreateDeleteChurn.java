package io.paddock.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Creates znodes and deletes them again, alternately: sequential persistent nodes under one parent (the
 * queue and lock recipes), or ephemeral nodes (membership, leases). Every request is measured on its own.
 */
public final class CreateDeleteChurn implements Workload {
    public enum Mode { SEQUENTIAL, EPHEMERAL }

    private final Mode mode;
    private final int valueBytes;
    private final String parent;
    private final byte[] value;
    private final Queue<String> created = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    public CreateDeleteChurn(Mode mode, int valueBytes) {
        this.mode = mode;
        this.valueBytes = valueBytes;
        this.parent = mode == Mode.SEQUENTIAL ? "/bench-churn-seq" : "/bench-churn-eph";
        this.value = new byte[valueBytes];
    }

    @Override
    public String name() {
        return mode == Mode.SEQUENTIAL ? "churn-seq" : "churn-eph";
    }

    @Override
    public String label() {
        return (mode == Mode.SEQUENTIAL ? "create+delete, sequential" : "create+delete, ephemeral") + ", "
                + ReadWriteMix.bytesText(valueBytes) + " values";
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        params.put("valueBytes", valueBytes);
        return params;
    }

    @Override
    public void prepare(ZooKeeper zk) throws Exception {
        Populate.ensurePath(zk, parent);
    }

    @Override
    public void fire(ZooKeeper zk, Completion done) {
        long n = sequence.getAndIncrement();
        String victim = (n & 1) == 1 ? created.poll() : null;
        if (victim != null) {
            zk.delete(victim, -1, (rc, path, ctx) -> done.complete(OpKind.DELETE, rc), null);
            return;
        }
        CreateMode createMode = mode == Mode.SEQUENTIAL ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.EPHEMERAL;
        String path = mode == Mode.SEQUENTIAL ? parent + "/n-" : parent + "/e-" + n;
        zk.create(path, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, createMode, (rc, p, ctx, name) -> {
            if (rc == 0) {
                created.add(name);
            }
            done.complete(OpKind.CREATE, rc);
        }, null);
    }
}
