package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.ClientPerTest;
import io.paddock.compat.fixture.Clients;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** The reserved /zookeeper subtree, getConfig, reconfig in standalone, sync and a couple of four-letter words. */
class ServerInfoTest extends ClientPerTest {

    @Test
    void reservedNodesCannotBeDeleted() throws Exception {
        for (String path : new String[] {"/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
            assertThrows(KeeperException.BadArgumentsException.class, () -> zk.delete(path, -1), path);
            assertNotNull(zk.exists(path, false), path);
        }
        assertThrows(KeeperException.NodeExistsException.class,
                () -> zk.create("/zookeeper", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
    }

    /** A standalone server has no dynamic configuration: the node is there, empty, older than every txn. */
    @Test
    void getConfigOfAStandaloneServerIsEmpty() throws Exception {
        Stat stat = new Stat();
        byte[] config = zk.getConfig(false, stat);
        assertTrue(config == null || config.length == 0, "config: " + (config == null ? null : utf8(config)));
        assertEquals(zk.exists("/zookeeper/config", false), stat);
        assertEquals(0, stat.getCzxid());
        assertEquals(0, stat.getMzxid());
        assertEquals(0, stat.getDataLength());
        assertEquals(0, stat.getNumChildren());
        assertEquals(0, stat.getEphemeralOwner());
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setData("/zookeeper/config", null, -1));
    }

    @Test
    void reconfigIsDisabled() throws Exception {
        ZooKeeperAdmin admin = new ZooKeeperAdmin(server.connectString(), 30_000, event -> { });
        try {
            assertThrows(KeeperException.ReconfigDisabledException.class,
                    () -> admin.reconfigure(null, null, "server.1=127.0.0.1:2888:3888;2181", -1, new Stat()));
            assertThrows(KeeperException.ReconfigDisabledException.class,
                    () -> admin.reconfigure("server.2=127.0.0.1:2889:3889;2182", null, null, -1, new Stat()));
        } finally {
            admin.close();
        }
    }

    @Test
    void syncCompletesWithThePathItWasGiven() throws Exception {
        zk.create("/sync-me", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.sync("/sync-me");
        CompletableFuture<String> done = new CompletableFuture<>();
        zk.sync("/sync-me", (rc, path, ctx) -> done.complete(rc + " " + path + " " + ctx), "ctx");
        assertEquals("0 /sync-me ctx", done.get(30, TimeUnit.SECONDS));
        CompletableFuture<Integer> missing = new CompletableFuture<>();
        zk.sync("/sync-missing", (rc, path, ctx) -> missing.complete(rc), null);
        assertEquals(0, missing.get(30, TimeUnit.SECONDS), "sync does not look at the node");
    }

    @Test
    void ruokAnswersImok() throws Exception {
        assertEquals("imok", fourLetterWord("ruok"));
    }

    @Test
    void srvrReportsStandaloneMode() throws Exception {
        String srvr = fourLetterWord("srvr");
        assertTrue(srvr.contains("Mode: standalone"), srvr);
        assertTrue(srvr.contains("Node count: "), srvr);
    }

    private static String fourLetterWord(String word) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.clientPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
