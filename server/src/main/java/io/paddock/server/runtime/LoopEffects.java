package io.paddock.server.runtime;

import io.paddock.protocol.ConnectResponse;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.Response;
import io.paddock.protocol.ResponseCodec;
import io.paddock.protocol.WatchEvent;
import io.paddock.server.replica.Effects;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayList;
import java.util.List;

/** The loop's side of {@link Effects}: encodes what the replica says and collects entries to persist. */
final class LoopEffects implements Effects {
    private final ClientOutput out;
    private final ServerCounters counters;
    final List<TxnEntry> appended = new ArrayList<>();

    LoopEffects(ClientOutput out, ServerCounters counters) {
        this.out = out;
        this.counters = counters;
    }

    @Override
    public void connected(long connectionId, ConnectResponse response) {
        out.send(connectionId, ResponseCodec.encodeConnect(response));
        counters.packetSent(connectionId);
        counters.session(connectionId, response.sessionId(), response.timeOutMs());
    }

    @Override
    public void reply(long connectionId, int xid, long zxid, ErrorCode err, Response body) {
        out.send(connectionId, ResponseCodec.encodeReply(xid, zxid, err, body));
        counters.replied(connectionId, xid, zxid);
    }

    @Override
    public void notify(long connectionId, long zxid, WatchEvent event) {
        out.send(connectionId, ResponseCodec.encodeEvent(zxid, event));
        counters.packetSent(connectionId);
    }

    @Override
    public void close(long connectionId, String reason) {
        out.close(connectionId, reason);
    }

    @Override
    public void append(TxnEntry entry) {
        appended.add(entry);
    }
}
