package io.paddock.server.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deterministic core must not reach the world: no shell package, no Netty or RocksDB, no threads,
 * concurrency utilities or clocks. Checked on the compiled classes, whose constant pools name every
 * class and method they use.
 */
class CoreIsolationTest {
    private static final List<String> CORE = List.of("base", "txn", "tree", "session", "watch", "sm", "replica");
    private static final List<String> FORBIDDEN = List.of(
            "io/paddock/server/storage", "io/paddock/server/net", "io/paddock/server/runtime",
            "io/paddock/server/admin", "io/paddock/server/main", "io/netty", "org/rocksdb", "io/micrometer",
            "java/util/concurrent", "java/lang/Thread", "currentTimeMillis", "nanoTime", "java/time/Clock",
            "java/time/Instant", "getProperty", "getenv", "java/util/Random", "java/io/File", "java/nio/file",
            "java/net/Socket");

    @Test
    void coreClassesReferenceNothingOfTheShellOrTheWorld() throws IOException {
        Path classes = Path.of("target/classes/io/paddock/server");
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (String pkg : CORE) {
            Path dir = classes.resolve(pkg);
            assertTrue(Files.isDirectory(dir), "compiled core package missing: " + dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    checked++;
                    String pool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (String forbidden : FORBIDDEN) {
                        if (pool.contains(forbidden)) {
                            violations.add(file.getFileName() + " uses " + forbidden);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 20, "expected the core's classes, found " + checked);
        assertEquals(List.of(), violations);
    }
}
