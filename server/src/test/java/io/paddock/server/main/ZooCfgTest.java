package io.paddock.server.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.server.main.ServerConfig.AdminConfig;
import io.paddock.server.main.ServerConfig.QuorumServer;
import io.paddock.server.storage.LogRetention;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooCfgTest {

    @TempDir
    Path dir;

    private Path cfg;

    private ZooCfg.Parsed parse(String... lines) throws Exception {
        cfg = write("zoo.cfg", lines);
        return ZooCfg.parse(cfg, dir);
    }

    private ServerConfig config(String... lines) throws Exception {
        return parse(lines).config();
    }

    /** The message of the ConfigException that parsing these lines throws. */
    private String error(String... lines) throws IOException {
        cfg = write("zoo.cfg", lines);
        return assertThrows(ConfigException.class, () -> ZooCfg.parse(cfg, dir)).getMessage();
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Nested
    class Defaults {

        @Test
        void minimalConfigGetsZooKeepersDefaults() throws Exception {
            ZooCfg.Parsed parsed = parse("dataDir=data", "clientPort=2181");
            ServerConfig config = parsed.config();
            assertEquals(List.of(), parsed.warnings());
            assertEquals(2000, config.tickTimeMs());
            assertEquals(dir.resolve("data"), config.dataDir());
            assertEquals(config.dataDir(), config.dataLogDir());
            assertEquals(new InetSocketAddress(2181), config.clientAddress());
            assertTrue(config.clientAddress().getAddress().isAnyLocalAddress());
            assertEquals(60, config.maxClientCnxns());
            assertEquals(4000, config.minSessionTimeoutMs());
            assertEquals(40000, config.maxSessionTimeoutMs());
            assertEquals(1000, config.globalOutstandingLimit());
            assertEquals(0xfffff, config.juteMaxBufferBytes());
            assertEquals(Set.of("srvr"), config.fourLetterWords());
            assertFalse(config.extendedTypesEnabled());
            assertEquals(Optional.empty(), config.superDigest());
            assertTrue(config.forceSync());
            assertEquals(new LogRetention(100_000, 4L << 30), config.logRetention());
            assertEquals(60_000, config.containerCheckIntervalMs());
            assertEquals(AdminConfig.DEFAULT, config.admin());
            assertEquals(new AdminConfig(true, "0.0.0.0", 8080, "/commands", 30_000), config.admin());
            assertEquals(0, config.myId());
            assertEquals(List.of(), config.servers());
            assertEquals(Map.of(), config.others());
        }

        @Test
        void sessionTimeoutsFollowTickTimeUnlessSet() throws Exception {
            ServerConfig config = config("tickTime=500", "dataDir=d", "clientPort=1");
            assertEquals(500, config.tickTimeMs());
            assertEquals(1000, config.minSessionTimeoutMs());
            assertEquals(10_000, config.maxSessionTimeoutMs());

            config = config("tickTime=500", "dataDir=d", "clientPort=1", "minSessionTimeout=-1",
                    "maxSessionTimeout=60000");
            assertEquals(1000, config.minSessionTimeoutMs());
            assertEquals(60_000, config.maxSessionTimeoutMs());
        }

        @Test
        void relativePathsResolveAgainstTheWorkingDirectory() throws Exception {
            Path elsewhere = dir.resolve("elsewhere").toAbsolutePath();
            ServerConfig config = config("dataDir=./a/../data", "dataLogDir=" + elsewhere, "clientPort=2181");
            assertEquals(dir.resolve("data"), config.dataDir());
            assertEquals(elsewhere, config.dataLogDir());
        }

        @Test
        void portZeroAsksForAFreePort() throws Exception {
            assertEquals(0, config("dataDir=d", "clientPort=0").clientAddress().getPort());
        }
    }

    @Nested
    class Keys {

        @Test
        void keysServerConfigModelsFillIt() throws Exception {
            ServerConfig config = config(
                    "tickTime=1000",
                    "dataDir=/var/zk",
                    "dataLogDir=/var/zklog",
                    "clientPort=2182",
                    "clientPortAddress=127.0.0.1",
                    "maxClientCnxns=0",
                    "minSessionTimeout=3000",
                    "maxSessionTimeout=9000",
                    "globalOutstandingLimit=5",
                    "jute.maxbuffer=0x200000",
                    "4lw.commands.whitelist=stat, ruok ,conf,,isro",
                    "extendedTypesEnabled=true",
                    "DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
                    "forceSync=no",
                    "snapCount=10",
                    "snapSizeLimitInKb=64",
                    "znode.container.checkIntervalMs=500",
                    "admin.enableServer=false",
                    "admin.serverAddress=127.0.0.1",
                    "admin.serverPort=9090",
                    "admin.idleTimeout=1000",
                    "admin.commandURL=/cmds");
            assertEquals(1000, config.tickTimeMs());
            assertEquals(Path.of("/var/zk"), config.dataDir());
            assertEquals(Path.of("/var/zklog"), config.dataLogDir());
            assertEquals(new InetSocketAddress("127.0.0.1", 2182), config.clientAddress());
            assertEquals(0, config.maxClientCnxns());
            assertEquals(3000, config.minSessionTimeoutMs());
            assertEquals(9000, config.maxSessionTimeoutMs());
            assertEquals(5, config.globalOutstandingLimit());
            assertEquals(0x200000, config.juteMaxBufferBytes());
            assertEquals(Set.of("stat", "ruok", "conf", "isro", "srvr"), config.fourLetterWords());
            assertTrue(config.extendedTypesEnabled());
            assertEquals(Optional.of("super:D/InIHSb7yEEbrWz8b9l71RjZJU="), config.superDigest());
            assertFalse(config.forceSync());
            assertEquals(new LogRetention(10, 64 * 1024), config.logRetention());
            assertEquals(500, config.containerCheckIntervalMs());
            assertEquals(new AdminConfig(false, "127.0.0.1", 9090, "/cmds", 1000), config.admin());
            assertEquals(Map.of(), config.others());
        }

        @Test
        void snapSizeLimitOfZeroOrLessKeepsTheLogByCountOnly() throws Exception {
            // As in ZooKeeper: "A non-positive value will disable the feature."
            assertFalse(config("dataDir=d", "clientPort=1", "snapSizeLimitInKb=0").logRetention().limitsBytes());
            assertFalse(config("dataDir=d", "clientPort=1", "snapSizeLimitInKb=-1").logRetention().limitsBytes());
            assertEquals(new LogRetention(100_000, 1L << 40),
                    config("dataDir=d", "clientPort=1", "zookeeper.snapSizeLimitInKb=1073741824").logRetention());
        }

        @Test
        void systemPropertySpellingsAndAliasesAreTheSameKeys() throws Exception {
            ServerConfig config = config("dataDir=d", "clientPort=1",
                    "zookeeper.extendedTypesEnabled=true",
                    "superDigest=super:abc=",
                    "zookeeper.4lw.commands.whitelist=*",
                    "zookeeper.forceSync=no");
            assertTrue(config.extendedTypesEnabled());
            assertEquals(Optional.of("super:abc="), config.superDigest());
            assertEquals(Set.of("*"), config.fourLetterWords());
            assertTrue(config.fourLetterWordEnabled("mntr"));
            assertFalse(config.forceSync());
        }

        @Test
        void everyDocumentedKeyIsAcceptedAndKeptRawInOthers() throws Exception {
            String[] documented = {
                "secureClientPort=2281", "secureClientPortAddress=0.0.0.0", "observerMasterPort=2191",
                "preAllocSize=65536", "commitLogCount=500", "txnLogSizeLimitInKb=-1",
                "maxCnxns=0", "fsync.warningthresholdms=1000", "maxResponseCacheSize=400",
                "maxGetChildrenResponseCacheSize=400", "autopurge.snapRetainCount=3", "autopurge.purgeInterval=1",
                "syncEnabled=true", "emulate353TTLNodes=false", "watchManagerName=WatchManager",
                "fastleader.minNotificationInterval=200", "connectionMaxTokens=0", "clientPortListenBacklog=-1",
                "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory", "flushDelay=0",
                "maxBatchSize=1000", "enforceQuota=false", "requestThrottleLimit=0", "advancedFlowControlEnabled=false",
                "enableEagerACLCheck=false", "digest.enabled=true", "snapshot.compression.method=gz",
                "audit.enable=false", "largeRequestMaxBytes=104857600", "learner.asyncSending=false",
                "serializeLastProcessedZxid.enabled=true", "electionAlg=3", "maxTimeToWaitForEpoch=2000",
                "initLimit=10", "syncLimit=5", "connectToLearnerMasterLimit=10", "leaderServes=yes",
                "cnxTimeout=5000", "quorumCnxnTimeoutMs=-1", "standaloneEnabled=true", "reconfigEnabled=false",
                "tcpKeepAlive=false", "electionPortBindRetry=3", "observer.reconnectDelayMs=0",
                "localSessionsEnabled=false", "localSessionsUpgradingEnabled=false", "peerType=participant",
                "quorumListenOnAllIPs=false", "DigestAuthenticationProvider.enabled=true",
                "DigestAuthenticationProvider.digestAlg=SHA1", "X509AuthenticationProvider.superUser=CN=admin",
                "zookeeper.superUser=admin", "zookeeper.superUser.1=other", "ssl.authProvider=x509",
                "zookeeper.ensembleAuthName=prod", "enforce.auth.enabled=false", "enforce.auth.schemes=sasl",
                "sslQuorum=false", "ssl.keyStore.location=/k.jks", "ssl.quorum.trustStore.password=secret",
                "ssl.clientAuth=need", "sslQuorumReloadCertFiles=false", "client.certReload=false",
                "portUnification=false", "authProvider.1=org.example.Sasl", "kerberos.canonicalizeHostNames=false",
                "multiAddress.enabled=false", "multiAddress.reachabilityCheckTimeoutMs=1000",
                "multiAddress.reachabilityCheckEnabled=true", "fips-mode=true", "skipACL=no",
                "jute.maxbuffer.extrasize=0",
                "zookeeper.nio.numSelectorThreads=1", "zookeeper.commitProcessor.maxCommitBatchSize=1",
                "znode.container.maxPerMinute=10000", "znode.container.maxNeverUsedIntervalMs=0",
                "zookeeper.messageTracker.Enabled=false", "admin.rateLimiterIntervalInMS=300000",
                "admin.snapshot.enabled=true", "admin.forceHttps=false", "admin.portUnification=false",
                "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
                "metricsProvider.httpPort=7000", "metricsProvider.exportJvmInfo=true",
                "quorum.auth.enableSasl=false", "quorum.cnxn.threads.size=20", "jvm.pause.monitor=false",
                "jvm.pause.warn-threshold.ms=10000", "zookeeper.connection_throttle_weight_enabled=false",
                "group.1=1:2:3", "weight.1=1",
            };
            String[] lines = new String[documented.length + 2];
            lines[0] = "dataDir=d";
            lines[1] = "clientPort=2181";
            System.arraycopy(documented, 0, lines, 2, documented.length);
            ZooCfg.Parsed parsed = parse(lines);
            List<String> unexpected = parsed.warnings().stream()
                    .filter(w -> !w.contains("does not act on it yet"))
                    .toList();
            assertEquals(List.of(), unexpected);
            Map<String, String> others = parsed.config().others();
            assertEquals(documented.length, others.size());
            for (String line : documented) {
                int eq = line.indexOf('=');
                assertEquals(line.substring(eq + 1), others.get(line.substring(0, eq)), line);
            }
        }

        @Test
        void tlsAndAuthenticationKeysWarnThatPaddockDoesNotActOnThem() throws Exception {
            List<String> warnings = parse("dataDir=d", "clientPort=1", "secureClientPort=2281",
                    "sslQuorum=false").warnings();
            assertEquals(List.of(cfg + ":3: secureClientPort is accepted but Paddock does not act on it yet"),
                    warnings);
        }

        @Test
        void unknownKeyIsAWarningWithASuggestion() throws Exception {
            ZooCfg.Parsed parsed = parse("dataDir=d", "clientPort=1", "tickTim=3000", "fooBarBaz=1");
            assertEquals(List.of(
                    cfg + ":3: unknown key \"tickTim\" is ignored; did you mean tickTime?",
                    cfg + ":4: unknown key \"fooBarBaz\" is ignored"), parsed.warnings());
            assertEquals(2000, parsed.config().tickTimeMs());
            assertEquals(Map.of(), parsed.config().others());
        }

        @Test
        void aKeySetTwiceKeepsTheLastValueWithAWarning() throws Exception {
            ZooCfg.Parsed parsed = parse("tickTime=1000", "dataDir=d", "clientPort=1", "tickTime=3000");
            assertEquals(3000, parsed.config().tickTimeMs());
            assertEquals(List.of(cfg + ":4: tickTime is set again; this value replaces the one on line 1"),
                    parsed.warnings());
        }

        @Test
        void fourLetterWordsAlwaysIncludeSrvrAndStarMeansAll() throws Exception {
            assertEquals(Set.of("srvr", "ruok"), config("dataDir=d", "clientPort=1",
                    "4lw.commands.whitelist=ruok").fourLetterWords());
            assertEquals(Set.of("srvr"), config("dataDir=d", "clientPort=1",
                    "4lw.commands.whitelist=").fourLetterWords());
            assertEquals(Set.of("*"), config("dataDir=d", "clientPort=1",
                    "4lw.commands.whitelist=stat, *").fourLetterWords());
        }
    }

    @Nested
    class Syntax {

        @Test
        void continuedLinesReportTheLineTheyStartOn() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: 4lw.commands.whitelist names \"bogus\", which is not a four-letter "
                            + "word; the words are conf, cons, crst, dirs, dump, envi, gtmk, hash, isro, mntr, ruok, "
                            + "srst, srvr, stat, stmk, wchc, wchp, wchs, or * for all",
                    error("dataDir=d", "clientPort=1", "4lw.commands.whitelist=ruok,\\", "   bogus", "tickTime=x"));
        }

        @Test
        void escapesAndSeparatorsFollowJavaProperties() throws Exception {
            ServerConfig config = config(
                    "   tickTime   =   3000   ",
                    "dataDir : d\\u0061ta",
                    "clientPort 2181",
                    "\t4lw.commands.whitelist=ruok,\\",
                    "    stat,\\",
                    "    conf",
                    "  # indented comment",
                    "! bang comment");
            assertEquals(3000, config.tickTimeMs());
            assertEquals(dir.resolve("data"), config.dataDir());
            assertEquals(2181, config.clientAddress().getPort());
            assertEquals(Set.of("srvr", "ruok", "stat", "conf"), config.fourLetterWords());
        }

        @Test
        void windowsLineEndingsAreLineEndings() throws Exception {
            cfg = dir.resolve("crlf.cfg");
            Files.writeString(cfg, "dataDir=d\r\nclientPort=1\r\ntickTime=abc\r\n");
            ConfigException e = assertThrows(ConfigException.class, () -> ZooCfg.parse(cfg, dir));
            assertEquals(cfg + ":3: tickTime must be a positive integer, got \"abc\"", e.getMessage());
        }
    }

    @Nested
    class Errors {

        @Test
        void nonNumericNumberNamesFileAndLine() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":7: tickTime must be a positive integer, got \"abc\"",
                    error("# Paddock", "", "dataDir=d", "clientPort=2181", "", "# the tick", "tickTime=abc"));
        }

        @Test
        void aSnapSizeLimitThatIsNotANumberNamesTheLine() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: snapSizeLimitInKb must be an integer, got \"4G\"",
                    error("dataDir=d", "clientPort=1", "snapSizeLimitInKb=4G"));
        }

        @Test
        void theFirstBadLineIsTheOneReported() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":2: maxClientCnxns must be a non-negative integer, got \"-3\"",
                    error("dataDir=d", "maxClientCnxns=-3", "tickTime=abc"));
        }

        @Test
        void badPorts() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":2: clientPort must be a port number from 0 to 65535, got \"-1\"",
                    error("dataDir=d", "clientPort=-1"));
            assertEquals(cfg("zoo.cfg") + ":2: clientPort must be a port number from 0 to 65535, got \"65536\"",
                    error("dataDir=d", "clientPort=65536"));
            assertEquals(cfg("zoo.cfg") + ":3: admin.serverPort must be a port number from 0 to 65535, got \"http\"",
                    error("dataDir=d", "clientPort=1", "admin.serverPort=http"));
        }

        @Test
        void badBooleans() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: extendedTypesEnabled must be true or false, got \"yes\"",
                    error("dataDir=d", "clientPort=1", "extendedTypesEnabled=yes"));
            assertEquals(cfg("zoo.cfg") + ":3: admin.enableServer must be true or false, got \"off\"",
                    error("dataDir=d", "clientPort=1", "admin.enableServer=off"));
            assertEquals(cfg("zoo.cfg") + ":1: standaloneEnabled must be true or false, got \"1\"",
                    error("standaloneEnabled=1", "dataDir=d", "clientPort=1"));
        }

        @Test
        void forceSyncIsYesOrNo() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: forceSync must be yes or no, got \"false\"",
                    error("dataDir=d", "clientPort=1", "forceSync=false"));
        }

        @Test
        void otherValueRules() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: jute.maxbuffer must be a positive number of bytes (decimal, or hex "
                    + "as 0xfffff), got \"1M\"", error("dataDir=d", "clientPort=1", "jute.maxbuffer=1M"));
            assertEquals(cfg("zoo.cfg") + ":3: superDigest must look like super:<base64 of the SHA-1 of "
                    + "super:password>", error("dataDir=d", "clientPort=1", "superDigest=nocolon"));
            assertEquals(cfg("zoo.cfg") + ":3: electionAlg must be 3 (fast leader election over TCP, the only one "
                    + "since ZooKeeper 3.6), got \"1\"", error("dataDir=d", "clientPort=1", "electionAlg=1"));
            assertEquals(cfg("zoo.cfg") + ":3: peerType must be participant or observer, got \"leader\"",
                    error("dataDir=d", "clientPort=1", "peerType=leader"));
            assertEquals(cfg("zoo.cfg") + ":3: minSessionTimeout must be a non-negative number of milliseconds "
                    + "(or -1 for the default), got \"-5\"",
                    error("dataDir=d", "clientPort=1", "minSessionTimeout=-5"));
            assertEquals(cfg("zoo.cfg") + ":3: admin.commandURL must be a URL path starting with /, got \"cmds\"",
                    error("dataDir=d", "clientPort=1", "admin.commandURL=cmds"));
            assertEquals(cfg("zoo.cfg") + ":1: dataDir is empty", error("dataDir=", "clientPort=1"));
            assertEquals(cfg("zoo.cfg") + ":3: initLimit must be a positive integer, got \"0\"",
                    error("dataDir=d", "clientPort=1", "initLimit=0"));
        }

        @Test
        void minSessionTimeoutAboveMaxNamesTheLineOfTheKeySet() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: minSessionTimeout 9000 is larger than maxSessionTimeout 5000",
                    error("dataDir=d", "clientPort=1", "minSessionTimeout=9000", "maxSessionTimeout=5000"));
            assertEquals(cfg("zoo.cfg") + ":3: minSessionTimeout 50000 is larger than maxSessionTimeout 40000 "
                    + "(20 * tickTime)", error("dataDir=d", "clientPort=1", "minSessionTimeout=50000"));
            assertEquals(cfg("zoo.cfg") + ":4: minSessionTimeout 4000 (2 * tickTime) is larger than "
                    + "maxSessionTimeout 3000", error("dataDir=d", "clientPort=1", "tickTime=2000",
                    "maxSessionTimeout=3000"));
        }

        @Test
        void requiredKeys() throws Exception {
            assertEquals(cfg("zoo.cfg") + ": dataDir is not set", error("clientPort=2181", "tickTime=2000"));
            assertEquals(cfg("zoo.cfg") + ": clientPort is not set", error("dataDir=d", "tickTime=2000"));
        }

        @Test
        void crossKeyProblemsNameTheOffendingLine() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":2: clientPortAddress is set but clientPort is not",
                    error("dataDir=d", "clientPortAddress=127.0.0.1"));
            assertEquals(cfg("zoo.cfg") + ":3: quorum.auth.serverRequireSasl=true needs quorum.auth.enableSasl=true",
                    error("dataDir=d", "clientPort=1", "quorum.auth.serverRequireSasl=true"));
        }

        @Test
        void missingFile() {
            Path missing = dir.resolve("nope.cfg");
            ConfigException e = assertThrows(ConfigException.class, () -> ZooCfg.parse(missing, dir));
            assertEquals(missing + ": no such file", e.getMessage());
        }

        @Test
        void directoryIsNotAConfig() {
            ConfigException e = assertThrows(ConfigException.class, () -> ZooCfg.parse(dir, dir));
            assertEquals(dir + ": is a directory, not a config file", e.getMessage());
        }

        @Test
        void malformedUnicodeEscape() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":2: malformed \\uXXXX escape",
                    error("dataDir=d", "clientPort=\\uZZZZ"));
        }
    }

    @Nested
    class Servers {

        @Test
        void serverLinesParseIntoQuorumServersInIdOrder() throws Exception {
            ZooCfg.Parsed parsed = parse("dataDir=d", "clientPort=2181", "initLimit=5", "syncLimit=2",
                    "server.3=zoo3.example:2888:3888:observer;2181",
                    "server.1=127.0.0.1:2888:3888",
                    "server.2=[::1]:2889:3889:participant;127.0.0.1:2182");
            List<QuorumServer> servers = parsed.config().servers();
            assertEquals(List.of(1L, 2L, 3L), servers.stream().map(QuorumServer::id).toList());

            QuorumServer one = servers.get(0);
            assertEquals(new InetSocketAddress("127.0.0.1", 2888), one.quorumAddress());
            assertEquals(new InetSocketAddress("127.0.0.1", 3888), one.electionAddress());
            assertEquals("participant", one.role());
            assertEquals(Optional.empty(), one.clientAddress());

            QuorumServer two = servers.get(1);
            assertEquals(new InetSocketAddress("::1", 2889), two.quorumAddress());
            assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 2182)), two.clientAddress());

            QuorumServer three = servers.get(2);
            assertTrue(three.quorumAddress().isUnresolved(), "host names resolve when used, not when parsed");
            assertEquals("zoo3.example", three.quorumAddress().getHostString());
            assertEquals(3888, three.electionAddress().getPort());
            assertEquals("observer", three.role());
            assertEquals(Optional.of(new InetSocketAddress(2181)), three.clientAddress());
            assertFalse(parsed.config().others().keySet().stream().anyMatch(k -> k.startsWith("server.")));
        }

        @Test
        void myIdIsReadFromDataDir() throws Exception {
            write("d/myid", "2");
            ServerConfig config = config("dataDir=d", "initLimit=5", "syncLimit=2",
                    "server.1=127.0.0.1:2888:3888;2181",
                    "server.2=127.0.0.1:2889:3889;127.0.0.1:2182");
            assertEquals(2, config.myId());
            assertEquals(new InetSocketAddress("127.0.0.1", 2182), config.clientAddress(),
                    "without clientPort, the client address of this server's line is used");
        }

        @Test
        void clientPortMustAgreeWithThisServersLine() throws Exception {
            write("d/myid", "1");
            assertEquals(cfg("zoo.cfg") + ":2: clientPort/clientPortAddress give 0.0.0.0:2181 but server.1 gives "
                            + "0.0.0.0:2182",
                    error("dataDir=d", "clientPort=2181", "server.1=127.0.0.1:2888:3888;2182",
                            "server.2=127.0.0.1:2889:3889"));
        }

        @Test
        void badMyId() throws Exception {
            write("d/myid", "one");
            assertEquals(dir.resolve("d/myid") + ":1: myid must hold this server's id, a number from 1 to 255, "
                    + "got \"one\"", error("dataDir=d", "clientPort=1"));
            write("d/myid", "");
            assertEquals(dir.resolve("d/myid") + ":1: myid must hold this server's id, a number from 1 to 255, "
                    + "got \"\"", error("dataDir=d", "clientPort=1"));
            write("d/myid", " 7 ", "ignored");
            assertEquals(7, config("dataDir=d", "clientPort=1").myId());
        }

        @Test
        void malformedServerLines() throws Exception {
            String form = "host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]";
            assertEquals(cfg("zoo.cfg") + ":3: server.1 must look like " + form + ", got \"zoo1:2888\"",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:2888"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 must look like " + form + ", got \"zoo1:1:2:3:4\"",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:1:2:3:4"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 must look like " + form + ", got \":2888:3888\"",
                    error("dataDir=d", "clientPort=1", "server.1=:2888:3888"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 must look like " + form + ", got \"a:1:2;b:3;4\"",
                    error("dataDir=d", "clientPort=1", "server.1=a:1:2;b:3;4"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 has quorum port \"x\"; a port is a number from 1 to 65535",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:x:3888"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 has election port \"0\"; a port is a number from 1 to 65535",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:2888:0"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 has client port \"abc\"; a port is a number from 1 to 65535",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:2888:3888;abc"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 has role \"leader\"; the role must be participant or observer",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:2888:3888:leader"));
            assertEquals(cfg("zoo.cfg") + ":3: server.1 uses port 2888 for both quorum and election; they must differ",
                    error("dataDir=d", "clientPort=1", "server.1=zoo1:2888:2888"));
            assertEquals(cfg("zoo.cfg") + ":3: the id in server.N must be a number from 1 to 255, got \"server.x\"",
                    error("dataDir=d", "clientPort=1", "server.x=zoo1:2888:3888"));
            assertEquals(cfg("zoo.cfg") + ":3: the id in server.N must be a number from 1 to 255, got \"server.256\"",
                    error("dataDir=d", "clientPort=1", "server.256=zoo1:2888:3888"));
            assertEquals(cfg("zoo.cfg") + ":4: server id 1 is already used on line 3",
                    error("dataDir=d", "clientPort=1", "server.1=a:1:2", "server.01=b:1:2"));
            assertEquals(cfg("zoo.cfg") + ":3: group.1 must be server ids separated by ':', got \"1:x\"",
                    error("dataDir=d", "clientPort=1", "group.1=1:x"));
        }

        @Test
        void severalAddressesNeedMultiAddressEnabled() throws Exception {
            assertEquals(cfg("zoo.cfg") + ":3: server.1 lists 2 addresses separated by '|' but multiAddress.enabled "
                    + "is not true", error("dataDir=d", "clientPort=1", "server.1=a:1:2|b:1:2", "server.2=c:1:2"));
            ZooCfg.Parsed parsed = parse("dataDir=d", "clientPort=1", "multiAddress.enabled=true",
                    "server.1=a:1:2|b:1:2", "server.2=c:1:2");
            assertEquals("a", parsed.config().servers().get(0).quorumAddress().getHostString());
            assertEquals(List.of(cfg + ":4: server.1 lists 2 addresses; Paddock uses only the first, a:1:2"),
                    parsed.warnings());
        }

        @Test
        void membershipShape() throws Exception {
            assertEquals(cfg("zoo.cfg") + ": names observers but no participant",
                    error("dataDir=d", "clientPort=1", "server.1=a:1:2:observer"));
            assertEquals(cfg("zoo.cfg") + ": names observers but only one participant; observers need a quorum "
                    + "(or standaloneEnabled=false)", error("dataDir=d", "clientPort=1", "server.1=a:1:2",
                    "server.2=b:1:2:observer"));
            ZooCfg.Parsed one = parse("dataDir=d", "clientPort=1", "server.1=a:1:2");
            assertEquals(List.of(cfg + ": only one server is named, so it runs standalone, as ZooKeeper does"),
                    one.warnings());
        }

        @Test
        void dynamicConfigFileHoldsTheMembership() throws Exception {
            Path dynamic = write("zoo.cfg.dynamic.100000000", "server.1=127.0.0.1:2888:3888;2181",
                    "server.2=127.0.0.1:2889:3889;2182", "version=100000000");
            write("d/myid", "1");
            ServerConfig config = config("dataDir=d", "initLimit=5", "syncLimit=2",
                    "dynamicConfigFile=zoo.cfg.dynamic.100000000");
            assertEquals(2, config.servers().size());
            assertEquals(2181, config.clientAddress().getPort());

            assertEquals(cfg("zoo.cfg") + ":2: server.1 belongs in the dynamic config file, because "
                    + "dynamicConfigFile is set on line 1", error("dynamicConfigFile=" + dynamic,
                    "server.1=127.0.0.1:2888:3888", "dataDir=d"));

            write("zoo.cfg.dynamic.100000000", "server.1=127.0.0.1:2888:3888;2181", "tickTime=3");
            assertEquals(dynamic + ":2: a dynamic config file holds only server.N, group.N, weight.N and version, "
                    + "got \"tickTime\"", error("dataDir=d", "dynamicConfigFile=" + dynamic));

            write("zoo.cfg.dynamic.100000000", "server.1=127.0.0.1:2888");
            assertTrue(error("dataDir=d", "dynamicConfigFile=" + dynamic)
                    .startsWith(dynamic + ":1: server.1 must look like"));
        }
    }

    private Path cfg(String name) {
        return dir.resolve(name);
    }
}
