package io.paddock.compat.javaclient;

import io.paddock.compat.fixture.ClientPerTest;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link ClientPerTest}, plus for each test a fresh node {@code root} (named after the class and the test) to
 * work under, so tests do not meet.
 */
abstract class SharedServerTest extends ClientPerTest {
    String root;

    @BeforeEach
    void createRoot(TestInfo info) throws Exception {
        root = "/" + getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }
}
