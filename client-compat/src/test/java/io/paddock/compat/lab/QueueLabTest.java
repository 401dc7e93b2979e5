package io.paddock.compat.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lab/zkqueue.py: producers and consumers as real processes, consumers killed in the middle of an item
 * (and a producer killed at a random moment). The observer checks the server's record against the programs'
 * lines: every item produced is consumed exactly once, none is left behind, no two live consumers ever hold the
 * same item, each consumer takes items in FIFO order, and the item a killed consumer held is handed out again.
 */
class QueueLabTest {
    private static final String SCRIPT = "zkqueue.py";
    private static final String ROOT = "/lab/queue";

    @TempDir
    Path dataDir;

    @BeforeAll
    static void kazoo() {
        Lab.requireKazoo();
    }

    @Test
    void nothingLostNothingTwiceWhenConsumersDieMidItem() throws Exception {
        try (Lab lab = Lab.start("queue", dataDir)) {
            int producers = Lab.LONG ? 3 : 2;
            int itemsPerProducer = Lab.LONG ? 200 : 60;
            int consumerKills = Lab.LONG ? 10 : 3;
            List<LabProcess> producing = new ArrayList<>();
            int consumerNames = 0;
            for (; consumerNames < 3; consumerNames++) {
                consumer(lab, consumerNames);
            }
            for (int i = 0; i < producers; i++) {
                producing.add(lab.spawn("p" + i, SCRIPT, ROOT, "produce", "--count",
                        Integer.toString(itemsPerProducer), "--interval", "0.05"));
            }
            LabProcess producerVictim = producing.get(lab.random().nextInt(producers));
            long producerKillAtMs = lab.randomMs(500, 2_000);
            long startMs = System.currentTimeMillis();
            List<Kill> kills = new ArrayList<>();
            boolean producerKilled = false;
            while (kills.size() < consumerKills && producing.stream().anyMatch(LabProcess::isAlive)) {
                if (!producerKilled && System.currentTimeMillis() - startMs >= producerKillAtMs) {
                    producerVictim.kill();
                    producerKilled = true;
                }
                LabProcess.sleepMs(lab.randomMs(100, 400));
                Optional<Kill> kill = killOneTaking(lab);
                if (kill.isPresent()) {
                    // Every consumer killed is replaced, mid-item or not, or the queue could be left unserved.
                    consumer(lab, consumerNames++);
                    if (kill.get().midItem()) {
                        kills.add(kill.get());
                    }
                }
            }
            for (LabProcess p : producing) {
                if (!p.wasKilled()) {
                    assertEquals(0, p.awaitExit(Duration.ofSeconds(60)), p.describe());
                }
            }
            lab.await(() -> lab.children(ROOT + "/items").isEmpty() && lab.children(ROOT + "/claims").isEmpty(),
                    Duration.ofSeconds(30), "the queue to drain");
            lab.stopAll();
            check(lab, kills);
            lab.checkClocks();
        }
    }

    private record Kill(String consumer, String item, double atS, boolean midItem) {
    }

    private static LabProcess consumer(Lab lab, int n) {
        return lab.spawn("c" + n, SCRIPT, ROOT, "consume", "--work", "20-80");
    }

