package io.paddock.bench.cli;

/** The text of --help. */
final class Usage {
    private Usage() {
    }

    static final String TEXT = """
            Usage: paddock-bench <mode> [flags]

            Load generator on the stock ZooKeeper Java client (async API), and a side-by-side comparison of
            Paddock with Apache ZooKeeper 3.9.5 on this machine, in the same run. Each server runs as its own
            JVM (same JVM flags, same forceSync, own temp dataDir, free loopback port), so CPU (/proc/<pid>/stat)
            and RSS are per server. The bench client shares the machine's cores with the server under test.

            Modes:
              side-by-side  every workload point on both servers alternately (A B A B ...) for --rounds rounds;
                            medians and the ratio Paddock/ZooKeeper of throughput, p99, server CPU per op, RSS
              memory        RSS and live heap with --znodes znodes of --value-size bytes, then restart time
                            (process start to serving) on the same data, for both servers
              all           side-by-side, then memory, in one report
              smoke         a ~10 s side-by-side of every workload plus a 2,000-znode memory run (what CI runs)
              load          the workloads against one running server at --connect (no comparison)

            Output (in --out): report.md (Markdown table), report.json (every run), throughput-vs-reads.png
            (throughput against read share, both servers), logs/ (the servers' logs). The Markdown table is also
            printed at the end. A progress line runs on stderr.

            Flags (defaults in brackets):
              --duration D          measured time per run [20s]          (D: 500ms, 20s, 2m)
              --warmup D            load before measuring each run [5s]
              --rounds N            rounds per workload point [3]
              --workloads LIST      of rw,churn-seq,churn-eph,fanout,connect,large,multi [all]
                  rw         getData/setData on random keys, one point per --reads value
                  churn-seq  create (persistent sequential) and delete, alternately
                  churn-eph  create (ephemeral) and delete, alternately
                  fanout     one setData, --fanout sessions watching; a request is one notification
                  connect    one whole session per request: open, wait for it, close (sessions per second)
                  large      rw with 50% reads of --large-value-size values on 16 keys
                  multi      a multi of --multi-ops setData per request
              --reads LIST          read percentages of rw [0,50,90,100]
              --sessions N          client sessions [8]
              --in-flight N         closed loop: requests outstanding per session [32]
              --rate R              paced open loop instead: R requests/s in total, latency measured from each
                                    request's intended send time (no coordinated omission) [off]
              --value-size B        value bytes of rw, churn, multi and memory [100]
              --keys N              keys of rw and multi [10000]
              --large-value-size B  value bytes of large, at most 1000000 [1000000]
              --large-in-flight N   outstanding large requests per session [2]
              --fanout K            watchers of fanout [64]
              --multi-ops N         setData per multi [8]
              --znodes LIST         memory sizes [100k,1M]
              --heap SIZE           -Xmx of both servers [2g]
              --jvm-flags "FLAGS"   more JVM flags for both servers [none; -XX:+UseG1GC is always given]
              --force-sync yes|no   zoo.cfg forceSync of both servers [yes]
              --servers LIST        paddock,zookeeper [both]
              --out DIR             output directory [bench-results; smoke: bench-results/smoke]
              --connect HOST:PORT   load mode: the server to drive [127.0.0.1:2181]
              --client-socket S     netty or nio: the stock client's socket (zookeeper.clientCnxnSocket)
                                    [netty]; nio spends several syscalls per request, which on a small
                                    machine takes CPU from the server under test
              --paddock-classpath CP  run Paddock from CP instead of server/target/classes:server/target/lib/*
                                    (e.g. a copy taken while nobody rebuilds the work tree)
              --help                this text

            Examples:
              bin/paddock-bench side-by-side --duration 30s --rounds 3 --out bench-results/
              bin/paddock-bench side-by-side --workloads rw --reads 0,25,50,75,90,100 --rate 20000
              bin/paddock-bench memory --znodes 100k,1M --heap 3g
              bin/paddock-bench load --connect 127.0.0.1:2181 --workloads rw --reads 90 --duration 60s

            Build first: mvn -B -DskipTests package (at the repo root). Targets of issue 4 are reported in the
            Markdown and JSON, never asserted.
            """;
}
