package io.paddock.compat.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lab/LE.py, several candidates as real processes, the leader killed again and again. The observer reads
 * the candidates' lines and the server's watch table and checks the lab's three answers:
 * <ul>
 *   <li>never two leaders at once, and a new one after every kill or exit (with the takeover time);</li>
 *   <li>no herd: each change wakes at most one candidate, and no znode is watched by more than one candidate;</li>
 *   <li>no polling: with nothing changing, no candidate reads anything;</li>
 * </ul>
 * and that a leader cut off from the server stops leading before anybody else starts.
 */
class LeaderElectionLabTest {
    private static final String SCRIPT = "LE.py";
    private static final String HEARTBEAT_S = "0.25";
    /** A crashed leader's session cannot expire sooner than this after its last ping (2/3 of the timeout later). */
    private static final double KILL_TAKEOVER_MIN_S = 1.0;
    private static final double KILL_TAKEOVER_MAX_S = Lab.SESSION_TIMEOUT_MS / 1000.0 + 3.0;
    private static final double EXIT_TAKEOVER_MAX_S = 1.0;

    private enum Action { KILL_LEADER, STOP_LEADER, KILL_FOLLOWER }

    @TempDir
    Path dataDir;

    @BeforeAll
    static void kazoo() {
        Lab.requireKazoo();
    }

    @Test
    void oneLeaderAtATimeAndFastTakeoverAfterEveryKill() throws Exception {
        try (Lab lab = Lab.start("leader election, kills", dataDir)) {
            String root = "/lab/election";
            int candidates = Lab.LONG ? 5 : 4;
            int next = 0;
            for (; next < candidates; next++) {
                candidate(lab, root, next);
            }
            awaitQuiescent(lab, root);
            List<Action> actions = actions(lab);
            Map<Action, List<Double>> takeoversS = new HashMap<>();
            for (Action action : actions) {
                LabProcess.sleepMs(lab.randomMs(0, 400));
                Round round = act(lab, action);
                round.takeoverS().ifPresent(s -> takeoversS.computeIfAbsent(action, a -> new ArrayList<>()).add(s));
                candidate(lab, root, next++);
                awaitQuiescent(lab, root);
                checkOneWokenAtMost(lab, round);
            }
            assertNoPolling(lab, Duration.ofMillis(Lab.LONG ? 3_000 : 1_500));
            checkLeadership(lab);
            lab.checkClocks();
            reportTakeovers(lab, takeoversS);
            for (double s : takeoversS.getOrDefault(Action.KILL_LEADER, List.of())) {
                assertTrue(s >= KILL_TAKEOVER_MIN_S && s <= KILL_TAKEOVER_MAX_S,
                        "takeover after SIGKILL " + s + " s, expected about one session timeout");
            }
            for (double s : takeoversS.getOrDefault(Action.STOP_LEADER, List.of())) {
                assertTrue(s <= EXIT_TAKEOVER_MAX_S, "takeover after a clean exit took " + s + " s");
            }
        }
    }

    @Test
    void aLeaderCutOffFromTheServerStopsLeadingBeforeAnotherStarts() throws Exception {
        try (Lab lab = Lab.start("leader election, partition", dataDir);
             FreezableProxy proxy = new FreezableProxy(lab.clientPort())) {
            String root = "/lab/election-partition";
            LabProcess cutOff = lab.spawnVia(proxy.connectString(), "a", SCRIPT, root, "--heartbeat", HEARTBEAT_S);
            cutOff.await("LEADER", Lab.STEP_TIMEOUT);
            candidate(lab, root, 1);
            candidate(lab, root, 2);
            awaitQuiescent(lab, root);

            double frozenAtS = Lab.nowS();
            proxy.freeze();
            LabLine stepDown = cutOff.await(l -> l.is("NOT_LEADER") && l.timeS() > frozenAtS, Lab.STEP_TIMEOUT,
                    "NOT_LEADER after the partition");
            LabLine successor = awaitNewLeader(lab, cutOff, frozenAtS);
            proxy.thaw();
            LabLine lost = cutOff.await(l -> l.is("SESSION_LOST") && l.timeS() > frozenAtS, Lab.STEP_TIMEOUT,
                    "SESSION_LOST after the partition heals");
            cutOff.await(l -> l.is("FOLLOWER") && l.timeS() > lost.timeS(), Lab.STEP_TIMEOUT,
                    "rejoining as a follower");

            assertEquals("suspended", stepDown.field("reason"));
            assertTrue(stepDown.timeS() < successor.timeS(), "the cut-off leader stepped down at "
                    + stepDown + " but " + successor + " came first");
            double detectS = stepDown.timeS() - frozenAtS;
            assertTrue(detectS <= Lab.SESSION_TIMEOUT_MS / 1000.0, "stepping down took " + detectS + " s");
            checkLeadership(lab);
            lab.checkClocks();
            lab.report(String.format(Locale.ROOT, "partitioned leader stepped down %.0f ms after the cut; "
                            + "the next leader started %.0f ms after that (%.0f ms after the cut)",
                    detectS * 1000, (successor.timeS() - stepDown.timeS()) * 1000,
                    (successor.timeS() - frozenAtS) * 1000));
        }
    }

