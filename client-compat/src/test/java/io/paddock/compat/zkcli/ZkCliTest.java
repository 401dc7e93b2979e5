package io.paddock.compat.zkcli;

import static io.paddock.compat.fixture.Clients.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.compat.fixture.ClientPerTest;
import io.paddock.compat.fixture.Acls;
import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.TestServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * The stock CLI, org.apache.zookeeper.ZooKeeperMain, in its own JVM, driven line by line on stdin exactly as an
 * operator types the lab's steps. Output (stdout and stderr merged, in order) is asserted line by line.
 */
class ZkCliTest extends ClientPerTest {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void labWalkthroughCreateListGetSetStatDelete() throws Exception {
        try (Cli cli = Cli.start(server)) {
            assertEquals(List.of("Created /myfirstznode"),
                    cli.run("create /myfirstznode \"My first ZooKeeper data\""));
            List<String> ls = cli.run("ls /");
            assertEquals(1, ls.size(), ls.toString());
            assertTrue(ls.get(0).matches("\\[.*\\bmyfirstznode\\b.*\\]") && ls.get(0).contains("zookeeper"),
                    ls.toString());
            assertEquals(List.of("My first ZooKeeper data"), cli.run("get /myfirstznode"));
            assertEquals(List.of(), cli.run("set /myfirstznode \"Updated data\""));
            assertEquals(List.of("Updated data"), cli.run("get /myfirstznode"));

            Stat stat = zk.exists("/myfirstznode", false);
            List<String> printed = cli.run("stat /myfirstznode");
            assertEquals(String.format("cZxid = 0x%x", stat.getCzxid()), printed.get(0));
            assertTrue(printed.get(1).startsWith("ctime = "), printed.toString());
            assertEquals(String.format("mZxid = 0x%x", stat.getMzxid()), printed.get(2));
            assertTrue(printed.get(3).startsWith("mtime = "), printed.toString());
            assertEquals(List.of(String.format("pZxid = 0x%x", stat.getPzxid()), "cversion = 0", "dataVersion = 1",
                    "aclVersion = 0", "ephemeralOwner = 0x0", "dataLength = 12", "numChildren = 0"),
                    printed.subList(4, printed.size()));

            assertEquals(List.of(), cli.run("delete /myfirstznode"));
            assertTrue(!cli.run("ls /").get(0).contains("myfirstznode"));
            assertEquals(List.of("Node does not exist: /myfirstznode"), cli.run("get /myfirstznode"));
        }
    }

