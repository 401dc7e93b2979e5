package io.paddock.server.runtime;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * What cons shows for one connection. Written by the network thread (received) and the loop thread
 * (sent, latency); read by four-letter words; all access is synchronized on the instance.
 */
public final class ConnectionStats {
    public final long connectionId;
    public final InetSocketAddress remote;
    public final long establishedMs;
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private long received;
    private long sent;
    private long sessionId;
    private int timeoutMs;
    private String lastOp = "NA";
    private long lastCxid = -1;
    private long lastZxid = -1;
    private long lastResponseMs;
    private long lastLatencyMs;
    private long minLatencyMs = Long.MAX_VALUE;
    private long maxLatencyMs;
    private long totalLatencyMs;
    private long latencyCount;

    /** Requests in flight across all connections: what globalOutstandingLimit bounds. */
    private final java.util.concurrent.atomic.AtomicLong globalOutstanding;

    ConnectionStats(long connectionId, InetSocketAddress remote, long establishedMs,
                    java.util.concurrent.atomic.AtomicLong globalOutstanding) {
        this.globalOutstanding = globalOutstanding;
        this.connectionId = connectionId;
        this.remote = remote;
        this.establishedMs = establishedMs;
    }

    /** A frame arrived; track it for latency unless it is the connect request (answered by connected). */
    synchronized void received(int xid, String op, long nowMs, boolean awaitsReply) {
        received++;
        if (awaitsReply && inFlight.size() < 100_000) {
            inFlight.addLast(new long[] {xid, nowMs});
            globalOutstanding.incrementAndGet();
        }
        lastOp = op;
    }

    synchronized void sent() {
        sent++;
    }

    /** A reply left; returns its latency in ms, or -1 if the request was not tracked. */
    synchronized long replied(int xid, long zxid, long nowMs) {
        sent++;
        lastCxid = xid >= 0 ? xid : lastCxid;
        lastZxid = zxid;
        lastResponseMs = nowMs;
        long[] head = null;
        for (long[] entry : inFlight) {
            if (entry[0] == xid) {
                head = entry;
                break;
            }
        }
        if (head == null) {
            return -1;
        }
        inFlight.remove(head);
        globalOutstanding.decrementAndGet();
        long latency = Math.max(0, nowMs - head[1]);
        lastLatencyMs = latency;
        minLatencyMs = Math.min(minLatencyMs, latency);
        maxLatencyMs = Math.max(maxLatencyMs, latency);
        totalLatencyMs += latency;
        latencyCount++;
        return latency;
    }

    synchronized void session(long id, int timeout) {
        this.sessionId = id;
        this.timeoutMs = timeout;
    }

    public synchronized void reset() {
        received = 0;
        sent = 0;
        minLatencyMs = Long.MAX_VALUE;
        maxLatencyMs = 0;
        totalLatencyMs = 0;
        latencyCount = 0;
        lastLatencyMs = 0;
    }

    public synchronized long sessionId() {
        return sessionId;
    }

    /** The cons line of this connection, formatted as ZooKeeper's ServerCnxn.dumpConnectionInfo. */
    public synchronized String consLine(boolean brief) {
        StringBuilder b = new StringBuilder();
        b.append(' ').append(remote).append('[').append(1).append("](queued=").append(inFlight.size())
                .append(",recved=").append(received).append(",sent=").append(sent);
        if (!brief && sessionId != 0) {
            b.append(",sid=0x").append(Long.toHexString(sessionId))
                    .append(",lop=").append(lastOp)
                    .append(",est=").append(establishedMs)
                    .append(",to=").append(timeoutMs);
            if (lastCxid >= 0) {
                b.append(",lcxid=0x").append(Long.toHexString(lastCxid));
            }
            b.append(",lzxid=0x").append(Long.toHexString(lastZxid))
                    .append(",lresp=").append(lastResponseMs)
                    .append(",llat=").append(lastLatencyMs)
                    .append(",minlat=").append(latencyCount == 0 ? 0 : minLatencyMs)
                    .append(",avglat=").append(latencyCount == 0 ? 0 : totalLatencyMs / latencyCount)
                    .append(",maxlat=").append(maxLatencyMs);
        }
        b.append(')');
        return b.toString();
    }

    /** The connection is gone: its requests no longer count as in flight. */
    synchronized void release() {
        globalOutstanding.addAndGet(-inFlight.size());
        inFlight.clear();
    }

    public synchronized long outstanding() {
        return inFlight.size();
    }
}
