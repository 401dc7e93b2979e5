package io.paddock.server.replica;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ConnectRequest;
import io.paddock.protocol.ConnectResponse;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Request;
import io.paddock.protocol.RequestFrame;
import io.paddock.protocol.Response;
import io.paddock.protocol.WatchEvent;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives one replica with inputs and records its effects as readable lines, so that scenario tests read
 * like the protocol: "reply c1 xid=2 OK Created[path=/a]". Time is explicit; storage is a list.
 */
final class ReplicaHarness implements Effects {
    final Replica replica;
    final List<String> out = new ArrayList<>();
    final List<TxnEntry> unpersisted = new ArrayList<>();
    final List<ConnectResponse> connects = new ArrayList<>();
    long nowMs = 1_000_000;

    ReplicaHarness() {
        this(new ReplicaConfig(0, 2000, 4000, 40000, true, Optional.empty(), 1000, 42));
    }

    ReplicaHarness(ReplicaConfig config) {
        replica = new Replica(config);
    }

    /** Connects a new session on connection id and persists its creation. */
    void connect(long connectionId, int timeoutMs) {
        replica.step(new Input.Connect(nowMs, connectionId, "127.0.0.1",
                new ConnectRequest(0, 0, timeoutMs, 0, new byte[16], false, true)), this);
        persistAll();
    }

    void request(long connectionId, int xid, OpCode op, Request request) {
        replica.step(new Input.ClientRequest(nowMs, connectionId, new RequestFrame(xid, op.code, request)), this);
    }

    void persistAll() {
        if (!unpersisted.isEmpty()) {
            long last = unpersisted.get(unpersisted.size() - 1).zxid();
            unpersisted.clear();
            replica.step(new Input.Persisted(nowMs, last), this);
        }
    }

    void tick(long advanceMs) {
        nowMs += advanceMs;
        replica.step(new Input.Tick(nowMs), this);
    }

    List<String> take() {
        List<String> copy = List.copyOf(out);
        out.clear();
        return copy;
    }

    static Request.Create create(String path, int flags) {
        return new Request.Create(OpCode.CREATE, path, new byte[0], List.of(Acl.WORLD_ALL), flags, -1);
    }

    @Override
    public void connected(long connectionId, ConnectResponse response) {
        connects.add(response);
        out.add("connected c" + connectionId + " timeout=" + response.timeOutMs());
    }

    @Override
    public void reply(long connectionId, int xid, long zxid, ErrorCode err, Response body) {
        out.add("reply c" + connectionId + " xid=" + xid + " " + err + (err == ErrorCode.OK && body != null
                && !(body instanceof Response.Empty) ? " " + describe(body) : ""));
    }

    private static String describe(Response body) {
        if (body instanceof Response.Data d) {
            return "Data[" + new String(d.data()) + "]";
        } else if (body instanceof Response.StatOnly) {
            return "Stat";
        } else if (body instanceof Response.Created2 c) {
            return "Created2[" + c.path() + "]";
        } else if (body instanceof Response.MultiResults m) {
            List<String> parts = new ArrayList<>();
            for (Response.OpResult r : m.results()) {
                parts.add(r instanceof Response.OpResult.Error e ? e.err().name() : r.getClass().getSimpleName());
            }
            return "Multi" + parts;
        }
        return body.toString();
    }

    @Override
    public void notify(long connectionId, long zxid, WatchEvent event) {
        out.add("event c" + connectionId + " " + event.type() + " " + event.path());
    }

    @Override
    public void close(long connectionId, String reason) {
        out.add("close c" + connectionId);
    }

    @Override
    public void append(TxnEntry entry) {
        unpersisted.add(entry);
    }
}
