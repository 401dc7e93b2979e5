package io.paddock.server.net.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.paddock.protocol.ConnectRequest;
import io.paddock.protocol.FourLetterWord;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.RequestCodec;
import io.paddock.protocol.RequestFrame;
import io.paddock.server.replica.Input;
import io.paddock.server.runtime.ConnectionStats;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One client connection: the first frame is the connect request (or a four-letter word), every later
 * frame a request. Frames become inputs for the replica loop; nothing here touches core state. A
 * connection that sends too much without waiting for replies stops being read until it catches up.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ClientHandler.class.getName());

    private final long connectionId;
    private final ConnectionStats stats;
    private final ReplicaLoop loop;
    private final ServerCounters counters;
    private final FourLetterWordHandler fourLetterWords;
    private final ClientServer server;
    private final ServerCounters.LongClock clock;
    private boolean connected;

    ClientHandler(long connectionId, ConnectionStats stats, ReplicaLoop loop, ServerCounters counters,
                  FourLetterWordHandler fourLetterWords, ClientServer server, ServerCounters.LongClock clock) {
        this.connectionId = connectionId;
        this.stats = stats;
        this.loop = loop;
        this.counters = counters;
        this.fourLetterWords = fourLetterWords;
        this.server = server;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        if (msg instanceof FourLetterWord word) {
            fourLetterWords.answer(ctx.channel(), word.word());
            return;
        }
        byte[] frame = (byte[]) msg;
        Input input;
        if (!connected) {
            ConnectRequest request = RequestCodec.decodeConnect(frame);
            connected = true;
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            counters.receivedConnect(connectionId);
            input = new Input.Connect(clock.nowMs(), connectionId, remote.getAddress().getHostAddress(), request);
        } else {
            RequestFrame request = RequestCodec.decode(frame);
            OpCode op = OpCode.of(request.type());
            counters.received(connectionId, request.xid(), op == null ? "UNKNOWN" : op.name());
            input = new Input.ClientRequest(clock.nowMs(), connectionId, request);
        }
        if (!loop.submit(input)) {
            LOG.log(System.Logger.Level.WARNING, "closing connection {0}: the server is saturated", connectionId);
            ctx.close();
            return;
        }
        server.throttle(ctx.channel(), connectionId, stats);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.closed(connectionId, ctx.channel());
        loop.submitControl(new Input.Disconnected(clock.nowMs(), connectionId));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException || cause instanceof RequestCodec.BadFrameException) {
            LOG.log(System.Logger.Level.INFO, "closing connection {0} from {1}: {2}", connectionId,
                    ctx.channel().remoteAddress(), cause.getMessage());
        } else if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "closing connection " + connectionId, cause);
        }
        ctx.close();
    }
}