    // --- the scenario ---------------------------------------------------------------------------------------

    private record Round(Action action, String victimNode, double endS, Optional<Double> takeoverS) {
    }

    private static LabProcess candidate(Lab lab, String root, int n) {
        return lab.spawn("c" + n, SCRIPT, root, "--heartbeat", HEARTBEAT_S);
    }

    private static List<Action> actions(Lab lab) {
        List<Action> actions = new ArrayList<>();
        if (Lab.LONG) {
            Action[] all = Action.values();
            for (int i = 0; i < 24; i++) {
                actions.add(all[lab.random().nextInt(all.length)]);
            }
        } else {
            actions.addAll(List.of(Action.KILL_LEADER, Action.KILL_LEADER, Action.KILL_LEADER,
                    Action.STOP_LEADER, Action.STOP_LEADER, Action.KILL_FOLLOWER));
            Collections.shuffle(actions, lab.random());
        }
        return actions;
    }

    private static Round act(Lab lab, Action action) {
        LabProcess leader = currentLeader(lab).orElseThrow();
        if (action == Action.KILL_FOLLOWER) {
            List<LabProcess> followers = lab.alive().stream().filter(p -> p != leader).toList();
            LabProcess victim = followers.get(lab.random().nextInt(followers.size()));
            String node = victim.last("FOLLOWER").orElseThrow().field("node");
            return new Round(action, node, victim.kill(), Optional.empty());
        }
        String node = leader.last("LEADER").orElseThrow().field("node");
        double endS = action == Action.KILL_LEADER ? leader.kill() : leader.stop();
        LabLine next = awaitNewLeader(lab, leader, endS);
        return new Round(action, node, endS, Optional.of(next.timeS() - endS));
    }

    private static LabLine awaitNewLeader(Lab lab, LabProcess old, double afterS) {
        lab.await(() -> newLeader(lab, old, afterS).isPresent(), Lab.STEP_TIMEOUT, "a new leader");
        return newLeader(lab, old, afterS).orElseThrow();
    }

    private static Optional<LabLine> newLeader(Lab lab, LabProcess old, double afterS) {
        return lab.processes().stream().filter(p -> p != old)
                .flatMap(p -> p.lines().stream())
                .filter(l -> l.is("LEADER") && l.timeS() > afterS)
                .findFirst();
    }

    /** The live process whose last LEADER / NOT_LEADER line is LEADER. */
    private static Optional<LabProcess> currentLeader(Lab lab) {
        return lab.alive().stream().filter(LeaderElectionLabTest::leading).findFirst();
    }

    private static boolean leading(LabProcess p) {
        Optional<LabLine> last = p.lines().stream().filter(l -> l.is("LEADER") || l.is("NOT_LEADER"))
                .reduce((a, b) -> b);
        return last.isPresent() && last.get().is("LEADER");
    }

    /** One leader, every other candidate blocked on its predecessor's watch, and the server agrees. */
    private static void awaitQuiescent(Lab lab, String root) throws Exception {
        lab.await(() -> quiescent(lab, root), Lab.STEP_TIMEOUT, "one leader and all others following");
        checkWatches(lab, root);
    }

    private static boolean quiescent(Lab lab, String root) {
        List<LabProcess> alive = lab.alive();
        if (alive.stream().filter(LeaderElectionLabTest::leading).count() != 1) {
            return false;
        }
        Set<String> watched = new HashSet<>();
        Set<String> liveNodes = new HashSet<>();
        for (LabProcess p : alive) {
            if (leading(p)) {
                liveNodes.add(p.last("LEADER").orElseThrow().field("node"));
                continue;
            }
            Optional<LabLine> last = p.lines().stream().filter(l -> !l.is("LEADING")).reduce((a, b) -> b);
            if (last.isEmpty() || !last.get().is("FOLLOWER")) {
                return false;
            }
            watched.add(last.get().field("watching"));
            liveNodes.add(last.get().field("node"));
        }
        // Each follower watches a different live candidate: none still waits for a dead one's session to end.
        return watched.size() == alive.size() - 1 && liveNodes.containsAll(watched)
                && lab.children(root).containsAll(liveNodes);
    }

    /** wchp: no candidate znode is watched by more than one session besides its owner's (no herd). */
    private static void checkWatches(Lab lab, String root) throws Exception {
        Map<String, Set<String>> watchers = parseWchp(lab.fourLetterWord("wchp"));
        int watchedByOthers = 0;
        for (Map.Entry<String, Set<String>> e : watchers.entrySet()) {
            if (!e.getKey().startsWith(root + "/")) {
                continue;
            }
            Set<String> others = new HashSet<>(e.getValue());
            try {
                Stat stat = lab.zk().exists(e.getKey(), false);
                if (stat != null) {
                    others.remove("0x" + Long.toHexString(stat.getEphemeralOwner()));
                }
            } catch (KeeperException ke) {
                throw new AssertionError(ke);
            }
            assertTrue(others.size() <= 1, "herd: " + e.getKey() + " watched by " + e.getValue());
            watchedByOthers += others.size();
        }
        assertEquals(lab.alive().size() - 1, watchedByOthers,
                "each follower should watch exactly one predecessor; wchp:\n" + watchers);
    }

