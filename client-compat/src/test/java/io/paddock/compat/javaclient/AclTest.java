package io.paddock.compat.javaclient;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paddock.compat.fixture.Acls;
import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** ACLs, digest authentication, the super user and whoAmI. */
class AclTest {

    static final ACL WORLD_READ = new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE);

    @TempDir
    static Path dataDir;
    static TestServer server;
    ZooKeeper zk;
    ZooKeeper alice;
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
        alice = Clients.connect(server);
        alice.addAuthInfo("digest", utf8("alice:secret"));
        root = "/" + getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
        zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void disconnect() {
        Clients.closeQuietly(zk);
        Clients.closeQuietly(alice);
    }

    @Test
    void aclIsStoredAsGivenAndVersionedByAversion() throws Exception {
        List<ACL> acl = acl(new ACL(Perms.READ | Perms.WRITE, Ids.ANYONE_ID_UNSAFE),
                new ACL(Perms.ALL, new Id("ip", "127.0.0.1")));
        zk.create(root + "/n", null, acl, CreateMode.PERSISTENT);
        Stat stat = new Stat();
        assertEquals(acl, zk.getACL(root + "/n", stat));
        assertEquals(0, stat.getAversion());
        assertEquals(stat, zk.exists(root + "/n", false), "getACL returns the node's stat");

        Stat set = zk.setACL(root + "/n", Ids.OPEN_ACL_UNSAFE, 0);
        assertEquals(1, set.getAversion());
        assertEquals(0, set.getVersion(), "setACL moves aversion only");
        assertEquals(0, set.getCversion());
        assertEquals(stat.getMzxid(), set.getMzxid(), "setACL does not move mzxid");
        assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL(root + "/n", new Stat()));

        KeeperException.BadVersionException bad = assertThrows(KeeperException.BadVersionException.class,
                () -> zk.setACL(root + "/n", Ids.READ_ACL_UNSAFE, 0));
        assertEquals(root + "/n", bad.getPath());
        assertEquals(2, zk.setACL(root + "/n", Ids.READ_ACL_UNSAFE, -1).getAversion());
        assertEquals(Ids.READ_ACL_UNSAFE, zk.getACL(root + "/n", new Stat()));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.setACL(root + "/missing", Ids.OPEN_ACL_UNSAFE, -1));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getACL(root + "/missing", new Stat()));
    }

    @Test
    void duplicateAclEntriesAreCollapsed() throws Exception {
        zk.create(root + "/dup", null, acl(new ACL(Perms.ALL, Ids.ANYONE_ID_UNSAFE),
                new ACL(Perms.ALL, Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);
        assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL(root + "/dup", new Stat()));
    }

    @Test
    void eachPermissionGuardsItsOperation() throws Exception {
        ACL aliceAll = Acls.digestAcl(Perms.ALL, "alice", "secret");
        // READ only for the world: reads work, writes are refused.
        alice.create(root + "/r", utf8("r"), acl(aliceAll, WORLD_READ), CreateMode.PERSISTENT);
        assertArrayEquals(utf8("r"), zk.getData(root + "/r", false, null));
        assertEquals(List.of(), zk.getChildren(root + "/r", false));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setData(root + "/r", utf8("x"), -1));
        assertThrows(KeeperException.NoAuthException.class,
                () -> zk.create(root + "/r/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setACL(root + "/r", Ids.OPEN_ACL_UNSAFE, -1));

        // No READ for the world: getData, getChildren and exists (of an existing node) are refused.
        alice.create(root + "/w", utf8("w"), acl(aliceAll, new ACL(Perms.WRITE, Ids.ANYONE_ID_UNSAFE)),
                CreateMode.PERSISTENT);
        KeeperException.NoAuthException noAuth = assertThrows(KeeperException.NoAuthException.class,
                () -> zk.getData(root + "/w", false, null));
        assertEquals(root + "/w", noAuth.getPath());
        assertThrows(KeeperException.NoAuthException.class, () -> zk.getChildren(root + "/w", false));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.exists(root + "/w", false));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.getAllChildrenNumber(root + "/w"));
        assertNull(zk.exists(root + "/w/missing", false), "exists of a missing node checks no ACL");
        assertEquals(1, zk.setData(root + "/w", utf8("written"), -1).getVersion());
        assertArrayEquals(utf8("written"), alice.getData(root + "/w", false, null));

        // CREATE and DELETE are checked on the parent.
        alice.create(root + "/c", null, acl(aliceAll, new ACL(Perms.CREATE, Ids.ANYONE_ID_UNSAFE)),
                CreateMode.PERSISTENT);
        zk.create(root + "/c/kid", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThrows(KeeperException.NoAuthException.class, () -> zk.delete(root + "/c/kid", -1));
        alice.setACL(root + "/c", acl(aliceAll, new ACL(Perms.DELETE, Ids.ANYONE_ID_UNSAFE)), -1);
        zk.delete(root + "/c/kid", -1);
        assertNull(zk.exists(root + "/c/kid", false));
        // Deleting a node needs DELETE on its parent, not any permission on the node itself.
        zk.create(root + "/locked", null, acl(aliceAll), CreateMode.PERSISTENT);
        zk.delete(root + "/locked", -1);
        assertNull(zk.exists(root + "/locked", false));

        // ADMIN alone lets setACL through.
        alice.create(root + "/a", null, acl(aliceAll, new ACL(Perms.ADMIN, Ids.ANYONE_ID_UNSAFE)),
                CreateMode.PERSISTENT);
        assertEquals(1, zk.setACL(root + "/a", Ids.OPEN_ACL_UNSAFE, 0).getAversion());
    }

    @Test
    void digestIdentityIsTheHashOfUserAndPassword() throws Exception {
        alice.create(root + "/d", utf8("d"), acl(Acls.digestAcl(Perms.ALL, "alice", "secret")),
                CreateMode.PERSISTENT);
        assertThrows(KeeperException.NoAuthException.class, () -> zk.getData(root + "/d", false, null));
        ZooKeeper wrong = Clients.connect(server);
        ZooKeeper right = Clients.connect(server);
        try {
            wrong.addAuthInfo("digest", utf8("alice:wrong"));
            assertThrows(KeeperException.NoAuthException.class, () -> wrong.getData(root + "/d", false, null));
            right.addAuthInfo("digest", utf8("bob:other"));
            right.addAuthInfo("digest", utf8("alice:secret"));
            assertArrayEquals(utf8("d"), right.getData(root + "/d", false, null),
                    "any one of a session's identities may match");
        } finally {
            wrong.close();
            right.close();
        }
    }

    @Test
    void authSchemeExpandsToTheSessionsIdentities() throws Exception {
        alice.create(root + "/auth", null, acl(new ACL(Perms.ALL, new Id("auth", ""))), CreateMode.PERSISTENT);
        assertEquals(acl(Acls.digestAcl(Perms.ALL, "alice", "secret")),
                alice.getACL(root + "/auth", new Stat()));
        // Without any identity to expand, "auth" is an invalid ACL.
        assertThrows(KeeperException.InvalidACLException.class, () -> zk.create(root + "/auth2", null,
                acl(new ACL(Perms.ALL, new Id("auth", ""))), CreateMode.PERSISTENT));
        assertThrows(KeeperException.InvalidACLException.class, () -> zk.create(root + "/auth2", null,
                Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        assertNull(zk.exists(root + "/auth2", false));
    }

    /** Kazoo writes the empty id of an "auth" ACL as a null string (length -1); ZooKeeper ignores that id. */
    @Test
    void authSchemeWithANullIdIsExpandedLikeAnEmptyOne() throws Exception {
        alice.create(root + "/auth-null", null, acl(new ACL(Perms.READ | Perms.ADMIN, new Id("auth", null))),
                CreateMode.PERSISTENT);
        assertEquals(List.of(Acls.digestAcl(Perms.READ | Perms.ADMIN, "alice", "secret")),
                alice.getACL(root + "/auth-null", new Stat()));
    }

    @Test
    void malformedAclsAreInvalidAcl() throws Exception {
        List<List<ACL>> invalid = List.of(
                acl(new ACL(Perms.ALL, new Id("world", "someone"))),
                acl(new ACL(Perms.ALL, new Id("bogus-scheme", "x"))),
                acl(new ACL(Perms.ALL, new Id("digest", "no-colon"))),
                acl(new ACL(Perms.ALL, new Id("ip", "not-an-address"))),
                acl(new ACL(Perms.ALL, Ids.ANYONE_ID_UNSAFE), new ACL(Perms.ALL, new Id("ip", "1.2.3.4/99"))));
        for (List<ACL> acl : invalid) {
            assertThrows(KeeperException.InvalidACLException.class,
                    () -> zk.create(root + "/bad", null, acl, CreateMode.PERSISTENT), acl.toString());
            zk.create(root + "/good", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThrows(KeeperException.InvalidACLException.class,
                    () -> zk.setACL(root + "/good", acl, -1), acl.toString());
            assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL(root + "/good", new Stat()));
            zk.delete(root + "/good", -1);
        }
        assertNull(zk.exists(root + "/bad", false));
    }

    @Test
    void ipAclMatchesTheClientAddress() throws Exception {
        zk.create(root + "/ip-ok", utf8("ok"), acl(new ACL(Perms.READ, new Id("ip", "127.0.0.1"))),
                CreateMode.PERSISTENT);
        zk.create(root + "/ip-net", utf8("net"), acl(new ACL(Perms.READ, new Id("ip", "127.0.0.0/8"))),
                CreateMode.PERSISTENT);
        zk.create(root + "/ip-no", utf8("no"), acl(new ACL(Perms.READ, new Id("ip", "10.1.2.3"))),
                CreateMode.PERSISTENT);
        assertArrayEquals(utf8("ok"), zk.getData(root + "/ip-ok", false, null));
        assertArrayEquals(utf8("net"), zk.getData(root + "/ip-net", false, null));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.getData(root + "/ip-no", false, null));
    }

    @Test
    void getAclNeedsReadOrAdminAndHidesDigestsWithoutAdmin() throws Exception {
        ACL aliceAll = Acls.digestAcl(Perms.ALL, "alice", "secret");
        alice.create(root + "/hidden", null, acl(aliceAll), CreateMode.PERSISTENT);
        assertThrows(KeeperException.NoAuthException.class, () -> zk.getACL(root + "/hidden", new Stat()));

        alice.create(root + "/readable", null, acl(aliceAll, WORLD_READ), CreateMode.PERSISTENT);
        assertEquals(acl(new ACL(Perms.ALL, new Id("digest", "alice:x")), WORLD_READ),
                zk.getACL(root + "/readable", new Stat()), "without ADMIN the digest hash is masked");
        assertEquals(acl(aliceAll, WORLD_READ), alice.getACL(root + "/readable", new Stat()));

        alice.create(root + "/admin", null, acl(aliceAll, new ACL(Perms.ADMIN, Ids.ANYONE_ID_UNSAFE)),
                CreateMode.PERSISTENT);
        assertEquals(acl(aliceAll, new ACL(Perms.ADMIN, Ids.ANYONE_ID_UNSAFE)),
                zk.getACL(root + "/admin", new Stat()));
    }

    @Test
    void multiChecksAclsPerOp() throws Exception {
        alice.create(root + "/ro", null, acl(Acls.digestAcl(Perms.ALL, "alice", "secret"), WORLD_READ),
                CreateMode.PERSISTENT);
        KeeperException e = assertThrows(KeeperException.NoAuthException.class, () -> zk.multi(List.of(
                Op.create(root + "/fine", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(root + "/ro", utf8("x"), -1))));
        List<Integer> errors = new ArrayList<>();
        e.getResults().forEach(r -> errors.add(((org.apache.zookeeper.OpResult.ErrorResult) r).getErr()));
        assertEquals(List.of(0, KeeperException.Code.NOAUTH.intValue()), errors);
        assertNull(zk.exists(root + "/fine", false));
    }

    @Test
    void superUserBypassesEveryAcl() throws Exception {
        alice.create(root + "/private", utf8("p"), acl(Acls.digestAcl(Perms.ALL, "alice", "secret")),
                CreateMode.PERSISTENT);
        alice.create(root + "/private/kid", null, acl(Acls.digestAcl(Perms.ALL, "alice", "secret")),
                CreateMode.PERSISTENT);
        ZooKeeper root0 = Clients.connect(server);
        try {
            root0.addAuthInfo("digest", utf8(ServerOptions.SUPER_USER + ":" + ServerOptions.SUPER_PASSWORD));
            assertArrayEquals(utf8("p"), root0.getData(root + "/private", false, null));
            assertEquals(List.of("kid"), root0.getChildren(root + "/private", false));
            root0.setData(root + "/private", utf8("super was here"), -1);
            root0.delete(root + "/private/kid", -1);
            assertEquals(1, root0.setACL(root + "/private", Ids.OPEN_ACL_UNSAFE, -1).getAversion());
            assertArrayEquals(utf8("super was here"), zk.getData(root + "/private", false, null));
        } finally {
            root0.close();
        }
    }

    @Test
    void whoAmIListsTheSessionsIdentities() throws Exception {
        // ZooKeeper lists them in no particular order (digest before ip); compare as sets, and count.
        assertEquals(List.of(new ClientInfo("ip", "127.0.0.1")), zk.whoAmI());
        assertEquals(Set.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "alice")),
                Set.copyOf(alice.whoAmI()));
        alice.addAuthInfo("digest", utf8("carol:pw"));
        List<ClientInfo> three = alice.whoAmI();
        assertEquals(3, three.size());
        assertEquals(Set.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "alice"),
                new ClientInfo("digest", "carol")), Set.copyOf(three));
        // The same identity twice is recorded once.
        alice.addAuthInfo("digest", utf8("carol:pw"));
        assertEquals(3, alice.whoAmI().size());
    }

    @Test
    void unknownAuthSchemeFailsTheSession() throws Exception {
        Clients.EventQueue events = new Clients.EventQueue();
        ZooKeeper client = Clients.connect(server, events);
        try {
            client.addAuthInfo("no-such-scheme", utf8("whatever"));
            events.takeState(KeeperState.AuthFailed);
            assertThrows(KeeperException.AuthFailedException.class, () -> client.exists("/", false));
        } finally {
            client.close();
        }
    }

    /** The stock client calls acl.contains(null), which immutable lists refuse; pass a mutable list. */
    static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(List.of(entries));
    }

    @Test
    void zookeeperConfigNodeIsReadOnlyForTheWorld() throws Exception {
        assertEquals(Ids.READ_ACL_UNSAFE, zk.getACL("/zookeeper/config", new Stat()));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setData("/zookeeper/config", utf8("x"), -1));
    }
}
