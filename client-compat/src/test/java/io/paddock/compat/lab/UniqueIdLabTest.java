package io.paddock.compat.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lab/uid.py: holders that take an id, hold it a while and give it back, as real processes, some
 * killed while they hold one. The observer checks that no id is ever held by two live holders, that the id of a
 * killed holder comes back (once its session has expired, not before), and that the whole range 1..1024 can be
 * taken, after which the next holder waits.
 */
class UniqueIdLabTest {
    private static final String SCRIPT = "uid.py";
    /** A killed holder's session cannot expire sooner than this after the kill (its last ping was at most 2/3 of
     * the session timeout earlier). */
    private static final double EXPIRY_AFTER_KILL_MIN_S = 1.0;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void kazoo() {
        Lab.requireKazoo();
    }

    @Test
    void neverTwoHoldersOfOneIdAndTheIdsOfTheDeadComeBack() throws Exception {
        try (Lab lab = Lab.start("unique ids, churn", dataDir)) {
            String root = "/lab/ids";
            int maxId = 5;
            int holders = 7;
            int kills = Lab.LONG ? 12 : 3;
            int names = 0;
            for (; names < holders; names++) {
                holder(lab, root, names, maxId);
            }
            List<Kill> killed = new ArrayList<>();
            // Bounded: holders that never hold an id would otherwise keep this loop, and the build, waiting.
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (killed.size() < kills) {
                assertTrue(System.nanoTime() < deadlineNs, "only " + killed.size() + " of " + kills
                        + " holders killed while holding an id within 120 s (seed " + lab.seed() + ")");
                LabProcess.sleepMs(lab.randomMs(300, 900));
                List<LabProcess> holding = lab.alive().stream().filter(p -> heldId(p).isPresent()).toList();
                if (holding.isEmpty()) {
                    continue;
                }
                LabProcess victim = holding.get(lab.random().nextInt(holding.size()));
                int id = heldId(victim).orElseThrow();
                double atS = victim.kill();
                if (heldId(victim).isPresent()) {
                    killed.add(new Kill(victim.name(), id, atS));
                }
                holder(lab, root, names++, maxId);
            }
            // Long enough for the last victim's session to expire and its id to come back.
            LabProcess.sleepMs(Lab.SESSION_TIMEOUT_MS + 1_500);
            lab.stopAll();
            assertTrue(lab.children(root + "/ids").isEmpty(), "ids still taken after everyone left");
            checkNoTwoHolders(lab, maxId);
            List<String> backAfterMs = new ArrayList<>();
            for (Kill kill : killed) {
                LabLine back = lab.allLines().stream()
                        .filter(l -> l.is("ACQUIRED") && l.timeS() > kill.atS()
                                && Integer.parseInt(l.field("uid")) == kill.id())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the id of a dead holder never came back: " + kill));
                double afterS = back.timeS() - kill.atS();
                assertTrue(afterS >= EXPIRY_AFTER_KILL_MIN_S,
                        "the id of " + kill + " came back before its session could have expired: " + back);
                backAfterMs.add(String.format(Locale.ROOT, "%.0f", afterS * 1000));
            }
            long acquisitions = lab.allLines().stream().filter(l -> l.is("ACQUIRED")).count();
            lab.report(String.format(Locale.ROOT, "unique ids: %d acquisitions of ids 1..%d by %d holders, never two "
                            + "holders at once; %d holders killed, their ids back after %s ms (session timeout %d ms)",
                    acquisitions, maxId, names, killed.size(), String.join(", ", backAfterMs),
                    Lab.SESSION_TIMEOUT_MS));
            lab.checkClocks();
        }
    }

