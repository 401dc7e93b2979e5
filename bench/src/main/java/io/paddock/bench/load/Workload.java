package io.paddock.bench.load;

import java.util.Map;
import org.apache.zookeeper.ZooKeeper;

/**
 * One kind of traffic. {@link #fire} sends exactly one request through the client's async API and arranges
 * for {@code done} to be called exactly once; it must not block. Implementations are thread-safe: the load
 * generator fires from every session's event thread and from the pacer.
 */
public interface Workload {
    /** A short stable name: rw, churn-seq, churn-eph, connect, large, multi. */
    String name();

    /** What a reader of the report needs to know, e.g. "read/write, 90% reads, 100 B, 10000 keys". */
    String label();

    /** The knobs, for the JSON report and the chart (rw puts its readPercent here). */
    Map<String, Object> params();

    /** Creates what the workload reads and writes; synchronous, before any measuring. */
    void prepare(ZooKeeper zk) throws Exception;

    void fire(ZooKeeper zk, Completion done);

    /** Releases what the workload holds outside the server (threads, sessions); default nothing. */
    default void close() {
    }
}
