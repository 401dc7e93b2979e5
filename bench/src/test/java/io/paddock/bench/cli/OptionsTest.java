package io.paddock.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paddock.bench.load.ClientSocket;
import io.paddock.bench.run.Point;
import io.paddock.bench.server.ServerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void parsesTheExampleOfTheHelp() {
        Options o = Options.parse(new String[] {"side-by-side", "--duration", "30s", "--rounds", "3", "--out",
                "bench-results/"});
        assertEquals(Mode.SIDE_BY_SIDE, o.mode());
        assertEquals(Duration.ofSeconds(30), o.duration());
        assertEquals(3, o.rounds());
        assertEquals(Path.of("bench-results/"), o.out());
        assertEquals(List.of(0, 50, 90, 100), o.readPercents());
    }

    @Test
    void flagsTakeEqualsOrASeparateValue() {
        Options o = Options.parse(new String[] {"memory", "--znodes=100k,1M", "--force-sync", "no", "--servers",
                "zookeeper", "--jvm-flags", "-XX:+AlwaysPreTouch -Xss512k", "--heap=3g"});
        assertEquals(List.of(100_000L, 1_000_000L), o.znodes());
        assertFalse(o.forceSync());
        assertEquals(List.of(ServerKind.ZOOKEEPER), o.servers());
        assertEquals(List.of("-Xmx3g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch", "-Xss512k"), o.serverJvmFlags());
    }

    @Test
    void theClientSocketIsNettyUnlessNioIsAsked() {
        assertEquals(ClientSocket.NETTY, Options.parse(new String[] {"side-by-side"}).clientSocket());
        Options nio = Options.parse(new String[] {"side-by-side", "--client-socket", "NIO"});
        assertEquals(ClientSocket.NIO, nio.clientSocket());
        assertEquals("org.apache.zookeeper.ClientCnxnSocketNIO",
                nio.clientSocket().config().getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET));
        assertEquals("nio", nio.settings().get("clientSocket"));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"side-by-side", "--client-socket", "epoll"}));
    }

    @Test
    void aLoadRunReportsTheServerItDroveNotFlagsOfServersItDidNotStart() {
        Options load = Options.parse(new String[] {"load", "--connect", "10.0.0.5:2181"});
        assertEquals("10.0.0.5:2181", load.settings().get("connect"));
        assertFalse(load.settings().containsKey("serverJvmFlags"));
        assertFalse(load.settings().containsKey("forceSync"));
        assertEquals("yes", Options.parse(new String[] {"side-by-side"}).settings().get("forceSync"));
    }

    @Test
    void unitsOfDurationsAndCounts() {
        assertEquals(Duration.ofMillis(500), Units.duration("500ms"));
        assertEquals(Duration.ofMillis(1500), Units.duration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2m"));
        assertEquals(Duration.ofSeconds(7), Units.duration("7"));
        assertEquals(100_000, Units.count("100k"));
        assertEquals(1_000_000, Units.count("1M"));
        assertEquals(1_000, Units.count("1,000"));
        assertEquals("100k", Units.countText(100_000));
    }

    @Test
    void rejectsWhatItCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"race"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"side-by-side", "--fast"}));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"side-by-side", "--reads", "0,120"}));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"side-by-side", "--large-value-size", "2M"}));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"side-by-side", "--workloads", "rw,bogus"}));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"side-by-side", "--servers", "external"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"side-by-side", "--rounds"}));
    }

    @Test
    void thePlanHasOneReadWritePointPerReadShareThenTheOthers() {
        Options o = Options.parse(new String[] {"side-by-side", "--reads", "0,90"});
        List<String> ids = Plan.points(o).stream().map(Point::id).toList();
        assertEquals(List.of("rw-0", "rw-90", "churn-seq", "churn-eph", "fanout", "connect", "large", "multi"), ids);
    }

    @Test
    void smokeIsShort() {
        Options o = Options.parse(new String[] {"smoke"});
        assertEquals(1, o.rounds());
        assertEquals(Duration.ofMillis(500), o.duration());
    }
}
