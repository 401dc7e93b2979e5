package io.paddock.server.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.server.admin.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paths of {@link ServerMain#run} that end before a server starts. */
class ServerMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path cfg(String... lines) throws IOException {
        Path file = dir.resolve("zoo.cfg");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void versionNamesPaddockAndTheZooKeeperProtocol() {
        assertEquals(0, run("--version"));
        assertEquals("Paddock " + Version.PADDOCK + ", speaking the Apache ZooKeeper 3.9.5 client protocol"
                + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConfigErrorIsOneLineAndExitStatusTwo() throws IOException {
        Path file = cfg("dataDir=" + dir, "clientPort=2181", "tickTime=abc");
        assertEquals(2, run(file.toString()));
        assertEquals(file + ":3: tickTime must be a positive integer, got \"abc\"" + System.lineSeparator(), err());
    }

    @Test
    void aMissingConfigFile() {
        Path missing = dir.resolve("none.cfg");
        assertEquals(2, run(missing.toString()));
        assertEquals(missing + ": no such file" + System.lineSeparator(), err());
    }

    @Test
    void anEnsembleIsRefusedForNow() throws IOException {
        Path file = cfg("dataDir=" + dir, "clientPort=2181", "initLimit=5", "syncLimit=2",
                "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889", "server.3=127.0.0.1:2890:3890");
        assertEquals(2, run(file.toString()));
        assertEquals("Paddock " + Version.PADDOCK + " does not run ensembles yet: " + file
                + " names 3 servers; remove the server.N lines to run standalone" + System.lineSeparator(), err());
    }

    @Test
    void standaloneEnabledFalseIsAnEnsembleOfOne() throws IOException {
        Path file = cfg("dataDir=" + dir, "clientPort=2181", "standaloneEnabled=false",
                "server.1=127.0.0.1:2888:3888");
        assertEquals(2, run(file.toString()));
        assertTrue(err().contains("does not run ensembles yet: " + file + " sets standaloneEnabled=false"), err());
    }

    @Test
    void unexpectedArgumentsPrintUsage() {
        assertEquals(2, run("a.cfg", "b.cfg"));
        assertTrue(err().startsWith("usage: ServerMain [zoo.cfg]"), err());
    }

    @Test
    void hostPortBracketsIpv6() {
        assertEquals("[0:0:0:0:0:0:0:1]:2181", ServerMain.hostPort(new InetSocketAddress("::1", 2181)));
        assertEquals("0.0.0.0:2181", ServerMain.hostPort(new InetSocketAddress(2181)));
    }
}
