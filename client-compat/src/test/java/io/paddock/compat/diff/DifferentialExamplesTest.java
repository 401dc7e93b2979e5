package io.paddock.compat.diff;

import static io.paddock.compat.diff.Script.addWatch;
import static io.paddock.compat.diff.Script.auth;
import static io.paddock.compat.diff.Script.children;
import static io.paddock.compat.diff.Script.create;
import static io.paddock.compat.diff.Script.createData;
import static io.paddock.compat.diff.Script.createTtl;
import static io.paddock.compat.diff.Script.delete;
import static io.paddock.compat.diff.Script.deleteLast;
import static io.paddock.compat.diff.Script.exists;
import static io.paddock.compat.diff.Script.get;
import static io.paddock.compat.diff.Script.getAcl;
import static io.paddock.compat.diff.Script.mCheck;
import static io.paddock.compat.diff.Script.mCreate;
import static io.paddock.compat.diff.Script.mDelete;
import static io.paddock.compat.diff.Script.mGetChildren;
import static io.paddock.compat.diff.Script.mGetData;
import static io.paddock.compat.diff.Script.mSet;
import static io.paddock.compat.diff.Script.multi;
import static io.paddock.compat.diff.Script.raw;
import static io.paddock.compat.diff.Script.rawCreate;
import static io.paddock.compat.diff.Script.rawMulti;
import static io.paddock.compat.diff.Script.removeAllWatches;
import static io.paddock.compat.diff.Script.removeWatches;
import static io.paddock.compat.diff.Script.set;
import static io.paddock.compat.diff.Script.setAcl;
import static io.paddock.compat.diff.Step.c0;
import static io.paddock.compat.diff.Step.c1;
import static io.paddock.compat.diff.Step.c2;

import io.paddock.compat.diff.RawOps.PathOpKind;
import io.paddock.compat.diff.Specs.AclSpec;
import io.paddock.compat.diff.Specs.Data;
import io.paddock.compat.diff.Specs.User;
import io.paddock.compat.diff.Specs.VersionSpec;
import io.paddock.compat.diff.Specs.WatchSpec;
import io.paddock.compat.diff.Specs.WatcherSel;
import io.paddock.compat.fixture.ServerOptions;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.OpCode;

/**
 * Hand-written sequences for the classic edge cases, run through the same differential harness as the generated
 * ones. A mismatch the property finds and the lead fixes belongs here as a regression.
 */
class DifferentialExamplesTest {

    @AfterContainer
    static void stopServers() {
        DiffPair.closeShared();
    }

    @Example
    void sequentialSuffixFollowsParentCversion() throws Exception {
        check(c0(create("/a")),
                c0(create("/a/", CreateMode.PERSISTENT_SEQUENTIAL)),
                c0(create("/a/x")),
                c0(create("/a/s-", CreateMode.EPHEMERAL_SEQUENTIAL)),
                c0(delete("/a/x")),
                c0(create("/a/s-", CreateMode.PERSISTENT_SEQUENTIAL)),
                c1(create("/a/b", CreateMode.PERSISTENT_SEQUENTIAL)),
                c0(children("/a", WatchSpec.NONE)),
                c0(exists("/a", WatchSpec.NONE)));
    }

    @Example
    void closingASessionDeletesItsEphemeralsAndFiresOthersWatches() throws Exception {
        check(c0(create("/a")),
                c0(create("/a/e", CreateMode.EPHEMERAL)),
                c0(create("/a/q", CreateMode.EPHEMERAL_SEQUENTIAL)),
                c1(exists("/a/e", WatchSpec.DEFAULT)),
                c1(get("/a/e", WatchSpec.CUSTOM)),
                c2(children("/a", WatchSpec.DEFAULT)),
                c2(addWatch("/a", AddWatchMode.PERSISTENT_RECURSIVE, WatcherSel.CUSTOM)),
                c0(new NodeOps.GetEphemerals(null)),
                c0(new NodeOps.GetEphemerals("/a/e")),
                c1(new NodeOps.GetEphemerals(null)),
                c0(new SessionOps.CloseSession()),
                c1(exists("/a/e", WatchSpec.NONE)),
                c0(new NodeOps.GetEphemerals(null)),
                c2(exists("/a", WatchSpec.NONE)));
    }

