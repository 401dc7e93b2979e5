package io.paddock.compat.kazoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's Kazoo (Debian's python3-kazoo 2.8, for /usr/bin/python3) against the server: each script under
 * src/test/python runs as its own process with the server's host:port and must exit 0. Missing Kazoo fails the
 * test rather than skipping it: compatibility with Kazoo is a requirement, not an option.
 */
class KazooTest {

    static final String PYTHON = "/usr/bin/python3";
    static final long SCRIPT_TIMEOUT_SECONDS = 240;

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Path scripts;

    @BeforeAll
    static void startServer() throws Exception {
        scripts = scriptDirectory();
        ProcessResult probe = run(List.of(PYTHON, "-c", "import kazoo.client, kazoo.recipe.lock"), 60);
        if (probe.exitCode() != 0) {
            fail("Kazoo is not importable by " + PYTHON + ". Run bin/run-tests.sh (it installs python3-kazoo), "
                    + "or apt-get install -y python3-kazoo.\n" + probe.output());
        }
        // Short ticks: sessions.py lets a 1 s session really expire.
        server = Servers.target(dataDir, ServerOptions.shortSessions());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void crud() throws Exception {
        runScript("crud.py");
    }

    @Test
    void sessions() throws Exception {
        runScript("sessions.py");
    }

    @Test
    void watches() throws Exception {
        runScript("watches.py");
    }

    @Test
    void transactions() throws Exception {
        runScript("transactions.py");
    }

    @Test
    void acls() throws Exception {
        runScript("acls.py");
    }

    @Test
    void recipes() throws Exception {
        runScript("recipes.py");
    }

    private static void runScript(String name) throws Exception {
        Path script = scripts.resolve(name);
        assertTrue(Files.isRegularFile(script), script + " is missing");
        ProcessResult result = run(List.of(PYTHON, script.toString(), server.connectString()), SCRIPT_TIMEOUT_SECONDS);
        assertEquals(0, result.exitCode(), name + " against " + server.kind() + " failed:\n" + result.output());
        assertTrue(result.output().contains("all checks passed"), name + " did not finish:\n" + result.output());
    }

    private static Path scriptDirectory() {
        Path here = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate : List.of(here.resolve("src/test/python"), here.resolve("client-compat/src/test/python"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no src/test/python under " + here);
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult run(List<String> command, long timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (scripts != null) {
            builder.directory(scripts.toFile());
        }
        // Keep the source tree free of __pycache__.
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "python-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5_000);
            fail(command + " did not finish within " + timeoutSeconds + " s:\n" + text(output));
        }
        reader.join(30_000);
        return new ProcessResult(process.exitValue(), text(output));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
