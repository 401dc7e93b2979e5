package io.paddock.bench.load;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.zookeeper.KeeperException;

/** Failed requests by error name (KeeperException.Code, or the bench's own: NO_RESPONSE, CLIENT_EXCEPTION). */
public final class ErrorCounts {
    public static final String NO_RESPONSE = "NO_RESPONSE";
    public static final String CLIENT_EXCEPTION = "CLIENT_EXCEPTION";
    public static final String MISSING_EVENT = "MISSING_EVENT";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void addCode(int rc) {
        add(codeName(rc));
    }

    public void add(String name) {
        add(name, 1);
    }

    public void add(String name, long count) {
        if (count > 0) {
            counts.computeIfAbsent(name, k -> new LongAdder()).add(count);
        }
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public SortedMap<String, Long> snapshot() {
        SortedMap<String, Long> copy = new TreeMap<>();
        counts.forEach((name, count) -> copy.put(name, count.sum()));
        return copy;
    }

    static String codeName(int rc) {
        try {
            KeeperException.Code code = KeeperException.Code.get(rc);
            return code == null ? "RC_" + rc : code.name();
        } catch (IllegalArgumentException unknownToThisClient) {
            return "RC_" + rc;
        }
    }
}
