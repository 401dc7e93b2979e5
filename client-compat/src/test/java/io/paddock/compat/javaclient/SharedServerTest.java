package io.paddock.compat.javaclient;

import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server (the target of -Dcompat.target) for a whole test class, and for each test a fresh client and
 * a fresh node {@code root} (named after the class and the test) to work under, so tests do not meet.
 */
abstract class SharedServerTest {

    @TempDir
    static Path dataDir;
    static TestServer server;
    ZooKeeper zk;
    String root;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect(TestInfo info) throws Exception {
        zk = Clients.connect(server);
        root = "/" + getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void disconnect() {
        Clients.closeQuietly(zk);
    }
}