    @Test
    void everyIdFrom1To1024ThenTheNextHolderWaitsForOneToBeFreed() throws Exception {
        try (Lab lab = Lab.start("unique ids, full range", dataDir)) {
            String root = "/lab/ids-all";
            LabProcess all = lab.spawn("all", SCRIPT, root, "--count", "1024");
            lab.await(() -> all.count("ACQUIRED") == 1024, Duration.ofSeconds(60), "1024 ids");
            Set<Integer> ids = all.lines().stream().filter(l -> l.is("ACQUIRED"))
                    .map(l -> Integer.parseInt(l.field("uid"))).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(IntStream.rangeClosed(1, 1024).boxed().collect(Collectors.toSet()), ids);
            assertEquals(1024, lab.children(root + "/ids").size());

            LabProcess next = lab.spawn("next", SCRIPT, root);
            next.await("WAITING", Lab.STEP_TIMEOUT);
            double killedAtS = all.kill();
            LabLine got = next.await("ACQUIRED", Lab.STEP_TIMEOUT);
            assertEquals("1", got.field("uid"));
            double afterS = got.timeS() - killedAtS;
            assertTrue(afterS >= EXPIRY_AFTER_KILL_MIN_S, "an id came back before the holder's session expired");
            next.stop();
            double takeAllS = all.last("ACQUIRED").orElseThrow().timeS() - all.timeOf("CONNECTED").orElseThrow();
            lab.report(String.format(Locale.ROOT, "unique ids: all 1024 taken in %.0f ms, a 1025th holder waited; "
                    + "after the SIGKILL of the holder it got id 1 in %.0f ms", takeAllS * 1000, afterS * 1000));
            lab.checkClocks();
        }
    }

    private record Kill(String holder, int id, double atS) {
    }

    private static LabProcess holder(Lab lab, String root, int n, int maxId) {
        return lab.spawn("h" + n, SCRIPT, root, "--max-id", Integer.toString(maxId), "--hold", "0.1-0.5",
                "--rounds", "0");
    }

    /** The id a holder holds now by its own account: its last ACQUIRED / RELEASED line is ACQUIRED. */
    private static Optional<Integer> heldId(LabProcess p) {
        Optional<LabLine> last = p.lines().stream().filter(l -> l.is("ACQUIRED") || l.is("RELEASED"))
                .reduce((a, b) -> b);
        return last.filter(l -> l.is("ACQUIRED")).map(l -> Integer.parseInt(l.field("uid")));
    }

    /** Holding intervals (ACQUIRED to RELEASED, or to the holder's death) of one id never overlap. */
    private static void checkNoTwoHolders(Lab lab, int maxId) {
        record Hold(String holder, double fromS, double toS) {
        }
        Map<Integer, List<Hold>> byId = new HashMap<>();
        for (LabProcess p : lab.processes()) {
            Map<Integer, Double> open = new HashMap<>();
            for (LabLine line : p.lines()) {
                if (line.is("ACQUIRED")) {
                    int id = Integer.parseInt(line.field("uid"));
                    assertTrue(id >= 1 && id <= maxId, "id out of range: " + line);
                    assertTrue(open.put(id, line.timeS()) == null, "acquired twice without release: " + line);
                } else if (line.is("RELEASED")) {
                    int id = Integer.parseInt(line.field("uid"));
                    Double fromS = open.remove(id);
                    assertTrue(fromS != null, "released what it did not hold: " + line);
                    byId.computeIfAbsent(id, i -> new ArrayList<>()).add(new Hold(p.name(), fromS, line.timeS()));
                }
            }
            open.forEach((id, fromS) -> byId.computeIfAbsent(id, i -> new ArrayList<>())
                    .add(new Hold(p.name(), fromS, Double.isNaN(p.endS()) ? Double.MAX_VALUE : p.endS())));
        }
        byId.forEach((id, holds) -> {
            for (Hold a : holds) {
                for (Hold b : holds) {
                    if (a != b && a.fromS() < b.toS() && b.fromS() < a.toS()) {
                        throw new AssertionError("id " + id + " held twice at once: " + a + " and " + b);
                    }
                }
            }
        });
    }
}
