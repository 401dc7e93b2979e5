package io.paddock.compat.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lab/barrier.py and double_barrier.py as real processes, one participant killed while waiting. The
 * observer checks that nobody passes a barrier before it is released, that everybody passes when it is, and that
 * double-barrier participants enter only once N live participants have arrived and leave only once all have
 * started to leave.
 */
class BarrierLabTest {

    @TempDir
    Path dataDir;

    @BeforeAll
    static void kazoo() {
        Lab.requireKazoo();
    }

    @Test
    void nobodyPassesUntilTheBarrierIsReleasedThenEverybodyDoes() throws Exception {
        try (Lab lab = Lab.start("barrier", dataDir)) {
            String root = "/lab/barrier";
            String script = "barrier.py";
            assertEquals(0, lab.spawn("raiser", script, root, "raise").awaitExit(Lab.STEP_TIMEOUT));
            int waiters = Lab.LONG ? 8 : 4;
            List<LabProcess> waiting = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                waiting.add(lab.spawn("w" + i, script, root, "wait"));
            }
            for (LabProcess w : waiting) {
                w.await("WAITING", Lab.STEP_TIMEOUT);
            }
            LabProcess victim = waiting.remove(lab.random().nextInt(waiting.size()));
            victim.kill();
            LabProcess.sleepMs(300);
            assertTrue(lab.allLines().stream().noneMatch(l -> l.is("PASSED")), "passed a raised barrier");
            // No polling: a waiter says WAITING and then nothing until the barrier goes.
            for (LabProcess w : waiting) {
                assertEquals(List.of("CONNECTED", "WAITING"), w.lines().stream().map(LabLine::event).toList());
            }
            LabProcess releaser = lab.spawn("releaser", script, root, "release");
            assertEquals(0, releaser.awaitExit(Lab.STEP_TIMEOUT));
            double releasedS = releaser.last("RELEASE").orElseThrow().timeS();
            double lastPassS = releasedS;
            for (LabProcess w : waiting) {
                assertEquals(0, w.awaitExit(Lab.STEP_TIMEOUT), w.describe());
                double passedS = w.last("PASSED").orElseThrow().timeS();
                assertTrue(passedS >= releasedS, w.name() + " passed before the release");
                lastPassS = Math.max(lastPassS, passedS);
            }
            LabProcess late = lab.spawn("late", script, root, "wait");
            assertEquals(0, late.awaitExit(Lab.STEP_TIMEOUT));
            assertTrue(late.last("PASSED").isPresent(), "a waiter after the release should pass at once");
            lab.report(String.format(Locale.ROOT, "barrier: %d waiters (1 killed while waiting) all passed within "
                    + "%.0f ms of the release", waiting.size(), (lastPassS - releasedS) * 1000));
            lab.checkClocks();
        }
    }

    @Test
    void doubleBarrierEntersWithNLiveParticipantsAndLeavesTogether() throws Exception {
        try (Lab lab = Lab.start("double barrier", dataDir)) {
            String root = "/lab/double-barrier";
            int n = Lab.LONG ? 6 : 4;
            List<LabProcess> live = new ArrayList<>();
            int names = 0;
            for (; names < n - 1; names++) {
                live.add(participant(lab, root, names, n));
            }
            for (LabProcess p : live) {
                p.await("ARRIVED", Lab.STEP_TIMEOUT);
            }
            // One of the early ones dies while waiting: it counts until its session ends, then no more.
            LabProcess victim = live.remove(lab.random().nextInt(live.size()));
            String victimNode = victim.last("ARRIVED").orElseThrow().field("node");
            victim.kill();
            lab.await(() -> !lab.children(root).contains(victimNode), Lab.STEP_TIMEOUT, "the dead one's znode to go");
            assertTrue(lab.allLines().stream().noneMatch(l -> l.is("ENTERED")), "entered with fewer than " + n);
            for (int i = 0; i < 2; i++) {
                live.add(participant(lab, root, names++, n));
            }
            for (LabProcess p : live) {
                assertEquals(0, p.awaitExit(Duration.ofSeconds(30)), p.describe());
            }
            double lastArrivedS = max(live, "ARRIVED");
            double firstEnteredS = min(live, "ENTERED");
            double lastLeavingS = max(live, "LEAVING");
            double firstLeftS = min(live, "LEFT");
            assertTrue(firstEnteredS >= lastArrivedS, "entered before all " + n + " had arrived\n" + lab.describeAll());
            assertTrue(firstLeftS >= lastLeavingS, "left before all had started to leave\n" + lab.describeAll());
            assertTrue(victim.lines().stream().noneMatch(l -> l.is("ENTERED")));
            assertEquals(Set.of(), Set.copyOf(lab.children(root)), "participants left znodes behind");
            lab.report(String.format(Locale.ROOT, "double barrier: %d participants (and 1 killed while waiting) "
                            + "entered within %.0f ms of the last arrival and left within %.0f ms of the last leaver",
                    n, (max(live, "ENTERED") - lastArrivedS) * 1000, (max(live, "LEFT") - lastLeavingS) * 1000));
            lab.checkClocks();
        }
    }

    private static LabProcess participant(Lab lab, String root, int i, int n) {
        return lab.spawn("d" + i, "double_barrier.py", root, "--n", Integer.toString(n), "--work", "100-800");
    }

    private static double max(List<LabProcess> processes, String event) {
        return processes.stream().mapToDouble(p -> p.last(event).orElseThrow(
                () -> new AssertionError(p.name() + " never printed " + event + "\n" + p.describe())).timeS())
                .max().orElseThrow();
    }

    private static double min(List<LabProcess> processes, String event) {
        return processes.stream().mapToDouble(p -> p.last(event).orElseThrow(
                () -> new AssertionError(p.name() + " never printed " + event + "\n" + p.describe())).timeS())
                .min().orElseThrow();
    }
}