    @Test
    void ephemeralAndSequentialNodes() throws Exception {
        zk.create("/cli-modes", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/cli-modes/existing", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        long sessionId;
        try (Cli cli = Cli.start(server)) {
            assertEquals(List.of("Created /cli-modes/eph"), cli.run("create -e /cli-modes/eph \"temp\""));
            sessionId = zk.exists("/cli-modes/eph", false).getEphemeralOwner();
            assertTrue(sessionId != 0);
            assertTrue(cli.run("stat /cli-modes/eph").contains(String.format("ephemeralOwner = 0x%x", sessionId)));
            assertEquals(List.of("Created /cli-modes/item-0000000002"), cli.run("create -s /cli-modes/item- a"));
            assertEquals(List.of("Created /cli-modes/item-0000000003"), cli.run("create -s /cli-modes/item- b"));
            assertEquals(List.of("Created /cli-modes/eseq-0000000004"), cli.run("create -s -e /cli-modes/eseq- c"));
            assertEquals(List.of("[eph, eseq-0000000004, existing, item-0000000002, item-0000000003]"),
                    cli.run("ls /cli-modes"));
            assertEquals(List.of("Created /cli-modes/ctr"), cli.run("create -c /cli-modes/ctr"));
            assertEquals(List.of("Created /cli-modes/ttl"), cli.run("create -t 600000 /cli-modes/ttl"));
            assertEquals(List.of("Node already exists: /cli-modes/existing"),
                    cli.run("create /cli-modes/existing again"));
            assertEquals(List.of("Ephemerals cannot have children: /cli-modes/eph/kid"),
                    cli.run("create /cli-modes/eph/kid x"));
        }
        // The CLI's session closed on quit: its ephemerals are gone, the rest stays.
        assertEquals(List.of("ctr", "existing", "item-0000000002", "item-0000000003", "ttl"),
                sorted(zk.getChildren("/cli-modes", false)));
    }

    @Test
    void getAndLsWithWatchPrintTheEvent() throws Exception {
        zk.create("/watched", utf8("v0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (Cli cli = Cli.start(server)) {
            assertEquals(List.of("v0"), cli.run("get -w /watched"));
            zk.setData("/watched", utf8("v1"), -1);
            cli.awaitLine("WATCHER::");
            assertEquals("WatchedEvent state:SyncConnected type:NodeDataChanged path:/watched",
                    withoutZxid(cli.awaitLine("WatchedEvent .*")));

            assertEquals(List.of("[]"), cli.run("ls -w /watched"));
            zk.create("/watched/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            cli.awaitLine("WATCHER::");
            assertEquals("WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/watched",
                    withoutZxid(cli.awaitLine("WatchedEvent .*")));

            assertEquals(List.of("Node does not exist: /watched/later"), cli.run("stat -w /watched/later"));
            zk.create("/watched/later", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            cli.awaitLine("WATCHER::");
            assertEquals("WatchedEvent state:SyncConnected type:NodeCreated path:/watched/later",
                    withoutZxid(cli.awaitLine("WatchedEvent .*")));
        }
    }

    @Test
    void aclsWithAddauthSetAclAndGetAcl() throws Exception {
        String digest = Acls.digest("user", "pass");
        try (Cli owner = Cli.start(server)) {
            assertEquals(List.of("Created /secure"), owner.run("create /secure \"secret data\""));
            assertEquals(List.of("'world,'anyone", ": cdrwa"), owner.run("getAcl /secure"));
            assertEquals(List.of(), owner.run("addauth digest user:pass"));
            assertEquals(List.of(), owner.run("setAcl /secure auth:user:pass:cdrwa"));
            assertEquals(List.of("'digest,'" + digest, ": cdrwa"), owner.run("getAcl /secure"));
            assertEquals(List.of("secret data"), owner.run("get /secure"));
            assertEquals(List.of(), owner.run("setAcl /secure digest:" + digest + ":r,world:anyone:c"));
            // READ without ADMIN: getAcl still answers, with the digest's hash masked.
            assertEquals(List.of("'digest,'user:x", ": r", "'world,'anyone", ": c"), owner.run("getAcl /secure"));
            assertEquals(List.of("Insufficient permission : /secure"), owner.run("set /secure x"));
        }
        try (Cli stranger = Cli.start(server)) {
            assertEquals(List.of("Insufficient permission : /secure"), stranger.run("get /secure"));
            assertEquals(List.of(), stranger.run("addauth digest user:pass"));
            assertEquals(List.of("secret data"), stranger.run("get /secure"));
        }
        zk.addAuthInfo("digest", utf8("user:pass"));
        assertEquals(2, zk.exists("/secure", false).getAversion());
    }

    @Test
    void singleCommandModeRunsOneCommandAndExits() throws Exception {
        zk.create("/one-shot", utf8("payload"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Cli.Result get = Cli.runOnce(server, "get", "/one-shot");
        assertEquals(0, get.exitCode(), get.output().toString());
        assertTrue(get.output().contains("payload"), get.output().toString());
        Cli.Result create = Cli.runOnce(server, "create", "/one-shot/child", "c");
        assertEquals(0, create.exitCode(), create.output().toString());
        assertTrue(create.output().contains("Created /one-shot/child"), create.output().toString());
        assertEquals("c", utf8(zk.getData("/one-shot/child", false, null)));
    }

    private static String withoutZxid(String event) {
        // 3.9 appends " zxid: N" to WatchedEvent.toString(); the zxid is checked elsewhere.
        return event.replaceFirst("\\s+zxid:\\s*-?\\d+$", "");
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }

    /** A ZooKeeperMain process. Commands go to stdin; a marker command after each one delimits its output. */
    static final class Cli implements AutoCloseable {
        private final Process process;
        private final BufferedWriter stdin;
        private final List<String> lines = new ArrayList<>();
        private int consumed;
        private int markers;

        private Cli(Process process) {
            this.process = process;
            this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> pump(process.getInputStream()), "zkcli-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Cli start(TestServer server) throws Exception {
            Cli cli = new Cli(command(server).start());
            // Both lines come first, in either order: the prompt loop starting and the session being established.
            int prompt = cli.awaitIndex(Pattern.compile("JLine support is disabled"));
            int connected = cli.awaitIndex(Pattern.compile(
                    "WatchedEvent state:SyncConnected type:None path:null( zxid: -1)?"));
            synchronized (cli.lines) {
                cli.consumed = Math.max(prompt, connected) + 1;
            }
            return cli;
        }

        static Result runOnce(TestServer server, String... args) throws Exception {
            ProcessBuilder builder = command(server);
            builder.command().addAll(List.of(args));
            Cli cli = new Cli(builder.start());
            cli.stdin.close();
            assertTrue(cli.process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "zkCli did not exit");
            cli.drainReader();
            synchronized (cli.lines) {
                return new Result(cli.process.exitValue(), new ArrayList<>(cli.lines));
            }
        }

        record Result(int exitCode, List<String> output) {
        }

        private static ProcessBuilder command(TestServer server) {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-Xmx128m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                    "-cp", System.getProperty("compat.testClasspath", System.getProperty("java.class.path")),
                    "org.apache.zookeeper.ZooKeeperMain", "-server", server.connectString()));
            return new ProcessBuilder(command).redirectErrorStream(true);
        }

        /** Runs one command line and returns the lines it printed. */
        List<String> run(String commandLine) throws Exception {
            String marker = "/zkcli-marker-" + (++markers);
            send(commandLine);
            send("stat " + marker);
            String end = "Node does not exist: " + marker;
            int endIndex = awaitIndex(Pattern.compile(Pattern.quote(end)));
            synchronized (lines) {
                List<String> output = new ArrayList<>(lines.subList(consumed, endIndex));
                consumed = endIndex + 1;
                output.removeIf(String::isBlank);
                return output;
            }
        }

        /** Waits for a line matching {@code regex} after everything consumed so far, and consumes up to it. */
        String awaitLine(String regex) throws Exception {
            int index = awaitIndex(Pattern.compile(regex));
            synchronized (lines) {
                consumed = index + 1;
                return lines.get(index);
            }
        }

        private int awaitIndex(Pattern pattern) throws Exception {
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            synchronized (lines) {
                while (true) {
                    for (int i = consumed; i < lines.size(); i++) {
                        Matcher matcher = pattern.matcher(lines.get(i));
                        if (matcher.matches()) {
                            return i;
                        }
                    }
                    long leftNs = deadline - System.nanoTime();
                    if (leftNs <= 0 || (!process.isAlive() && readerDone)) {
                        throw new AssertionError("no line matching " + pattern + " in zkCli output:\n"
                                + String.join("\n", lines.subList(consumed, lines.size())));
                    }
                    // Woken by every new line; the bound only lets a dead process be noticed.
                    lines.wait(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(leftNs))));
                }
            }
        }

        private void send(String line) throws IOException {
            stdin.write(line);
            stdin.newLine();
            stdin.flush();
        }

        private volatile boolean readerDone;

        private void pump(InputStream in) {
            StringBuilder current = new StringBuilder();
            try {
                java.io.Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8);
                int c;
                while ((c = reader.read()) >= 0) {
                    if (c == '\n') {
                        addLine(current.toString());
                        current.setLength(0);
                    } else if (c != '\r') {
                        current.append((char) c);
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            } finally {
                if (current.length() > 0) {
                    addLine(current.toString());
                }
                readerDone = true;
                synchronized (lines) {
                    lines.notifyAll();
                }
            }
        }

        private void drainReader() throws InterruptedException {
            synchronized (lines) {
                long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
                while (!readerDone && System.nanoTime() < deadline) {
                    lines.wait(1_000);
                }
            }
        }

        private void addLine(String line) {
            synchronized (lines) {
                lines.add(line);
                lines.notifyAll();
            }
        }

        @Override
        public void close() throws Exception {
            try {
                send("quit");
                stdin.close();
            } catch (IOException ignored) {
                // Already gone.
            }
            if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
