package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import io.paddock.compat.fixture.WireClient;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetDataRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the stock clients refuse to send (they check paths and ACL lists locally), sent with ZooKeeper's own
 * jute records so the server's own validation is what answers.
 */
class WireProtocolTest {

    @TempDir
    static Path dataDir;
    static TestServer server;
    WireClient wire;

    @BeforeAll
    static void startServer() {
        server = Servers.target(dataDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        wire = WireClient.connect(server, 30_000);
    }

    @AfterEach
    void disconnect() throws Exception {
        wire.close();
    }

    /**
     * ZooKeeper (PrepRequestProcessor.pRequest2TxnCreate) first refuses a path without '/' or with NUL, then looks
     * up the parent (everything before the last '/'), then checks the whole path. So a malformed last component
     * under an existing parent is BadArguments, while a malformed parent part names no node and is NoNode.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a            | -8",
        "''           | -8",
        "/wire/       | -8",
        "//           | -8",
        "/wire/.      | -8",
        "/wire/..     | -8",
        "/.           | -8",
        "/wire/./b    | -101",
        "/wire//b     | -101",
        "a/b          | -101",
    })
    void createWithAnInvalidPath(String path, int expectedErr) throws Exception {
        ensureWireParent();
        ReplyHeader reply = wire.call(OpCode.create,
                new CreateRequest(path, utf8("x"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT.toFlag()), null);
        assertEquals(expectedErr, reply.getErr(), "create " + path);
    }

    @Test
    void createWithNulInThePathIsBadArguments() throws Exception {
        ensureWireParent();
        ReplyHeader reply = wire.call(OpCode.create,
                new CreateRequest("/wire/a\u0000b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT.toFlag()), null);
        assertEquals(Code.BADARGUMENTS.intValue(), reply.getErr());
    }

    /** setData validates the whole path first; delete only refuses no '/', NUL and the reserved nodes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a          | -8  | -8",
        "/wire/     | -8  | -101",
        "/wire/./b  | -8  | -101",
        "/wire/.    | -8  | -101",
        "//         | -8  | -101",
    })
    void setDataAndDeleteWithAnInvalidPath(String path, int setDataErr, int deleteErr) throws Exception {
        ensureWireParent();
        assertEquals(setDataErr, wire.call(OpCode.setData, new SetDataRequest(path, utf8("x"), -1), null).getErr(),
                "setData " + path);
        assertEquals(deleteErr, wire.call(OpCode.delete, new DeleteRequest(path, -1), null).getErr(),
                "delete " + path);
    }

    @Test
    void setDataAndDeleteWithNulInThePathAreBadArguments() throws Exception {
        ensureWireParent();
        assertEquals(Code.BADARGUMENTS.intValue(),
                wire.call(OpCode.setData, new SetDataRequest("/wire/a\u0000b", null, -1), null).getErr());
        assertEquals(Code.BADARGUMENTS.intValue(),
                wire.call(OpCode.delete, new DeleteRequest("/wire/a\u0000b", -1), null).getErr());
    }

    @Test
    void sequentialPathMayEndInSlashButOthersMayNot() throws Exception {
        ReplyHeader reply = wire.call(OpCode.create, new CreateRequest("/wire-seq", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT.toFlag()), null);
        assertEquals(0, reply.getErr());
        reply = wire.call(OpCode.create, new CreateRequest("/wire-seq/", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT.toFlag()), null);
        assertEquals(Code.BADARGUMENTS.intValue(), reply.getErr());
        Create2Response created = new Create2Response();
        reply = wire.call(OpCode.create2, new CreateRequest("/wire-seq/", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL.toFlag()), created);
        assertEquals(0, reply.getErr());
        assertEquals("/wire-seq/0000000000", created.getPath(), "the refused create did not count");
    }

    @Test
    void emptyAclListIsInvalidAcl() throws Exception {
        ReplyHeader reply = wire.call(OpCode.create,
                new CreateRequest("/wire-empty-acl", null, List.<ACL>of(), CreateMode.PERSISTENT.toFlag()), null);
        assertEquals(Code.INVALIDACL.intValue(), reply.getErr());
        ZooKeeper zk = Clients.connect(server);
        try {
            assertNull(zk.exists("/wire-empty-acl", false));
        } finally {
            zk.close();
        }
    }

    @Test
    void unknownCreateFlagsAreBadArguments() throws Exception {
        ReplyHeader reply = wire.call(OpCode.create,
                new CreateRequest("/wire-bad-flags", null, Ids.OPEN_ACL_UNSAFE, 77), null);
        assertEquals(Code.BADARGUMENTS.intValue(), reply.getErr());
    }

    @Test
    void replyZxidOfAWriteIsItsTxnZxid() throws Exception {
        Create2Response created = new Create2Response();
        ReplyHeader reply = wire.call(OpCode.create2, new CreateRequest("/wire-zxid", utf8("d"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT.toFlag()), created);
        assertEquals(0, reply.getErr());
        assertEquals(created.getStat().getCzxid(), reply.getZxid());
        // A read carries the last applied zxid, which is at least this write's.
        GetDataResponse data = new GetDataResponse();
        ReplyHeader read = wire.call(OpCode.getData, new GetDataRequest("/wire-zxid", false), data);
        assertEquals(0, read.getErr());
        assertEquals(reply.getZxid(), read.getZxid());
        assertEquals("d", utf8(data.getData()));
        assertEquals(reply.getZxid(), data.getStat().getMzxid());
    }

    @Test
    void unknownOpcodeIsUnimplemented() throws Exception {
        ReplyHeader reply = wire.call(9_999, null, null);
        assertEquals(Code.UNIMPLEMENTED.intValue(), reply.getErr());
    }

    @Test
    void sessionIsEstablishedWithANonZeroIdAndNegotiatedTimeout() throws Exception {
        assertNotEquals(0, wire.sessionId());
        assertEquals(30_000, wire.negotiatedTimeoutMs());
        try (WireClient second = WireClient.connect(server, 1)) {
            assertNotEquals(wire.sessionId(), second.sessionId());
            assertEquals(4_000, second.negotiatedTimeoutMs(), "clamped to minSessionTimeout = 2 ticks");
        }
        try (WireClient third = WireClient.connect(server, 10_000_000)) {
            assertEquals(40_000, third.negotiatedTimeoutMs(), "clamped to maxSessionTimeout = 20 ticks");
        }
    }

    private void ensureWireParent() throws Exception {
        int err = wire.call(OpCode.create, new CreateRequest("/wire", null, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT.toFlag()), null).getErr();
        assertEquals(true, err == 0 || err == Code.NODEEXISTS.intValue(), "create /wire: " + err);
    }
}
