package io.paddock.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start one server process: the same JVM flags and forceSync for both kinds, each its own class path
 * and main class.
 *
 * @param classpath  a java -cp value; {@code dir/*} wildcards are expanded by the java launcher
 * @param jvmFlags   heap and GC flags, identical for Paddock and ZooKeeper in one run
 * @param forceSync  zoo.cfg's forceSync (Paddock reads it; it acts on it once it has a disk log)
 */
public record ServerSetup(ServerKind kind, Path javaBin, String classpath, String mainClass, List<String> jvmFlags,
                          boolean forceSync) {

    public static final String PADDOCK_MAIN = "io.paddock.server.main.ServerMain";
    public static final String ZOOKEEPER_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain";

    public ServerSetup {
        Objects.requireNonNull(kind);
        jvmFlags = List.copyOf(jvmFlags);
    }

    /** Paddock from a built work tree: what bin/zkServer.sh runs. */
    public static ServerSetup paddock(Path repo, Path javaBin, List<String> jvmFlags, boolean forceSync) {
        Path server = repo.resolve("server/target");
        String classpath = server.resolve("classes") + java.io.File.pathSeparator + server.resolve("lib") + "/*";
        return new ServerSetup(ServerKind.PADDOCK, javaBin, classpath, PADDOCK_MAIN, jvmFlags, forceSync);
    }

    /** Apache ZooKeeper 3.9 from the jars the bench build copies out of Maven Central. */
    public static ServerSetup zookeeper(Path zookeeperLib, Path javaBin, List<String> jvmFlags, boolean forceSync) {
        return new ServerSetup(ServerKind.ZOOKEEPER, javaBin, zookeeperLib + "/*", ZOOKEEPER_MAIN, jvmFlags,
                forceSync);
    }

    /** The directories the class path names; the launcher checks they exist before starting anything. */
    public List<Path> classpathDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            dirs.add(Path.of(entry.endsWith("/*") ? entry.substring(0, entry.length() - 2) : entry));
        }
        return dirs;
    }

    List<String> command(Path cfgFile) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add(cfgFile.toString());
        return command;
    }

    /** The zoo.cfg both servers get: loopback only, no connection cap, every four-letter word, no admin HTTP. */
    String zooCfg(Path dataDir, int clientPort) {
        return String.join("\n",
                "# written by paddock-bench for " + kind.displayName(),
                "tickTime=2000",
                "dataDir=" + dataDir,
                "clientPort=" + clientPort,
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                "4lw.commands.whitelist=*",
                "admin.enableServer=false",
                "forceSync=" + (forceSync ? "yes" : "no"),
                "");
    }
}
