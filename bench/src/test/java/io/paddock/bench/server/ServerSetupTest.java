package io.paddock.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSetupTest {

    @Test
    void bothServersGetTheSameJvmFlagsAndForceSync() {
        List<String> flags = List.of("-Xmx1g", "-XX:+UseG1GC");
        ServerSetup paddock = ServerSetup.paddock(Path.of("/repo"), Path.of("/jdk/bin/java"), flags, false);
        ServerSetup zookeeper = ServerSetup.zookeeper(Path.of("/repo/bench/target/zookeeper-lib"),
                Path.of("/jdk/bin/java"), flags, false);
        List<String> p = paddock.command(Path.of("/run/zoo.cfg"));
        List<String> z = zookeeper.command(Path.of("/run/zoo.cfg"));
        assertEquals(p.subList(0, 3), z.subList(0, 3), "java and the JVM flags");
        assertEquals(ServerSetup.PADDOCK_MAIN, p.get(p.size() - 2));
        assertEquals(ServerSetup.ZOOKEEPER_MAIN, z.get(z.size() - 2));
        assertEquals("/repo/server/target/classes:/repo/server/target/lib/*", p.get(4));
        assertEquals(List.of(Path.of("/repo/server/target/classes"), Path.of("/repo/server/target/lib")),
                paddock.classpathDirs());
        String cfg = paddock.zooCfg(Path.of("/run/data"), 12345);
        assertTrue(cfg.contains("forceSync=no\n"), cfg);
        assertTrue(cfg.contains("clientPort=12345\n"), cfg);
        assertTrue(cfg.contains("maxClientCnxns=0\n"), "the fan-out opens many sessions from one address");
        String zkCfg = zookeeper.zooCfg(Path.of("/run/data"), 12345);
        assertEquals(cfg.substring(cfg.indexOf('\n')), zkCfg.substring(zkCfg.indexOf('\n')),
                "the same zoo.cfg but for its comment line");
    }
}
