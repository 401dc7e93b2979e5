package io.paddock.server.net.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.paddock.server.base.Limits;
import io.paddock.server.runtime.ClientOutput;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the loop's frames to client channels. Writes are queued without flushing and flushed once per
 * loop turn, so a burst of replies costs one syscall per connection. A connection whose unsent bytes pass
 * {@link Limits#CONNECTION_UNSENT_BYTES_MAX} does not read what we send; it is closed so that its backlog
 * cannot exhaust memory while others are served.
 */
final class NettyClientOutput implements ClientOutput {
    private static final System.Logger LOG = System.getLogger(NettyClientOutput.class.getName());

    private final Map<Long, Channel> channels = new ConcurrentHashMap<>();
    /** Touched only by the loop thread. */
    private final Set<Channel> dirty = new HashSet<>();
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
        Channel channel = channels.get(connectionId);
        if (channel == null || !channel.isActive()) {
            return;
        }
        channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
        dirty.add(channel);
        if (channel.unsafe().outboundBuffer() != null
                && channel.unsafe().outboundBuffer().totalPendingWriteBytes() > Limits.CONNECTION_UNSENT_BYTES_MAX) {
            // The close runs on the channel's event loop, queued behind the writes already handed to it, so the
            // channel stays active for a while. Forget it now: replies the loop produces meanwhile are dropped
            // here instead of piling up (a client with a thousand reads of a 1 MB node in flight would otherwise
            // pin a gigabyte), and the warning is logged once.
            channels.remove(connectionId);
            dirty.remove(channel);
            LOG.log(System.Logger.Level.WARNING, "closing connection {0} to {1}: it does not read its replies",
                    connectionId, channel.remoteAddress());
            channel.close();
        }
    }

    @Override
    public void close(long connectionId, String reason) {
        Channel channel = channels.remove(connectionId);
        if (channel == null) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "closing connection {0}: {1}", connectionId, reason);
        dirty.remove(channel);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void flush() {
        for (Channel channel : dirty) {
            channel.flush();
        }
        dirty.clear();
        server.resumeCaughtUp();
    }
}
