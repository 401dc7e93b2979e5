package io.paddock.server.net.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.paddock.protocol.FrameDecoder;
import io.paddock.server.runtime.ClientOutput;
import io.paddock.server.runtime.ConnectionStats;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client port: accepts connections, enforces maxClientCnxns per address, frames the byte stream and
 * hands frames to the replica loop. Replies come back through {@link #output()}.
 */
public final class ClientServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientServer.class.getName());

    /** Settings of the client port. */
    public record Settings(InetSocketAddress address, int maxClientCnxns, int juteMaxBufferBytes,
                           int outstandingLimit) {
    }

    private final Settings settings;
    private final NettyClientOutput output = new NettyClientOutput(this);
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<Long, Throttled> throttled = new ConcurrentHashMap<>();

    private record Throttled(Channel channel, ConnectionStats stats) {
    }
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private ServerCounters counters;
    private Channel serverChannel;

    public ClientServer(Settings settings) {
        this.settings = settings;
    }

    public ClientOutput output() {
        return output;
    }

    /** Binds the port; the loop must exist (it receives the frames) but need not run yet. */
    public InetSocketAddress bind(ReplicaLoop loop, ServerCounters counters, FourLetterWordHandler words,
                                  ServerCounters.LongClock clock) throws InterruptedException {
        this.counters = counters;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        long id = nextConnectionId.getAndIncrement();
                        if (!admit(ch)) {
                            ch.close();
                            return;
                        }
                        output.register(id, ch);
                        ConnectionStats stats = counters.opened(id, ch.remoteAddress());
                        ch.pipeline().addLast(new FrameDecoder(settings.juteMaxBufferBytes()));
                        ch.pipeline().addLast(new ClientHandler(id, stats, loop, counters, words,
                                ClientServer.this, clock));
                    }
                });
        serverChannel = bootstrap.bind(settings.address()).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** maxClientCnxns: connections per client address; 0 means no limit, as in ZooKeeper. */
    private boolean admit(SocketChannel ch) {
        InetAddress address = ch.remoteAddress().getAddress();
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int now = count.incrementAndGet();
        ch.closeFuture().addListener(f -> {
            if (count.decrementAndGet() == 0) {
                perAddress.remove(address, count);
            }
        });
        if (settings.maxClientCnxns() > 0 && now > settings.maxClientCnxns()) {
            LOG.log(System.Logger.Level.WARNING, "Too many connections from {0} - max is {1}",
                    address, settings.maxClientCnxns());
            return false;
        }
        return true;
    }

    /** Stops reading a connection with too many requests in flight; it resumes when replies catch up. */
    void throttle(Channel channel, long connectionId, ConnectionStats stats) {
        if (shouldThrottle(stats)) {
            channel.config().setAutoRead(false);
            throttled.put(connectionId, new Throttled(channel, stats));
        }
    }

    /**
     * ZooKeeper's globalOutstandingLimit: while more requests than the limit are in flight server-wide,
     * connections that have requests of their own in flight stop being read. A client waiting for nothing
     * is never held back, so one flooding client cannot starve a well-behaved one.
     */
    private boolean shouldThrottle(ConnectionStats stats) {
        return stats.outstanding() > 0 && counters.outstanding() > settings.outstandingLimit();
    }

    /** Called by the loop after flushing: lets throttled connections read again once they caught up. */
    void resumeCaughtUp() {
        if (throttled.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, Throttled> e : throttled.entrySet()) {
            if (!shouldThrottle(e.getValue().stats())) {
                throttled.remove(e.getKey());
                Channel channel = e.getValue().channel();
                try {
                    channel.eventLoop().execute(() -> resume(channel));
                } catch (RejectedExecutionException shuttingDown) {
                    // The port is closing: nothing is read any more, paused or not.
                }
            }
        }
    }

    /**
     * On the channel's event loop. Requests that arrived while it was paused wait in the {@link FrameDecoder};
     * the client may have sent them all and be waiting for replies, so no new bytes need come to decode them:
     * an empty read hands them on (and may pause the channel again).
     */
    private static void resume(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        channel.config().setAutoRead(true);
        channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        channel.pipeline().fireChannelReadComplete();
    }

    void closed(long connectionId, Channel channel) {
        output.unregister(connectionId);
        throttled.remove(connectionId);
        counters.closed(connectionId);
    }

    public int connectionCount() {
        return output.size();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
