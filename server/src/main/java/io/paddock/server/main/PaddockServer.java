package io.paddock.server.main;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A running Paddock server: the replica loop, its storage and the client port. {@link ServerMain} starts one
 * from zoo.cfg; tests start one from a {@link ServerConfig} value.
 */
public final class PaddockServer implements AutoCloseable {

    private PaddockServer() {
    }

    /** Starts a standalone server and returns once its client port accepts connections. */
    public static PaddockServer start(ServerConfig config) throws IOException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The bound client address (the real port when the config asked for port 0). */
    public InetSocketAddress clientAddress() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** "host:port" for stock clients. */
    public String connectString() {
        InetSocketAddress address = clientAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    /** Stops accepting, closes every connection and the storage; sessions stay in storage as in ZK. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not built yet");
    }
}
