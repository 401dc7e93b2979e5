package io.paddock.compat.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: Paddock's data directory on a small tmpfs that a filler file fills up. While storage cannot write,
 * writes fail with SystemError (-1) and nothing else; reads keep working; nothing acknowledged is damaged; once
 * the filler is deleted, writes succeed again; and after a SIGKILL and a restart every acknowledged write is there.
 *
 * <p>Mounting a tmpfs needs root (CAP_SYS_ADMIN). Without it this test is reported as skipped, with the reason
 * (an aborted assumption), never passed silently.
 */
class DiskFullTest {
    static final String SIZE = "24m";
    static final int WRITES_WHILE_FULL_MAX = 2_000;
    /** Consecutive refusals that show the server refuses writes for as long as the disk stays full. */
    static final int REFUSED_IN_A_ROW = 30;

    @TempDir
    Path work;
    private Path mount;
    private boolean mounted;
    private PaddockProcess server;
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final Ledger ledger = new Ledger();
    /** Paths whose create was acknowledged, and those refused with SystemError. */
    private final List<String> acked = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        clients.forEach(Checker::closeQuietly);
        if (server != null) {
            server.close();
        }
        if (mounted) {
            run("umount", mount.toString());
        }
    }

    @Test
    void writesFailWhileTheDiskIsFullAndResumeAfter() throws Exception {
        mountSmallDisk();
        server = PaddockProcess.configure(work.resolve("run"), mount.resolve("data"), Map.of());
        server.start();
        ZooKeeper zk = track(Checker.connect(server.connectString(), 30_000, event -> { }));
        zk.create("/full", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < 200; i++) {
            createAcked(zk, "/full/before-" + i);
        }

        Path filler = mount.resolve("filler");
        writeUntilRefusedWhileFull(zk, filler);
        // Reads keep working, and see everything acknowledged.
        for (String path : acked) {
            assertArrayEquals(Writer.value(path), zk.getData(path, false, null), path);
        }
        assertTrue(zk.getChildren("/full", false).containsAll(acked.stream().map(p -> p.substring(6)).toList()));

        Files.delete(filler);
        long resumedAfterMs = awaitWritesResume(zk);
        System.out.println("[disk-full] writes resumed " + resumedAfterMs + " ms after the filler was deleted; "
                + "storage files: " + listing(mount.resolve("data").resolve("paddock-db")));
        for (int i = 0; i < 200; i++) {
            createAcked(zk, "/full/after-" + i);
        }

        server.kill();
        server.start();
        List<String> violations = Checker.check(server.connectString(), ledger, List.of("/full"));
        assertEquals(List.of(), violations, "after the disk was full, a kill and a restart; server log:\n"
                + server.logTail(4_000));
        ZooKeeper again = track(Checker.connect(server.connectString(), 30_000, event -> { }));
        for (String path : acked) {
            assertArrayEquals(Writer.value(path), again.getData(path, false, null), path);
        }
        // SystemError promises more than "in doubt": the write was not applied, and never will be.
        for (String path : refused) {
            assertNull(again.exists(path, false), path + " was refused with SystemError, yet exists");
        }
    }

    private void mountSmallDisk() throws IOException, InterruptedException {
        mount = work.resolve("disk");
        Files.createDirectories(mount);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", mount.toString());
        Assumptions.assumeTrue(failure == null, "cannot mount a tmpfs for the full disk (needs root): " + failure);
        mounted = true;
    }

    /**
     * Fills the disk and writes until the server has refused {@value #REFUSED_IN_A_ROW} writes in a row. The disk
     * stays full: after every write the filler takes whatever space storage gave back (RocksDB frees preallocated
     * space when Paddock reopens it to recover from a failed write, so a few writes succeed at first).
     */
    private void writeUntilRefusedWhileFull(ZooKeeper zk, Path filler) throws IOException {
        fill(filler);
        StringBuilder answers = new StringBuilder();
        int refusedInARow = 0;
        for (int i = 0; i < WRITES_WHILE_FULL_MAX && refusedInARow < REFUSED_IN_A_ROW; i++) {
            String path = "/full/during-" + i;
            Code code = create(zk, path);
            answers.append(code == Code.OK ? '+' : code == Code.SYSTEMERROR ? '-' : '?');
            assertTrue(code == Code.OK || code == Code.SYSTEMERROR, "a write on a full disk answered " + code);
            refusedInARow = code == Code.OK ? 0 : refusedInARow + 1;
            fill(filler);
        }
        System.out.println("[disk-full] answers on the full disk (+ OK, - SystemError): " + answers);
        assertEquals(REFUSED_IN_A_ROW, refusedInARow, "writes fail while the disk is full: " + answers);
    }

    private ZooKeeper track(ZooKeeper zk) {
        clients.add(zk);
        return zk;
    }

    private void createAcked(ZooKeeper zk, String path) {
        assertEquals(Code.OK, create(zk, path), "create " + path + " on a disk with room");
    }

    /** Creates {@code path} with its value, keeping count in the ledger and in {@code acked} / {@code refused}. */
    private Code create(ZooKeeper zk, String path) {
        byte[] value = Writer.value(path);
        ledger.issuedCreate(path, value);
        Code code;
        try {
            zk.create(path, value, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            code = Code.OK;
        } catch (KeeperException e) {
            code = e.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ledger.answeredCreate(path, code.intValue());
        if (code == Code.OK) {
            acked.add(path);
        } else if (code == Code.SYSTEMERROR) {
            refused.add(path);
        }
        return code;
    }

    /** Retries a write until it succeeds; returns how long that took. */
    private long awaitWritesResume(ZooKeeper zk) {
        long startNs = System.nanoTime();
        for (int i = 0; System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(30); i++) {
            Code code = create(zk, "/full/resume-" + i);
            if (code == Code.OK) {
                return (System.nanoTime() - startNs) / 1_000_000;
            }
            assertEquals(Code.SYSTEMERROR, code, "while storage recovers");
            PaddockProcess.sleepMs(100);
        }
        fail("writes did not resume within 30 s of freeing the disk");
        return -1;
    }

    private static String listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().toString();
        }
    }

    /** Appends random bytes to {@code filler} until the file system is full; returns how many it took. */
    private static long fill(Path filler) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        new Random(1).nextBytes(chunk);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // A last few bytes in smaller pieces, so that the file system is full to the byte.
        byte[] small = new byte[512];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(small);
                written += small.length;
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return written;
    }

    /** Runs a command; null when it succeeded, else its output and status. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        int status = p.waitFor();
        return status == 0 ? null : String.join(" ", command) + " exited with " + status + ": " + output.trim();
    }
}