    static Map<String, Set<String>> parseWchp(String text) {
        Map<String, Set<String>> byPath = new HashMap<>();
        String path = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("\t")) {
                byPath.computeIfAbsent(path, p -> new HashSet<>()).add(line.trim().toLowerCase(Locale.ROOT));
            } else {
                path = line.trim();
            }
        }
        return byPath;
    }

    /** After a candidate goes, only its successor (if any) may wake up: WOKE lines between then and now. */
    private static void checkOneWokenAtMost(Lab lab, Round round) {
        List<LabLine> woken = lab.allLines().stream()
                .filter(l -> l.is("WOKE") && l.timeS() > round.endS())
                .toList();
        assertTrue(woken.size() <= 1, "herd after " + round + ": " + woken);
        for (LabLine w : woken) {
            assertTrue(w.field("path").endsWith("/" + round.victimNode()),
                    "woken by something else than the departed candidate: " + w + " after " + round);
        }
    }

    /** With nothing changing, candidates only print LEADING (a timer); any read would print CHECK. */
    private static void assertNoPolling(Lab lab, Duration quiet) {
        for (int attempt = 1; ; attempt++) {
            double fromS = Lab.nowS();
            LabProcess.sleepMs(quiet.toMillis());
            List<LabLine> activity = lab.allLines().stream()
                    .filter(l -> l.timeS() > fromS && !l.is("LEADING"))
                    .toList();
            if (activity.isEmpty()) {
                return;
            }
            // A connection hiccup on a loaded machine is a change; reads after it are not polling. Look again.
            boolean connectionChanged = activity.stream()
                    .anyMatch(l -> l.is("SUSPENDED") || l.is("RECONNECTED") || l.is("SESSION_LOST"));
            if (!connectionChanged || attempt == 3) {
                throw new AssertionError("candidates were busy while nothing changed: " + activity);
            }
        }
    }

    /**
     * Leadership intervals never overlap: LEADER opens one, NOT_LEADER or the test's kill closes it, and every
     * LEADING line lies inside one of its own process's intervals.
     */
    private static void checkLeadership(Lab lab) {
        record Interval(String process, double fromS, double toS) {
        }
        List<Interval> intervals = new ArrayList<>();
        for (LabProcess p : lab.processes()) {
            Double openS = null;
            List<Interval> own = new ArrayList<>();
            for (LabLine line : p.lines()) {
                if (line.is("LEADER")) {
                    assertTrue(openS == null, p.name() + " became leader twice: " + line);
                    openS = line.timeS();
                } else if (line.is("NOT_LEADER") && openS != null) {
                    own.add(new Interval(p.name(), openS, line.timeS()));
                    openS = null;
                }
            }
            if (openS != null) {
                own.add(new Interval(p.name(), openS, p.isAlive() ? Double.MAX_VALUE : p.endS()));
            }
            for (LabLine line : p.lines()) {
                if (line.is("LEADING")) {
                    assertTrue(own.stream().anyMatch(i -> i.fromS() <= line.timeS() && line.timeS() <= i.toS()),
                            p.name() + " acted as leader outside its leadership: " + line);
                }
            }
            intervals.addAll(own);
        }
        for (Interval a : intervals) {
            for (Interval b : intervals) {
                if (!a.process().equals(b.process()) && a.fromS() < b.toS() && b.fromS() < a.toS()) {
                    throw new AssertionError("two leaders at once: " + a + " and " + b + "\n" + lab.describeAll());
                }
            }
        }
        assertTrue(intervals.size() >= 1, "nobody ever led");
    }

    private static void reportTakeovers(Lab lab, Map<Action, List<Double>> takeoversS) {
        for (Map.Entry<Action, List<Double>> e : takeoversS.entrySet()) {
            List<Double> sorted = new ArrayList<>(e.getValue());
            Collections.sort(sorted);
            String all = String.join(", ", sorted.stream()
                    .map(s -> String.format(Locale.ROOT, "%.0f", s * 1000)).toList());
            lab.report(String.format(Locale.ROOT, "takeover after %s (session timeout %d ms): "
                            + "min %.0f ms, median %.0f ms, max %.0f ms; all: %s",
                    e.getKey() == Action.KILL_LEADER ? "SIGKILL of the leader" : "clean exit of the leader",
                    Lab.SESSION_TIMEOUT_MS, sorted.get(0) * 1000, sorted.get(sorted.size() / 2) * 1000,
                    sorted.get(sorted.size() - 1) * 1000, all));
        }
    }
}