    @Example
    void ephemeralsCannotHaveChildren() throws Exception {
        check(c0(create("/e", CreateMode.EPHEMERAL)),
                c0(create("/e/x")),
                c0(create("/e/", CreateMode.PERSISTENT_SEQUENTIAL)),
                c1(create("/e/y", CreateMode.EPHEMERAL)),
                c0(multi(mCreate("/e/z"))),
                c0(delete("/e")));
    }

    @Example
    void deleteNeedsNoChildrenAndTheRightVersion() throws Exception {
        check(c0(create("/a")),
                c0(create("/a/b")),
                c0(delete("/a")),
                c0(set("/a/b", Data.V2)),
                c0(delete("/a/b", VersionSpec.ZERO)),
                c0(delete("/a/b", VersionSpec.CURRENT_PLUS_1)),
                c0(delete("/a/b", VersionSpec.MINUS_2)),
                c0(delete("/a/b", VersionSpec.CURRENT)),
                c0(delete("/a/b")),
                c0(exists("/a", WatchSpec.NONE)),
                c0(delete("/a", VersionSpec.ONE)),
                c0(delete("/")),
                c0(delete("/zookeeper")),
                c0(delete("/zookeeper/quota")),
                c0(delete("/zookeeper/config")));
    }

    /** ZooKeeper keeps null data and empty data apart: a null set is read back as null, empty as empty. */
    @Example
    void nullAndEmptyDataStayDistinct() throws Exception {
        check(c0(createData("/n", Data.NULL)),
                c0(get("/n", WatchSpec.NONE)),
                c0(createData("/e", Data.EMPTY)),
                c0(get("/e", WatchSpec.NONE)),
                c0(set("/e", Data.NULL)),
                c0(get("/e", WatchSpec.NONE)),
                c0(set("/n", Data.EMPTY)),
                c0(get("/n", WatchSpec.NONE)),
                c0(multi(mGetData("/n"), mGetData("/e"), mGetData("/"))),
                c0(get("/", WatchSpec.NONE)),
                c0(get("/zookeeper", WatchSpec.NONE)),
                c0(new NodeOps.GetConfig(WatchSpec.NONE)));
    }

    @Example
    void setDataVersionsAndStats() throws Exception {
        check(c0(createData("/a", Data.NULL)),
                c0(set("/a", Data.BIG, VersionSpec.ZERO)),
                c0(set("/a", Data.EMPTY, VersionSpec.ZERO)),
                c0(set("/a", Data.NULL, VersionSpec.ONE)),
                c0(set("/a", Data.V1, VersionSpec.MINUS_2)),
                c0(get("/a", WatchSpec.NONE)),
                c0(set("/nope", Data.V1)),
                c0(set("/", Data.V1)),
                c0(get("/", WatchSpec.NONE)),
                c0(set("/", Data.EMPTY)),
                c0(set("/zookeeper/config", Data.V1)),
                c0(set("/zookeeper/quota", Data.V1)),
                c0(set("/zookeeper", Data.V2)));
    }

    @Example
    void failingMultiReportsEveryOpAndChangesNothing() throws Exception {
        check(c0(create("/a")),
                c1(exists("/a/b", WatchSpec.DEFAULT)),
                c1(children("/a", WatchSpec.DEFAULT)),
                c0(multi(mCreate("/a/b"), mCreate("/a/b/c"), mSet("/nope", VersionSpec.ANY), mCreate("/d"))),
                c0(multi(mCreate("/a/b"), mCheck("/a", VersionSpec.ONE))),
                c0(multi(mCheck("/a", VersionSpec.ZERO), mDelete("/a", VersionSpec.ANY))),
                c0(multi(mCreate("/a/b"), mCreate("/a/b"))),
                c0(multi(mCheck("/nope", VersionSpec.ANY))),
                c0(exists("/a/b", WatchSpec.NONE)),
                c0(multi()),
                c0(rawMulti()));
    }

