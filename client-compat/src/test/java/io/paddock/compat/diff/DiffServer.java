package io.paddock.compat.diff;

import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * One side of the comparison: a server, reused across tries, and an admin session authenticated as the super
 * user. Between tries {@link #reset} deletes what the try made and restores the nodes every server starts with;
 * when the tree cannot be brought back to its shape at start (a special node was deleted, say), the caller
 * restarts the server instead. Reuse is safe because both sides see the same history of sequences, and the final
 * tree dumps compare everything the sequences could have left behind.
 */
final class DiffServer implements AutoCloseable {

    /** Nodes every server starts with; reset restores their data and ACL and never deletes them. */
    static final Set<String> SPECIAL = Set.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    /** No reaping during a run: it would fire at a moment that differs between the sides. */
    static final ServerOptions NO_REAPING = ServerOptions.defaults()
            .withContainerCheckIntervalMs(TimeUnit.DAYS.toMillis(10));
    private static final int DEPTH_MAX = 12;

    private final String name;
    private final Function<Path, TestServer> starter;
    private Path dataDir;
    private TestServer server;
    private RawZooKeeper admin;
    private Map<String, Node> baseline;

    private record Node(String data, String acl, List<ACL> rawAcl, byte[] rawData) {
        boolean sameShape(Node other) {
            return data.equals(other.data) && acl.equals(other.acl);
        }
    }

    private DiffServer(String name, Function<Path, TestServer> starter) {
        this.name = name;
        this.starter = starter;
    }

    static DiffServer zookeeper(String name, ServerOptions options) {
        return new DiffServer(name, dir -> {
            // Read per FileTxnLog instance. Durability is not what this test compares, and fsyncs on both
            // sides' logs would be most of its running time.
            if (System.getProperty("zookeeper.forceSync") == null) {
                System.setProperty("zookeeper.forceSync", "no");
            }
            return Servers.zookeeper(dir, options);
        });
    }

    static DiffServer paddock(ServerOptions options) {
        return new DiffServer("paddock", dir -> Servers.paddock(dir, options));
    }

    String name() {
        return name;
    }

    String connectString() {
        return server.connectString();
    }

    void start() throws IOException, InterruptedException {
        dataDir = Files.createTempDirectory("diff-" + name + "-");
        server = starter.apply(dataDir);
        SideRun.Recorder recorder = new SideRun.Recorder();
        admin = new RawZooKeeper(server.connectString(), SideRun.SESSION_TIMEOUT_MS, recorder);
        if (recorder.awaitState(0, KeeperState.SyncConnected, 15_000) < 0) {
            throw new IllegalStateException(name + ": admin session did not connect");
        }
        admin.addAuthInfo("digest", Specs.User.SUPER.authData());
        baseline = shape();
    }

    void restart() throws IOException, InterruptedException {
        close();
        start();
    }

    /** The node's stat as the super user sees it, or null when that read fails for any reason. */
    Stat statQuietly(String path) throws InterruptedException {
        try {
            return admin.exists(path, false);
        } catch (KeeperException | RuntimeException e) {
            return null;
        }
    }

    /** Every node, depth first in sorted order: path, data, stat, ACL. */
    List<String> dump() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String path : allPaths()) {
            try {
                Stat stat = new Stat();
                byte[] data = admin.getData(path, false, stat);
                List<ACL> acl = admin.getACL(path, new Stat());
                lines.add(Render.quotePath(path) + " " + Render.data(data) + " " + Render.stat(stat) + " "
                        + Render.acl(acl));
            } catch (KeeperException e) {
                lines.add(Render.quotePath(path) + " " + Render.thrown(e));
            }
        }
        return lines;
    }

    /**
     * Deletes every node but the special ones and restores their data and ACLs. Returns false when the tree's
     * shape still differs from the one at start.
     */
    boolean reset() throws InterruptedException {
        List<String> paths = allPaths();
        paths.sort(Comparator.comparingInt((String p) -> p.split("/").length).reversed());
        for (String path : paths) {
            if (!SPECIAL.contains(path)) {
                try {
                    admin.delete(path, -1);
                } catch (KeeperException e) {
                    // Checked by the shape comparison below.
                }
            }
        }
        Map<String, Node> now = shape();
        for (Map.Entry<String, Node> e : baseline.entrySet()) {
            Node current = now.get(e.getKey());
            if (current == null || current.sameShape(e.getValue())) {
                continue;
            }
            try {
                if (!current.acl.equals(e.getValue().acl)) {
                    admin.setACL(e.getKey(), e.getValue().rawAcl, -1);
                }
                if (!current.data.equals(e.getValue().data)) {
                    admin.setData(e.getKey(), e.getValue().rawData, -1);
                }
            } catch (KeeperException ignored) {
                // Checked below.
            }
        }
        Map<String, Node> after = shape();
        if (!after.keySet().equals(baseline.keySet())) {
            return false;
        }
        for (Map.Entry<String, Node> e : baseline.entrySet()) {
            if (!after.get(e.getKey()).sameShape(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Node> shape() throws InterruptedException {
        Map<String, Node> shape = new LinkedHashMap<>();
        for (String path : allPaths()) {
            try {
                byte[] data = admin.getData(path, false, null);
                List<ACL> acl = admin.getACL(path, new Stat());
                shape.put(path, new Node(Render.data(data), Render.acl(acl), acl, data));
            } catch (KeeperException e) {
                shape.put(path, new Node(Render.thrown(e), "", List.of(), null));
            }
        }
        return shape;
    }

    private List<String> allPaths() throws InterruptedException {
        List<String> out = new ArrayList<>();
        walk("/", 0, out);
        return out;
    }

    private void walk(String path, int depth, List<String> out) throws InterruptedException {
        out.add(path);
        if (depth >= DEPTH_MAX) {
            return;
        }
        List<String> children;
        try {
            children = new ArrayList<>(admin.getChildren(path, false));
        } catch (KeeperException e) {
            return;
        }
        children.sort(null);
        for (String child : children) {
            walk(path.equals("/") ? "/" + child : path + "/" + child, depth + 1, out);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            try {
                admin.close(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            admin = null;
        }
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                // ZooKeeper replays its log on shutdown and can throw there (e.g. on a TTL it accepted but
                // cannot apply); the server is stopped either way, and the transcripts already say what happened.
                System.err.println(name + " threw while closing: " + e);
            }
            server = null;
        }
        if (dataDir != null) {
            deleteQuietly(dataDir);
            dataDir = null;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A temporary directory; the OS cleans up what is left.
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Same.
        }
    }

    @Override
    public String toString() {
        return Objects.toString(name);
    }
}
