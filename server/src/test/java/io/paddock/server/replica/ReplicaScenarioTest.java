package io.paddock.server.replica;

import static io.paddock.server.replica.ReplicaHarness.create;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paddock.protocol.ConnectRequest;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol scenarios on one replica, step by step, with storage and time under the test's control. */
class ReplicaScenarioTest {

    @Test
    void aReadWaitsBehindTheSessionsOwnUnpersistedWrite() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        h.take();
        h.request(1, 1, OpCode.CREATE, create("/a", 0));
        h.request(1, 2, OpCode.GET_DATA, new Request.GetData("/a", false));
        assertEquals(List.of(), h.take(), "nothing may leave before the create is persisted");
        h.persistAll();
        assertEquals(List.of("reply c1 xid=1 OK Created[path=/a]", "reply c1 xid=2 OK Data[]"), h.take());
    }

    @Test
    void anotherSessionsReadIsNotHeldBackAndSeesOnlyCommittedState() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        h.connect(2, 10_000);
        h.take();
        h.request(1, 1, OpCode.CREATE, create("/a", 0));
        h.request(2, 1, OpCode.EXISTS, new Request.Exists("/a", true));
        assertEquals(List.of("reply c2 xid=1 NO_NODE"), h.take());
        h.persistAll();
        assertEquals(List.of("event c2 NODE_CREATED /a", "reply c1 xid=1 OK Created[path=/a]"), h.take());
    }

    @Test
    void theWatchEventLeavesBeforeTheReplyThatReflectsTheChange() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        h.request(1, 1, OpCode.CREATE, create("/a", 0));
        h.persistAll();
        h.request(1, 2, OpCode.GET_DATA, new Request.GetData("/a", true));
        h.take();
        h.request(1, 3, OpCode.SET_DATA, new Request.SetData("/a", "x".getBytes(), -1));
        h.request(1, 4, OpCode.GET_DATA, new Request.GetData("/a", false));
        h.persistAll();
        assertEquals(List.of("event c1 NODE_DATA_CHANGED /a", "reply c1 xid=3 OK Stat", "reply c1 xid=4 OK Data[x]"),
                h.take());
    }

    @Test
    void aFailedMultiReportsRolledBackTheErrorAndRuntimeInconsistency() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        h.take();
        h.request(1, 1, OpCode.MULTI, new Request.Multi(List.of(create("/x", 0),
                new Request.Delete(OpCode.DELETE, "/missing", -1), create("/y", 0))));
        h.persistAll();
        assertEquals(List.of("reply c1 xid=1 OK Multi[OK, NO_NODE, RUNTIME_INCONSISTENCY]"), h.take());
        h.request(1, 2, OpCode.EXISTS, new Request.Exists("/x", false));
        assertEquals(List.of("reply c1 xid=2 NO_NODE"), h.take(), "nothing of a failed multi is applied");
    }

    @Test
    void sequentialSuffixCountsCreatesOfTheParentNotItsCurrentChildren() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        h.request(1, 1, OpCode.CREATE, create("/q", 0));
        h.request(1, 2, OpCode.CREATE, create("/q/a", 0));
        h.request(1, 3, OpCode.DELETE, new Request.Delete(OpCode.DELETE, "/q/a", -1));
        h.request(1, 4, OpCode.CREATE, create("/q/n-", 2));
        h.request(1, 5, OpCode.CREATE, create("/q/n-", 2));
        h.persistAll();
        List<String> replies = h.take();
        assertEquals("reply c1 xid=4 OK Created[path=/q/n-0000000001]", replies.get(4));
        assertEquals("reply c1 xid=5 OK Created[path=/q/n-0000000002]", replies.get(5));
    }

    @Test
    void anExpiredSessionLosesItsEphemeralsAndItsWatchersHearOfIt() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 4_000);
        h.connect(2, 40_000);
        h.request(1, 1, OpCode.CREATE, create("/e", 1));
        h.persistAll();
        h.request(2, 1, OpCode.EXISTS, new Request.Exists("/e", true));
        h.take();
        h.tick(3_000);
        assertEquals(List.of(), h.take(), "not due yet");
        h.tick(4_000);
        assertEquals(List.of("close c1"), h.take());
        h.persistAll();
        assertEquals(List.of("event c2 NODE_DELETED /e"), h.take());
    }

    @Test
    void reattachingWithAWrongPasswordGetsAZeroSessionAndIsClosed() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        long sessionId = h.connects.get(0).sessionId();
        h.take();
        h.replica.step(new Input.Connect(h.nowMs, 2, "127.0.0.1",
                new ConnectRequest(0, 0, 10_000, sessionId, new byte[16], false, true)), h);
        assertEquals(List.of("connected c2 timeout=0", "close c2"), h.take());
        assertEquals(0, h.connects.get(1).sessionId());
    }

    @Test
    void reattachingMovesTheSessionAndClosesTheOldConnection() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 10_000);
        long sessionId = h.connects.get(0).sessionId();
        byte[] passwd = h.connects.get(0).passwd();
        h.take();
        h.replica.step(new Input.Connect(h.nowMs, 2, "127.0.0.1",
                new ConnectRequest(0, 0, 10_000, sessionId, passwd, false, true)), h);
        assertEquals(List.of("close c1", "connected c2 timeout=10000"), h.take());
    }

    @Test
    void aContainerIsReapedOnceItHadChildrenAndHasNoneLeft() {
        ReplicaHarness h = new ReplicaHarness();
        h.connect(1, 40_000);
        h.request(1, 1, OpCode.CREATE_CONTAINER,
                new Request.Create(OpCode.CREATE_CONTAINER, "/c", new byte[0], create("/c", 4).acl(), 4, -1));
        h.request(1, 2, OpCode.CREATE, create("/c/child", 0));
        h.request(1, 3, OpCode.DELETE, new Request.Delete(OpCode.DELETE, "/c/child", -1));
        h.request(1, 4, OpCode.EXISTS, new Request.Exists("/c", true));
        h.persistAll();
        h.take();
        h.tick(1_000);
        h.tick(1_000);
        h.persistAll();
        assertEquals(List.of("event c1 NODE_DELETED /c"), h.take());
    }
}