    @Example
    void successfulMultiAppliesInOrderWithOneZxid() throws Exception {
        check(c0(create("/a")),
                c1(exists("/a/b", WatchSpec.DEFAULT)),
                c1(children("/a", WatchSpec.CUSTOM)),
                c2(addWatch("/a", AddWatchMode.PERSISTENT_RECURSIVE)),
                c0(multi(mCreate("/a/b"), mSet("/a/b", VersionSpec.ZERO), mCreate("/a/b/c"),
                        mCreate("/a/s", CreateMode.PERSISTENT_SEQUENTIAL), mCheck("/a/b", VersionSpec.ONE),
                        mDelete("/a/b/c", VersionSpec.ZERO), mCreate("/a/e", CreateMode.EPHEMERAL),
                        mCreate("/a/t", CreateMode.PERSISTENT_WITH_TTL), mCreate("/a/k", CreateMode.CONTAINER))),
                c0(children("/a", WatchSpec.NONE)),
                c0(exists("/a/b", WatchSpec.NONE)),
                c0(multi(mDelete("/a/b", VersionSpec.ANY), mCreate("/a/b"), mDelete("/a/b", VersionSpec.ZERO))),
                c0(exists("/a", WatchSpec.NONE)));
    }

    @Example
    void multiReadReportsEachOpOnItsOwn() throws Exception {
        check(c0(create("/a")),
                c0(create("/a/b")),
                c0(setAcl("/a/b", AclSpec.WORLD_NO_READ, VersionSpec.ANY)),
                c0(multi(mGetData("/a"), mGetChildren("/a"), mGetData("/nope"), mGetChildren("/nope"),
                        mGetData("/a/b"), mGetChildren("/a/b"), mGetData("/"))),
                c0(multi(mGetData("/a"), mCreate("/x"))),
                c0(rawMulti(mGetData("a"), mGetChildren("/a/"), mGetData("/a"))));
    }

