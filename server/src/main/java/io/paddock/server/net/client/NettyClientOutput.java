package io.paddock.server.net.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.paddock.server.base.Limits;
import io.paddock.server.runtime.ClientOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the loop's frames to client channels. A turn's frames for one connection are gathered on the loop
 * thread and handed to the channel's event loop as one buffer at the flush: one cross-thread task and one
 * syscall per connection per turn, however many replies the turn produced. A connection whose unsent bytes
 * pass {@link Limits#CONNECTION_UNSENT_BYTES_MAX} does not read what we send; it is closed so that its
 * backlog cannot exhaust memory while others are served.
 */
final class NettyClientOutput implements ClientOutput {
    private static final System.Logger LOG = System.getLogger(NettyClientOutput.class.getName());

    private final Map<Long, Channel> channels = new ConcurrentHashMap<>();

    /** A connection's frames of this turn. Touched only by the loop thread. */
    private static final class Pending {
        final Channel channel;
        final List<byte[]> frames = new ArrayList<>(4);
        long bytes;

        Pending(Channel channel) {
            this.channel = channel;
        }
    }

    /** Insertion-ordered so that connections are flushed in the order they were first written this turn. */
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final ClientServer server;

    NettyClientOutput(ClientServer server) {
        this.server = server;
    }

    void register(long connectionId, Channel channel) {
        channels.put(connectionId, channel);
    }

    void unregister(long connectionId) {
        channels.remove(connectionId);
    }

    int size() {
        return channels.size();
    }

    @Override
    public void send(long connectionId, byte[] frame) {
        Pending p = pending.get(connectionId);
        if (p == null) {
            Channel channel = channels.get(connectionId);
            if (channel == null || !channel.isActive()) {
                return;
            }
            p = new Pending(channel);
            pending.put(connectionId, p);
        }
        p.frames.add(frame);
        p.bytes += frame.length;
        ChannelOutboundBuffer unsent = p.channel.unsafe().outboundBuffer();
        if (unsent != null && unsent.totalPendingWriteBytes() + p.bytes > Limits.CONNECTION_UNSENT_BYTES_MAX) {
            // Forget the connection now: replies the loop produces before the close takes effect are dropped
            // here instead of piling up (a client with a thousand reads of a 1 MB node in flight would otherwise
            // pin a gigabyte), and the warning is logged once.
            channels.remove(connectionId);
            pending.remove(connectionId);
            LOG.log(System.Logger.Level.WARNING, "closing connection {0} to {1}: it does not read its replies",
                    connectionId, p.channel.remoteAddress());
            p.channel.close();
        }
    }

    @Override
    public void close(long connectionId, String reason) {
        Channel channel = channels.remove(connectionId);
        if (channel == null) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "closing connection {0}: {1}", connectionId, reason);
        Pending p = pending.remove(connectionId);
        ByteBuf last = p == null ? Unpooled.EMPTY_BUFFER : gather(p);
        channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void flush() {
        for (Pending p : pending.values()) {
            p.channel.writeAndFlush(gather(p), p.channel.voidPromise());
        }
        pending.clear();
        server.resumeCaughtUp();
    }

    /** The frames as one buffer without copying them: a gathering write sends them with one syscall. */
    private static ByteBuf gather(Pending p) {
        return p.frames.size() == 1 ? Unpooled.wrappedBuffer(p.frames.get(0))
                : Unpooled.wrappedBuffer(p.frames.size(), p.frames.toArray(new byte[0][]));
    }
}
