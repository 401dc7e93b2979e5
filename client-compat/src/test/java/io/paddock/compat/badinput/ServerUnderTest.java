package io.paddock.compat.badinput;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import io.paddock.server.main.PaddockServer;
import io.paddock.server.main.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The server the abuse is aimed at: Paddock, or with {@code -Dcompat.target=zookeeper} the real Apache ZooKeeper
 * 3.9.5, which is how the expectations of {@link BadInputTest} are validated. The embedded ZooKeeper has no
 * per-address connection limit and reads jute.maxbuffer once per JVM, so a test that needs either set otherwise
 * runs against Paddock only.
 */
final class ServerUnderTest implements AutoCloseable {
    private final InetSocketAddress address;
    private final BooleanSupplier serving;
    private final AutoCloseable server;
    private final boolean zookeeper;

    private ServerUnderTest(InetSocketAddress address, BooleanSupplier serving, AutoCloseable server,
                            boolean zookeeper) {
        this.address = address;
        this.serving = serving;
        this.server = server;
        this.zookeeper = zookeeper;
    }

    static ServerUnderTest start(Path dataDir, ServerConfig config) throws IOException {
        if (!Servers.targetIsZooKeeper()) {
            PaddockServer paddock = PaddockServer.start(config);
            return new ServerUnderTest(paddock.clientAddress(), paddock::isServing, paddock, false);
        }
        assumeTrue(config.juteMaxBufferBytes() == ServerConfig.DEFAULT_JUTE_MAX_BUFFER_BYTES,
                "the embedded ZooKeeper runs with the default jute.maxbuffer");
        assumeTrue(config.maxClientCnxns() == 0 || config.maxClientCnxns() == ServerConfig.DEFAULT_MAX_CLIENT_CNXNS,
                "the embedded ZooKeeper runs without a per-address connection limit");
        TestServer zk = Servers.zookeeper(dataDir);
        return new ServerUnderTest(new InetSocketAddress("127.0.0.1", zk.clientPort()), () -> true, zk, true);
    }

    InetSocketAddress clientAddress() {
        return address;
    }

    String connectString() {
        return address.getHostString() + ":" + address.getPort();
    }

    /** False once Paddock's replica loop stopped on a broken invariant. */
    boolean isServing() {
        return serving.getAsBoolean();
    }

    boolean isZooKeeper() {
        return zookeeper;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