    @Example
    void containersAndTtlNodes() throws Exception {
        check(c0(create("/c", CreateMode.CONTAINER)),
                c0(create("/c/x")),
                c0(delete("/c/x")),
                c0(exists("/c", WatchSpec.NONE)),
                c0(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, 1)),
                c0(createTtl("/t/", CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 0xFF_FFFF_FFFFL)),
                c0(createTtl("/u", CreateMode.PERSISTENT_WITH_TTL, 0)),
                c0(createTtl("/u", CreateMode.PERSISTENT_WITH_TTL, -5)),
                c0(createTtl("/u", CreateMode.PERSISTENT_WITH_TTL, 0x100_0000_0000L)),
                c0(create("/c/e", CreateMode.EPHEMERAL)),
                c0(create("/t/child")),
                c0(children("/t", WatchSpec.NONE)));
    }

    @Example
    void serverValidatesCreateFlagsAndTtls() throws Exception {
        check(c0(rawCreate(OpCode.createTTL, "/t1", 5, 0)),
                c0(rawCreate(OpCode.createTTL, "/t2", 5, -1)),
                c0(rawCreate(OpCode.createTTL, "/t3", 5, 0x100_0000_0000L)),
                c0(rawCreate(OpCode.createTTL, "/t4", 0, 1000)),
                c0(rawCreate(OpCode.createTTL, "/t5", 1, 1000)),
                c0(rawCreate(OpCode.createTTL, "/t6", 6, 1000)),
                c0(rawCreate(OpCode.create, "/t7", 5, -1)),
                c0(rawCreate(OpCode.create2, "/t8", 6, -1)),
                c0(rawCreate(OpCode.create2, "/t9", 4, -1)),
                c0(rawCreate(OpCode.createContainer, "/t10", 0, -1)),
                c0(rawCreate(OpCode.createContainer, "/t11", 4, -1)),
                c0(rawCreate(OpCode.create, "/t12", 7, -1)),
                c0(rawCreate(OpCode.create, "/t13", -1, -1)),
                c0(rawCreate(OpCode.create2, "/t14", 42, -1)),
                c0(children("/", WatchSpec.NONE)));
    }

    @Example
    void serverValidatesPaths() throws Exception {
        check(c0(create("/a")),
                c0(rawCreate(OpCode.create, "a", 0, -1)),
                c0(rawCreate(OpCode.create, "/a/", 0, -1)),
                c0(rawCreate(OpCode.create, "/a/", 2, -1)),
                c0(rawCreate(OpCode.create2, "/a//b", 0, -1)),
                c0(rawCreate(OpCode.create2, "/a/./b", 0, -1)),
                c0(rawCreate(OpCode.create2, "/a/../b", 0, -1)),
                c0(rawCreate(OpCode.create2, "", 0, -1)),
                c0(rawCreate(OpCode.create2, "/", 0, -1)),
                c0(rawCreate(OpCode.create2, "/a\u0000b", 0, -1)),
                c0(rawCreate(OpCode.create2, "/a\u0001", 0, -1)),
                c0(rawCreate(OpCode.create2, "/\u00e9", 0, -1)),
                c0(raw(PathOpKind.DELETE, "/a/", -1)),
                c0(raw(PathOpKind.SET_DATA, "a", -1)),
                c0(raw(PathOpKind.EXISTS, "/a/", 0)),
                c0(raw(PathOpKind.GET_DATA, "/a/", 0)),
                c0(raw(PathOpKind.EXISTS, "/a\u0000b", 0)),
                c0(raw(PathOpKind.GET_CHILDREN, "a", 0)),
                c0(raw(PathOpKind.GET_CHILDREN2, "", 0)),
                c0(raw(PathOpKind.GET_ACL, "//", 0)),
                c0(raw(PathOpKind.SET_ACL, "/a/", -1)),
                c0(raw(PathOpKind.SYNC, "a", 0)),
                c0(raw(PathOpKind.SYNC, "/a", 0)),
                c0(raw(PathOpKind.GET_ALL_CHILDREN_NUMBER, "/a/", 0)),
                // "" is the root's alias in ZooKeeper's node map; counting keys under "" + "/" counts every node,
                // the root included, unlike "/" (found by the generated sequences).
                c0(raw(PathOpKind.GET_ALL_CHILDREN_NUMBER, "", 0)),
                c0(raw(PathOpKind.GET_ALL_CHILDREN_NUMBER, "/", 0)),
                c0(raw(PathOpKind.EXISTS, "", 0)),
                c0(raw(PathOpKind.GET_DATA, "", 0)),
                c0(raw(PathOpKind.GET_ACL, "", 0)),
                c0(raw(PathOpKind.GET_EPHEMERALS, "", 0)),
                c0(raw(PathOpKind.ADD_WATCH, "a", 0)));
    }

    @Example
    void aclsAndAuthentication() throws Exception {
        check(c0(create("/open")),
                c0(create("/c", AclSpec.CREATOR_ALL)),
                c0(auth(User.U1)),
                c0(create("/c", AclSpec.CREATOR_ALL)),
                c0(getAcl("/c")),
                c1(get("/c", WatchSpec.NONE)),
                c1(exists("/c", WatchSpec.DEFAULT)),
                c1(getAcl("/c")),
                c1(auth(User.U1_WRONG_PASSWORD)),
                c1(get("/c", WatchSpec.NONE)),
                c1(auth(User.U1)),
                c1(get("/c", WatchSpec.NONE)),
                c1(new SessionOps.WhoAmI()),
                c0(create("/m", AclSpec.U1_ALL_WORLD_READ)),
                c2(getAcl("/m")),
                c2(set("/m", Data.V2)),
                c2(create("/m/x")),
                c2(create("/r", AclSpec.WORLD_READ_ADMIN)),
                c2(create("/r/x")),
                c2(setAcl("/r", AclSpec.OPEN, VersionSpec.ZERO)),
                c2(setAcl("/r", AclSpec.OPEN, VersionSpec.ZERO)),
                c2(getAcl("/r")),
                c2(create("/ip", AclSpec.IP_LOCAL)),
                c2(get("/ip", WatchSpec.NONE)),
                c2(create("/ipx", AclSpec.IP_OTHER)),
                c2(get("/ipx", WatchSpec.NONE)),
                c2(delete("/ipx")),
                c2(auth(User.SUPER)),
                c2(get("/ipx", WatchSpec.NONE)),
                c2(delete("/ipx")),
                c2(new SessionOps.WhoAmI()));
    }

    @Example
    void invalidAclLists() throws Exception {
        check(c0(create("/a", AclSpec.BAD_SCHEME)),
                c0(create("/a", AclSpec.BAD_DIGEST_ID)),
                c0(create("/a", AclSpec.BAD_IP)),
                c0(create("/a", AclSpec.WORLD_BAD_ID)),
                c0(create("/a", AclSpec.EMPTY)),
                c0(rawCreate(OpCode.create, "/a", AclSpec.EMPTY)),
                c0(create("/a", AclSpec.AUTH_WITH_ID)),
                c0(create("/b", AclSpec.DUPLICATE)),
                c0(getAcl("/b")),
                c0(create("/c", AclSpec.PERMS_ZERO)),
                c0(getAcl("/c")),
                c0(create("/d", AclSpec.PERMS_EXTRA_BITS)),
                c0(getAcl("/d")),
                c0(create("/e", AclSpec.OPEN)),
                c0(setAcl("/e", AclSpec.EMPTY, VersionSpec.ANY)),
                c0(setAcl("/e", AclSpec.BAD_SCHEME, VersionSpec.ANY)),
                c0(setAcl("/e", AclSpec.CREATOR_ALL, VersionSpec.ANY)),
                c0(getAcl("/e")));
    }

    @Example
    void readsNeedReadPermission() throws Exception {
        check(c0(create("/a", AclSpec.WORLD_NO_READ)),
                c1(exists("/a", WatchSpec.DEFAULT)),
                c1(get("/a", WatchSpec.DEFAULT)),
                c1(children("/a", WatchSpec.DEFAULT)),
                c1(new NodeOps.GetAllChildrenNumber(Script.p("/a"))),
                c1(getAcl("/a")),
                c1(create("/a/b")),
                c0(set("/a", Data.V2)),
                c1(delete("/a")),
                c0(create("/w", AclSpec.WORLD_CREATE_DELETE)),
                c0(create("/w/x")),
                c0(set("/w", Data.V2)),
                c0(delete("/w/x")),
                c0(create("/u2", AclSpec.U2_READ_ONLY)),
                c1(auth(User.U2)),
                c1(getAcl("/u2")),
                c0(getAcl("/u2")));
    }

    @Example
    void oneShotWatchesFireOnce() throws Exception {
        check(c1(exists("/a", WatchSpec.DEFAULT)),
                c1(exists("/a", WatchSpec.CUSTOM)),
                c0(create("/a")),
                c0(delete("/a")),
                c0(create("/a")),
                c1(get("/a", WatchSpec.DEFAULT)),
                c1(get("/a", WatchSpec.CUSTOM)),
                c1(children("/a", WatchSpec.DEFAULT)),
                c0(set("/a", Data.V2)),
                c0(set("/a", Data.V1)),
                c0(create("/a/b")),
                c1(children("/a", WatchSpec.DEFAULT)),
                c1(get("/a", WatchSpec.DEFAULT)),
                c1(get("/a/b", WatchSpec.DEFAULT)),
                c0(delete("/a/b")),
                c0(delete("/a")),
                c1(exists("/a", WatchSpec.DEFAULT)),
                c1(set("/a", Data.V1)),
                c1(get("/a", WatchSpec.DEFAULT)));
    }

    @Example
    void persistentAndRecursiveWatches() throws Exception {
        check(c1(addWatch("/a", AddWatchMode.PERSISTENT)),
                c2(addWatch("/a", AddWatchMode.PERSISTENT_RECURSIVE)),
                c2(addWatch("/", AddWatchMode.PERSISTENT_RECURSIVE, WatcherSel.CUSTOM)),
                c0(create("/a")),
                c0(create("/a/b")),
                c0(create("/a/b/c")),
                c0(set("/a/b/c", Data.V2)),
                c0(set("/a", Data.V2)),
                c0(set("/a", Data.V1)),
                c0(delete("/a/b/c")),
                c0(delete("/a/b")),
                c1(exists("/a", WatchSpec.DEFAULT)),
                c0(delete("/a")),
                c0(create("/a")),
                c1(removeWatches("/a", WatcherType.Persistent, WatcherSel.DEFAULT)),
                c1(removeWatches("/a", WatcherType.Persistent, WatcherSel.DEFAULT)),
                c2(removeWatches("/a", WatcherType.PersistentRecursive, WatcherSel.CUSTOM)),
                c2(removeAllWatches("/a", WatcherType.Any)),
                c0(set("/a", Data.V2)),
                c2(removeAllWatches("/", WatcherType.PersistentRecursive)),
                c0(delete("/a")));
    }

    @Example
    void removingWatches() throws Exception {
        check(c0(create("/a")),
                c1(get("/a", WatchSpec.DEFAULT)),
                c1(get("/a", WatchSpec.CUSTOM)),
                c1(children("/a", WatchSpec.DEFAULT)),
                c1(removeWatches("/a", WatcherType.Children, WatcherSel.CUSTOM)),
                c1(removeWatches("/a", WatcherType.Data, WatcherSel.CUSTOM)),
                c1(removeWatches("/a", WatcherType.Data, WatcherSel.CUSTOM)),
                c1(removeWatches("/a", WatcherType.Any, WatcherSel.DEFAULT)),
                c1(removeWatches("/nope", WatcherType.Any, WatcherSel.DEFAULT)),
                c2(exists("/x", WatchSpec.DEFAULT)),
                c2(removeAllWatches("/x", WatcherType.Children)),
                c2(removeAllWatches("/x", WatcherType.Data)),
                c2(removeAllWatches("/x", WatcherType.Data)),
                c0(set("/a", Data.V2)),
                c0(create("/x")),
                c2(raw(PathOpKind.CHECK_WATCHES, "/a", 3)),
                c2(raw(PathOpKind.REMOVE_WATCHES, "/a", 9)),
                c2(raw(PathOpKind.CHECK_WATCHES, "/a", 0)));
    }

    @Example
    void replayedSetWatchesFireForOldChanges() throws Exception {
        check(c0(create("/a")),
                c0(create("/a/b")),
                c0(set("/a", Data.V2)),
                c1(get("/a", WatchSpec.DEFAULT)),
                c1(exists("/a/b", WatchSpec.DEFAULT)),
                c1(exists("/nope", WatchSpec.DEFAULT)),
                c1(children("/a", WatchSpec.DEFAULT)),
                c1(addWatch("/a", AddWatchMode.PERSISTENT)),
                c1(new SessionOps.ReplayWatches(SessionOps.RelativeZxid.MAX)),
                c1(new SessionOps.ReplayWatches(SessionOps.RelativeZxid.LAST_SEEN)),
                c1(new SessionOps.ReplayWatches(SessionOps.RelativeZxid.ZERO)),
                c0(delete("/a/b")),
                c0(set("/a", Data.V1)));
    }

    @Example
    void childCountsAndEphemeralListing() throws Exception {
        check(c0(create("/a")),
                c0(create("/a/b")),
                c0(create("/a/b/c", CreateMode.EPHEMERAL)),
                c0(create("/ab", CreateMode.EPHEMERAL)),
                c1(create("/d", CreateMode.EPHEMERAL)),
                c0(new NodeOps.GetAllChildrenNumber(Script.p("/"))),
                c0(new NodeOps.GetAllChildrenNumber(Script.p("/a"))),
                c0(new NodeOps.GetAllChildrenNumber(Script.p("/a/b/c"))),
                c0(new NodeOps.GetAllChildrenNumber(Script.p("/zookeeper"))),
                c0(new NodeOps.GetAllChildrenNumber(Script.p("/nope"))),
                c0(new NodeOps.GetEphemerals(null)),
                c0(new NodeOps.GetEphemerals("/a")),
                c0(new NodeOps.GetEphemerals("/a/")),
                c0(new NodeOps.GetEphemerals("/a/b/c")),
                c0(new NodeOps.GetEphemerals("/zz")),
                c0(raw(PathOpKind.GET_EPHEMERALS, "/a/b/", 0)),
                c0(raw(PathOpKind.GET_EPHEMERALS, " ", 0)),
                c1(new NodeOps.GetEphemerals(null)),
                c2(new NodeOps.GetEphemerals(null)));
    }

    @Example
    void specialNodes() throws Exception {
        check(c0(new NodeOps.GetConfig(WatchSpec.DEFAULT)),
                c0(getAcl("/zookeeper/config")),
                c0(get("/zookeeper", WatchSpec.NONE)),
                c0(children("/zookeeper", WatchSpec.NONE)),
                c0(get("/zookeeper/quota", WatchSpec.NONE)),
                c0(children("/", WatchSpec.NONE)),
                c0(create("/zookeeper/x")),
                c0(create("/zookeeper/quota/a")),
                c0(create("/zookeeper/config/x")),
                c0(create("/zookeeper", CreateMode.PERSISTENT_SEQUENTIAL)),
                c0(create("/", CreateMode.PERSISTENT_SEQUENTIAL)),
                c0(deleteLast()),
                c0(setAcl("/zookeeper/config", AclSpec.OPEN, VersionSpec.ANY)),
                c0(new NodeOps.Sync(Script.p("/zookeeper"))));
    }

    @Example
    void reconnectKeepsSessionAuthAndWatches() throws Exception {
        check(c0(create("/a")),
                c1(auth(User.U1)),
                c1(get("/a", WatchSpec.DEFAULT)),
                c1(addWatch("/d", AddWatchMode.PERSISTENT_RECURSIVE)),
                c1(create("/e", CreateMode.EPHEMERAL)),
                c1(new SessionOps.Reconnect()),
                c1(new SessionOps.WhoAmI()),
                c0(set("/a", Data.V2)),
                c0(create("/d")),
                c0(create("/d/x")),
                c1(new NodeOps.GetEphemerals(null)));
    }

    @Example
    void requestsAStandaloneServerRefuses() throws Exception {
        check(c0(create("/a")),
                c0(new RawOps.RawOddOpcode(OpCode.reconfig)),
                c0(exists("/a", WatchSpec.NONE)),
                c1(new RawOps.RawOddOpcode(OpCode.check)),
                c1(exists("/a", WatchSpec.NONE)),
                c2(new RawOps.RawOddOpcode(999)),
                c2(exists("/a", WatchSpec.NONE)));
    }

    /**
     * Containers that had a child and lost it, and TTL nodes past their TTL without children, are reaped; a
     * container that never had a child, a TTL node with a child and one within its TTL are not. Servers that
     * check every 100 ms, and a pause long enough for both to have done so. No watches: when an event arrives
     * depends on when the reaper ran, so only the resulting tree is compared.
     */
    @Example
    void reapingContainersAndTtlNodes() throws Exception {
        try (DiffPair pair = DiffPair.fromConfig(true, ServerOptions.fastReaping(100))) {
            check(pair, c0(create("/c", CreateMode.CONTAINER)),
                    c0(create("/c/x")),
                    c0(delete("/c/x")),
                    c0(create("/never", CreateMode.CONTAINER)),
                    c0(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, 1)),
                    // In one multi, so that the reaper never sees /tc without its child.
                    c0(multi(new MultiOps.SubCreate(Script.p("/tc"), Data.V1, AclSpec.OPEN,
                            CreateMode.PERSISTENT_WITH_TTL, 1), mCreate("/tc/child"))),
                    c0(createTtl("/tl", CreateMode.PERSISTENT_WITH_TTL, 600_000)),
                    c0(create("/k", CreateMode.CONTAINER)),
                    c0(create("/k/e", CreateMode.EPHEMERAL)),
                    c0(new SessionOps.CloseSession()),
                    c0(new SessionOps.Pause(2000)),
                    c0(children("/", WatchSpec.NONE)));
        }
    }

    private static void check(Step... steps) throws Exception {
        check(DiffPair.shared(), steps);
    }

    private static void check(DiffPair pair, Step... steps) throws Exception {
        Comparison comparison = pair.run(List.of(steps));
        if (DiffConfig.verbose()) {
            System.out.println(comparison.report());
        }
        if (!comparison.agrees()) {
            throw new AssertionError(comparison.report());
        }
    }
}
