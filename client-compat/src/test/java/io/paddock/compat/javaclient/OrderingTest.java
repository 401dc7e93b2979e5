package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.ClientPerTest;
import io.paddock.compat.fixture.Clients;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/** Per-session FIFO: pipelined async requests of every kind are answered in the order they were sent. */
class OrderingTest extends ClientPerTest {

    @Test
    void pipelinedMixedRequestsAreAnsweredInOrderAndSeeEarlierWrites() throws Exception {
        String root = "/ordering";
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(root + "/v", utf8("initial"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int total = 600;
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(total);
        String lastWritten = "initial";
        int sequentialCreates = 1; // /v was the first child
        for (int i = 0; i < total; i++) {
            final int index = i;
            switch (i % 6) {
                case 0 -> {
                    String expected = String.format("%s/q-%010d", root, sequentialCreates++);
                    zk.create(root + "/q-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                            (AsyncCallback.StringCallback) (rc, path, ctx, name) -> {
                                check(problems, index, rc == 0 && expected.equals(name), rc + " " + name);
                                order.add(index);
                                done.countDown();
                            }, null);
                }
                case 1 -> {
                    lastWritten = "value-" + i;
                    zk.setData(root + "/v", utf8(lastWritten), -1, (rc, path, ctx, stat) -> {
                        check(problems, index, rc == 0, "setData rc " + rc);
                        order.add(index);
                        done.countDown();
                    }, null);
                }
                case 2 -> {
                    String expected = lastWritten;
                    zk.getData(root + "/v", false, (rc, path, ctx, data, stat) -> {
                        check(problems, index, rc == 0 && expected.equals(utf8(data)),
                                "read " + (data == null ? null : utf8(data)) + " expected " + expected);
                        order.add(index);
                        done.countDown();
                    }, null);
                }
                case 3 -> zk.exists(root + "/missing", false, (rc, path, ctx, stat) -> {
                    check(problems, index, rc == Code.NONODE.intValue() && stat == null, "exists rc " + rc);
                    order.add(index);
                    done.countDown();
                }, null);
                case 4 -> zk.delete(root + "/missing", -1, (rc, path, ctx) -> {
                    check(problems, index, rc == Code.NONODE.intValue(), "delete rc " + rc);
                    order.add(index);
                    done.countDown();
                }, null);
                default -> zk.getChildren(root, false, (AsyncCallback.ChildrenCallback) (rc, path, ctx, kids) -> {
                    check(problems, index, rc == 0, "getChildren rc " + rc);
                    order.add(index);
                    done.countDown();
                }, null);
            }
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "only " + (total - done.getCount()) + " answers");
        assertEquals(List.of(), problems);
        List<Integer> expectedOrder = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expectedOrder.add(i);
        }
        assertEquals(expectedOrder, order);
    }

    @Test
    void writesOfConcurrentSessionsAreEachInOrder() throws Exception {
        String root = "/ordering-sessions";
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int sessions = 4;
        int perSession = 100;
        List<ZooKeeper> clients = new ArrayList<>();
        try {
            CountDownLatch done = new CountDownLatch(sessions * perSession);
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            for (int s = 0; s < sessions; s++) {
                ZooKeeper client = Clients.connect(server);
                clients.add(client);
                client.create(root + "/s" + s, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                int[] lastVersion = {-1};
                for (int i = 0; i < perSession; i++) {
                    int expectedVersion = i + 1;
                    client.setData(root + "/s" + s, utf8("x"), -1, (rc, path, ctx, stat) -> {
                        if (rc != 0 || stat.getVersion() != expectedVersion || stat.getVersion() <= lastVersion[0]) {
                            problems.add(path + " rc " + rc + " version " + (stat == null ? null : stat.getVersion())
                                    + " expected " + expectedVersion);
                        }
                        lastVersion[0] = stat == null ? lastVersion[0] : stat.getVersion();
                        done.countDown();
                    }, null);
                }
            }
            assertTrue(done.await(60, TimeUnit.SECONDS));
            assertEquals(List.of(), problems);
            for (int s = 0; s < sessions; s++) {
                assertEquals(perSession, zk.exists(root + "/s" + s, false).getVersion());
            }
        } finally {
            for (ZooKeeper client : clients) {
                client.close();
            }
        }
    }

    private static void check(List<String> problems, int index, boolean ok, String detail) {
        if (!ok) {
            problems.add("#" + index + ": " + detail);
        }
    }
}
