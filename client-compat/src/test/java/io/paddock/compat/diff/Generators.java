package io.paddock.compat.diff;

import io.paddock.compat.diff.MultiOps.SubOp;
import io.paddock.compat.diff.RawOps.PathOpKind;
import io.paddock.compat.diff.Specs.AclSpec;
import io.paddock.compat.diff.Specs.Data;
import io.paddock.compat.diff.Specs.PathSpec;
import io.paddock.compat.diff.Specs.User;
import io.paddock.compat.diff.Specs.VersionSpec;
import io.paddock.compat.diff.Specs.WatchSpec;
import io.paddock.compat.diff.Specs.WatcherSel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.OpCode;

/**
 * Generates op sequences over a small path universe, so that ops collide often: creates under parents that may
 * or may not exist, deletes of nodes with children, watches on nodes that later change. Weights favour creates and
 * writes so that trees grow; every opcode the Java client can send appears.
 */
final class Generators {

    private Generators() {
    }

    /**
     * A sequence: often a small tree built first (so that later ops find parents) and observers that watch
     * much of the tree (so that most writes produce events someone must receive), then random steps. Both
     * prefixes shrink away when the mismatch does not need them.
     */
    static Arbitrary<List<Step>> sequences(int maxSteps, boolean slowOps) {
        Arbitrary<Step> step = Combinators.combine(clients(), op(slowOps)).as(Step::new);
        Arbitrary<Integer> tree = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(2, 2),
                Tuple.of(2, 3));
        Arbitrary<Integer> observers = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(2, 1), Tuple.of(2, 2));
        Arbitrary<List<Step>> body = step.list().ofMinSize(1).ofMaxSize(maxSteps)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(tree, observers, body).as((t, o, steps) -> {
            List<Step> all = new ArrayList<>(TREE_PREFIXES.get(t));
            all.addAll(OBSERVER_PREFIXES.get(o));
            all.addAll(steps);
            return all;
        });
    }

    private static final List<List<Step>> TREE_PREFIXES = List.of(
            List.of(),
            List.of(Step.c0(Script.create("/a"))),
            List.of(Step.c0(Script.create("/a")), Step.c0(Script.create("/a/b")), Step.c0(Script.create("/d"))),
            List.of(Step.c0(Script.create("/a")), Step.c0(Script.create("/a/b")), Step.c0(Script.create("/a/b/c")),
                    Step.c0(Script.create("/d")), Step.c0(Script.create("/d/e"))));

    private static final List<List<Step>> OBSERVER_PREFIXES = List.of(
            List.of(),
            List.of(Step.c2(Script.addWatch("/", AddWatchMode.PERSISTENT_RECURSIVE, WatcherSel.CUSTOM))),
            List.of(Step.c2(Script.addWatch("/", AddWatchMode.PERSISTENT_RECURSIVE, WatcherSel.CUSTOM)),
                    Step.c1(Script.addWatch("/a", AddWatchMode.PERSISTENT)),
                    Step.c1(Script.children("/d", WatchSpec.CUSTOM)),
                    Step.c1(Script.exists("/a/b", WatchSpec.DEFAULT))));

    static Arbitrary<Integer> clients() {
        return Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(2, 2));
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<ZkOp> op(boolean slowOps) {
        List<Tuple2<Integer, Arbitrary<? extends ZkOp>>> ops = new ArrayList<>(List.of(
                Tuple.of(12, create()),
                Tuple.of(8, Combinators.combine(path(), version()).as(NodeOps.Delete::new)),
                Tuple.of(8, Combinators.combine(path(), data(), version()).as(NodeOps.SetData::new)),
                Tuple.of(6, Combinators.combine(path(), watch()).as(NodeOps.Exists::new)),
                Tuple.of(6, Combinators.combine(path(), watch()).as(NodeOps.GetData::new)),
                Tuple.of(6, Combinators.combine(path(), watch(), Arbitraries.of(false, true))
                        .as(NodeOps.GetChildren::new)),
                Tuple.of(1, path().map(NodeOps.GetAllChildrenNumber::new)),
                Tuple.of(2, Arbitraries.of("/", "/a", "/a/", "/a/b", "/d", "/zz", "").injectNull(0.3)
                        .map(NodeOps.GetEphemerals::new)),
                Tuple.of(2, path().map(NodeOps.GetAcl::new)),
                Tuple.of(3, Combinators.combine(path(), acl(), version()).as(NodeOps.SetAcl::new)),
                Tuple.of(1, path().map(NodeOps.Sync::new)),
                Tuple.of(1, watch().map(NodeOps.GetConfig::new)),
                Tuple.of(6, subOps(false).list().ofMaxSize(4).map(l -> new MultiOps.Multi(l, false))),
                Tuple.of(2, subOps(true).list().ofMinSize(1).ofMaxSize(4).map(l -> new MultiOps.Multi(l, false))),
                Tuple.of(1, rawMulti()),
                Tuple.of(4, Combinators.combine(path(), Arbitraries.of(AddWatchMode.class), watcherSel())
                        .as(SessionOps.AddWatch::new)),
                Tuple.of(2, Combinators.combine(path(), Arbitraries.of(WatcherType.class), watcherSel())
                        .as(SessionOps.RemoveWatches::new)),
                Tuple.of(2, Combinators.combine(path(), Arbitraries.of(WatcherType.class))
                        .as(SessionOps.RemoveAllWatches::new)),
                Tuple.of(2, Arbitraries.frequency(Tuple.of(4, User.U1), Tuple.of(2, User.U2),
                        Tuple.of(1, User.U1_WRONG_PASSWORD), Tuple.of(1, User.SUPER)).map(SessionOps.AddAuth::new)),
                Tuple.of(1, Arbitraries.just(new SessionOps.WhoAmI())),
                Tuple.of(2, Arbitraries.just(new SessionOps.CloseSession())),
                Tuple.of(1, Arbitraries.of(SessionOps.RelativeZxid.class).map(SessionOps.ReplayWatches::new)),
                Tuple.of(2, rawCreate()),
                Tuple.of(2, rawPathOp())));
        if (slowOps) {
            ops.add(Tuple.of(1, Arbitraries.just(new SessionOps.Reconnect())));
            ops.add(Tuple.of(1, Arbitraries.of(OpCode.check, OpCode.reconfig, 999).map(RawOps.RawOddOpcode::new)));
        }
        return Arbitraries.frequencyOf(ops.toArray(new Tuple2[0]));
    }

    static Arbitrary<ZkOp> create() {
        Arbitrary<Boolean> withStat = Arbitraries.of(false, true);
        return Combinators.combine(createPath(), data(), acl(), mode(), ttl(), withStat).as(NodeOps.Create::new);
    }

    static Arbitrary<PathSpec> path() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(PathSpec.of("/a"))),
                Tuple.of(5, Arbitraries.just(PathSpec.of("/a/b"))),
                Tuple.of(3, Arbitraries.just(PathSpec.of("/a/b/c"))),
                Tuple.of(3, Arbitraries.just(PathSpec.of("/d"))),
                Tuple.of(2, Arbitraries.just(PathSpec.of("/d/e"))),
                Tuple.of(2, Arbitraries.just(PathSpec.of("/"))),
                Tuple.of(2, Arbitraries.of("/zookeeper", "/zookeeper/quota", "/zookeeper/config").map(PathSpec::of)),
                Tuple.of(4, Arbitraries.just(PathSpec.LAST_CREATED)),
                Tuple.of(1, Arbitraries.of(Specs.INVALID_PATHS).map(PathSpec::of)));
    }

    /** Like {@link #path()}, plus "/a/" (valid for sequential creates) and nodes under /zookeeper/quota. */
    static Arbitrary<PathSpec> createPath() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, path()),
                Tuple.of(2, Arbitraries.just(PathSpec.of("/a/"))),
                Tuple.of(1, Arbitraries.of("/zookeeper/x", "/zookeeper/quota/a", "/zookeeper/config/x")
                        .map(PathSpec::of)));
    }

    static Arbitrary<Data> data() {
        return Arbitraries.frequency(Tuple.of(4, Data.V1), Tuple.of(3, Data.V2), Tuple.of(2, Data.EMPTY),
                Tuple.of(2, Data.NULL), Tuple.of(1, Data.BIG));
    }

    static Arbitrary<AclSpec> acl() {
        return Arbitraries.frequencyOf(
                Tuple.of(15, Arbitraries.just(AclSpec.OPEN)),
                Tuple.of(6, Arbitraries.of(AclSpec.READ_ONLY, AclSpec.CREATOR_ALL, AclSpec.DIGEST_U1_ALL,
                        AclSpec.U1_ALL_WORLD_READ, AclSpec.U2_READ_ONLY, AclSpec.WORLD_NO_READ,
                        AclSpec.WORLD_CREATE_DELETE, AclSpec.WORLD_READ_ADMIN, AclSpec.IP_LOCAL, AclSpec.IP_OTHER)),
                Tuple.of(2, Arbitraries.of(AclSpec.class)));
    }

    static Arbitrary<CreateMode> mode() {
        return Arbitraries.frequency(
                Tuple.of(6, CreateMode.PERSISTENT),
                Tuple.of(4, CreateMode.EPHEMERAL),
                Tuple.of(3, CreateMode.PERSISTENT_SEQUENTIAL),
                Tuple.of(2, CreateMode.EPHEMERAL_SEQUENTIAL),
                Tuple.of(2, CreateMode.CONTAINER),
                Tuple.of(1, CreateMode.PERSISTENT_WITH_TTL),
                Tuple.of(1, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL));
    }

    /** TTLs: valid (1 ms .. the 40-bit maximum) and not (0, negative, past the maximum). */
    static Arbitrary<Long> ttl() {
        return Arbitraries.frequency(Tuple.of(5, 100_000L), Tuple.of(1, 1L), Tuple.of(1, 0xFF_FFFF_FFFFL),
                Tuple.of(1, 0L), Tuple.of(1, -1L), Tuple.of(1, 0x100_0000_0000L));
    }

    static Arbitrary<VersionSpec> version() {
        return Arbitraries.frequency(Tuple.of(4, VersionSpec.ANY), Tuple.of(3, VersionSpec.CURRENT),
                Tuple.of(1, VersionSpec.CURRENT_PLUS_1), Tuple.of(1, VersionSpec.ZERO), Tuple.of(1, VersionSpec.ONE),
                Tuple.of(1, VersionSpec.MINUS_2));
    }

    static Arbitrary<WatchSpec> watch() {
        return Arbitraries.frequency(Tuple.of(2, WatchSpec.NONE), Tuple.of(3, WatchSpec.DEFAULT),
                Tuple.of(2, WatchSpec.CUSTOM));
    }

    static Arbitrary<WatcherSel> watcherSel() {
        return Arbitraries.frequency(Tuple.of(2, WatcherSel.DEFAULT), Tuple.of(1, WatcherSel.CUSTOM));
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<SubOp> subOps(boolean reads) {
        Arbitrary<SubOp> getData = path().map(MultiOps.SubGetData::new);
        Arbitrary<SubOp> getChildren = path().map(MultiOps.SubGetChildren::new);
        if (reads) {
            return Arbitraries.oneOf(getData, getChildren);
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(createPath(), data(), acl(), mode(), ttl())
                        .as(MultiOps.SubCreate::new)),
                Tuple.of(2, Combinators.combine(path(), version()).as(MultiOps.SubDelete::new)),
                Tuple.of(2, Combinators.combine(path(), data(), version()).as(MultiOps.SubSetData::new)),
                Tuple.of(2, Combinators.combine(path(), version()).as(MultiOps.SubCheck::new)),
                // Mixing reads into a transaction: the client refuses it before sending.
                Tuple.of(1, getData));
    }

    /** A multi sent as a record: invalid paths and TTLs reach the server. */
    @SuppressWarnings("unchecked")
    static Arbitrary<ZkOp> rawMulti() {
        Arbitrary<PathSpec> anyPath = Arbitraries.frequencyOf(Tuple.of(2, path()),
                Tuple.of(1, Arbitraries.of(Specs.INVALID_PATHS).map(PathSpec::of)));
        Arbitrary<SubOp> sub = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(anyPath, data(), acl(), mode(), ttl()).as(MultiOps.SubCreate::new)),
                Tuple.of(1, Combinators.combine(anyPath, version()).as(MultiOps.SubDelete::new)),
                Tuple.of(1, Combinators.combine(anyPath, data(), version()).as(MultiOps.SubSetData::new)),
                Tuple.of(1, Combinators.combine(anyPath, version()).as(MultiOps.SubCheck::new)));
        Arbitrary<SubOp> read = Arbitraries.oneOf(anyPath.map(MultiOps.SubGetData::new),
                anyPath.map(MultiOps.SubGetChildren::new));
        return Arbitraries.oneOf(sub.list().ofMaxSize(3), read.list().ofMinSize(1).ofMaxSize(3))
                .map(l -> new MultiOps.Multi(l, true));
    }

    static Arbitrary<ZkOp> rawCreate() {
        Arbitrary<Integer> opCode = Arbitraries.of(OpCode.create, OpCode.create2, OpCode.createContainer,
                OpCode.createTTL);
        Arbitrary<Integer> flags = Arbitraries.frequency(Tuple.of(10, 0), Tuple.of(3, 1), Tuple.of(3, 2),
                Tuple.of(2, 3), Tuple.of(3, 4), Tuple.of(3, 5), Tuple.of(3, 6), Tuple.of(1, -1), Tuple.of(1, 7),
                Tuple.of(1, 42));
        Arbitrary<Long> ttl = Arbitraries.of(-1L, 0L, 1L, 100_000L, 0xFF_FFFF_FFFFL, 0x100_0000_0000L,
                Long.MAX_VALUE);
        return Combinators.combine(opCode, rawPath(), data(), Arbitraries.of(AclSpec.class), flags, ttl)
                .as((op, path, data, acl, f, t) -> new RawOps.RawCreate(op, path, data, acl, f,
                        crashesZooKeeper(op, f, t) ? 0 : t));
    }

    /**
     * createTTL with a valid non-TTL mode and a negative TTL passes ZooKeeper 3.9.5's validation but logs a
     * CreateTTLTxn it cannot apply: its SyncThread dies and the server stops (and fails again replaying the
     * log). Not generated: the reference would be down for the rest of the sequence.
     */
    static boolean crashesZooKeeper(int opCode, int flags, long ttl) {
        return opCode == OpCode.createTTL && flags >= 0 && flags <= 4 && ttl < 0;
    }

    static Arbitrary<ZkOp> rawPathOp() {
        return Arbitraries.of(PathOpKind.class).flatMap(kind -> {
            Arbitrary<Integer> arg = switch (kind) {
                case DELETE, SET_DATA, SET_ACL -> Arbitraries.of(-1, 0, 1);
                case CHECK_WATCHES, REMOVE_WATCHES -> Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(3, 2),
                        Tuple.of(3, 3), Tuple.of(2, 4), Tuple.of(2, 5), Tuple.of(1, 0), Tuple.of(1, 9));
                case ADD_WATCH -> Arbitraries.of(0, 1, 2, 7);
                default -> Arbitraries.just(0);
            };
            return Combinators.combine(Arbitraries.just(kind), rawPath(), arg).as(RawOps.RawPathOp::new);
        });
    }

    static Arbitrary<String> rawPath() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(Specs.INVALID_PATHS)),
                Tuple.of(2, Arbitraries.of(Specs.VALID_PATHS)),
                Tuple.of(1, Arbitraries.of("/a/", "/\u00e9", "/a/b/", "/zookeeper/", "/a b")));
    }
}