    /**
     * Kills a consumer whose last line is TAKE; mid-item when that was still its last line after the kill (it
     * died holding that item). Empty when none was busy.
     */
    private static Optional<Kill> killOneTaking(Lab lab) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<LabProcess> busy = lab.alive().stream()
                    .filter(p -> p.name().startsWith("c"))
                    .filter(p -> p.lastLine().map(l -> l.is("TAKE")).orElse(false))
                    .toList();
            if (!busy.isEmpty()) {
                LabProcess victim = busy.get(lab.random().nextInt(busy.size()));
                LabLine take = victim.lastLine().orElseThrow();
                double atS = victim.kill();
                // Only a kill that landed before the item was finished counts as mid-item.
                return Optional.of(new Kill(victim.name(), take.field("item"), atS,
                        victim.lastLine().orElseThrow() == take));
            }
            LabProcess.sleepMs(2);
        }
        return Optional.empty();
    }

    private static void check(Lab lab, List<Kill> kills) throws Exception {
        List<LabLine> lines = lab.allLines();
        // The server's record: done/<item> for each item consumed, with the consumer in its data.
        Map<String, String> doneBy = new HashMap<>();
        Set<String> donePayloads = new HashSet<>();
        for (String name : lab.children(ROOT + "/done")) {
            String payload = payloadOf(name);
            assertTrue(donePayloads.add(payload), "payload consumed twice: " + payload);
            byte[] data = lab.zk().getData(ROOT + "/done/" + name, false, null);
            doneBy.put(name, new String(data, StandardCharsets.UTF_8));
        }
        // Every item a producer reported is consumed; no item is consumed twice.
        List<LabLine> puts = lines.stream().filter(l -> l.is("PUT")).toList();
        for (LabLine put : puts) {
            assertTrue(doneBy.containsKey(put.field("item")), "lost: " + put);
        }
        long unreported = doneBy.size() - puts.size();
        assertTrue(unreported >= 0 && unreported <= 1,
                "done records without a PUT: only an item in flight when its producer died may lack one");
        Map<String, Integer> doneLines = new HashMap<>();
        for (LabLine done : lines.stream().filter(l -> l.is("DONE")).toList()) {
            doneLines.merge(done.field("item"), 1, Integer::sum);
            assertEquals(done.who(), doneBy.get(done.field("item")), "DONE by someone else than the record: " + done);
        }
        doneLines.forEach((item, n) -> assertEquals(1, n, "finished " + n + " times: " + item));
        checkHolders(lab);
        checkFifo(lab);
        List<String> redeliveryMs = new ArrayList<>();
        int finishedJustBeforeDying = 0;
        for (Kill kill : kills) {
            if (doneBy.get(kill.item()).equals(kill.consumer())) {
                // The kill landed after the finishing transaction, before the DONE line: not mid-item after all.
                finishedJustBeforeDying++;
                continue;
            }
            LabLine retaken = lines.stream()
                    .filter(l -> l.is("TAKE") && l.field("item").equals(kill.item()) && l.timeS() > kill.atS())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("never handed out again: " + kill));
            redeliveryMs.add(String.format(Locale.ROOT, "%.0f", (retaken.timeS() - kill.atS()) * 1000));
        }
        assertTrue(!redeliveryMs.isEmpty(), "no consumer was killed in the middle of an item");
        lab.report(String.format(Locale.ROOT, "queue: %d items consumed exactly once; %d consumers killed "
                        + "mid-item, their items handed out again after %s ms (session timeout %d ms)%s",
                doneBy.size(), redeliveryMs.size(), String.join(", ", redeliveryMs), Lab.SESSION_TIMEOUT_MS,
                finishedJustBeforeDying == 0 ? ""
                        : "; " + finishedJustBeforeDying + " killed just after finishing theirs"));
    }

    /** An item is held from TAKE to DONE / ABANDON, or to its consumer's death; holdings never overlap. */
    private static void checkHolders(Lab lab) {
        record Hold(String consumer, String item, double fromS, double toS) {
        }
        Map<String, List<Hold>> byItem = new HashMap<>();
        for (LabProcess p : lab.processes()) {
            Map<String, Double> open = new HashMap<>();
            for (LabLine line : p.lines()) {
                if (line.is("TAKE")) {
                    open.put(line.field("item"), line.timeS());
                } else if (line.is("DONE") || line.is("ABANDON")) {
                    Double fromS = open.remove(line.field("item"));
                    if (fromS != null) {
                        byItem.computeIfAbsent(line.field("item"), i -> new ArrayList<>())
                                .add(new Hold(p.name(), line.field("item"), fromS, line.timeS()));
                    }
                }
            }
            open.forEach((item, fromS) -> byItem.computeIfAbsent(item, i -> new ArrayList<>())
                    .add(new Hold(p.name(), item, fromS, Double.isNaN(p.endS()) ? Double.MAX_VALUE : p.endS())));
        }
        for (List<Hold> holds : byItem.values()) {
            for (Hold a : holds) {
                for (Hold b : holds) {
                    if (a != b && a.fromS() < b.toS() && b.fromS() < a.toS()) {
                        throw new AssertionError("handed out twice at once: " + a + " and " + b);
                    }
                }
            }
        }
    }

    /** FIFO: what a consumer takes for the first time (not a dead consumer's item) comes in queue order. */
    private static void checkFifo(Lab lab) {
        Set<String> takenBefore = new HashSet<>();
        List<LabLine> takes = lab.allLines().stream().filter(l -> l.is("TAKE")).toList();
        Map<String, Long> lastFirstTake = new HashMap<>();
        for (LabLine take : takes) {
            String item = take.field("item");
            if (!takenBefore.add(item)) {
                continue;
            }
            long seq = Long.parseLong(item.substring(item.length() - 10));
            Long previous = lastFirstTake.put(take.process(), seq);
            assertTrue(previous == null || previous < seq, take.process() + " took " + item + " after seq " + previous);
        }
    }

    /** item-<payload>-<ten digits> */
    private static String payloadOf(String name) {
        return name.substring("item-".length(), name.length() - 11);
    }
}
