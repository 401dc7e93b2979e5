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
 * examples/lab/messaging.py: a sender and receivers as real processes, receivers killed in the middle of a
 * delivery. The observer checks at-least-once delivery: every message is delivered and acknowledged, the sender
 * sees every acknowledgement, nothing is left behind, and every message delivered more than once is explained by
 * a crash or a resend (duplicates are detectable, by message id).
 */
class MessagingLabTest {
    private static final String SCRIPT = "messaging.py";
    private static final String ROOT = "/lab/mq";

    @TempDir
    Path dataDir;

    @BeforeAll
    static void kazoo() {
        Lab.requireKazoo();
    }

    @Test
    void everyMessageDeliveredAtLeastOnceThroughReceiverCrashes() throws Exception {
        try (Lab lab = Lab.start("reliable messaging", dataDir)) {
            int count = Lab.LONG ? 300 : 60;
            int kills = Lab.LONG ? 10 : 3;
            int names = 0;
            for (; names < 2; names++) {
                receiver(lab, names);
            }
            LabProcess sender = lab.spawn("s", SCRIPT, ROOT, "send", "--count", Integer.toString(count),
                    "--window", "4", "--ack-timeout", "1.0");
            Set<String> killedMidDelivery = new HashSet<>();
            long deadlineNs = System.nanoTime() + KILLING_TIME_MAX.toNanos();
            while (killedMidDelivery.size() < kills && sender.isAlive() && System.nanoTime() < deadlineNs) {
                LabProcess.sleepMs(lab.randomMs(200, 600));
                Optional<Kill> kill = killOneDelivering(lab);
                if (kill.isPresent()) {
                    // Every receiver killed is replaced, mid-delivery or not: without receivers the sender
                    // resends forever (two kills that landed just after a delivery once left none).
                    receiver(lab, names++);
                    if (kill.get().midDelivery()) {
                        killedMidDelivery.add(kill.get().receiver());
                    }
                }
            }
            assertEquals(0, sender.awaitExit(Duration.ofSeconds(60)), sender.describe());
            assertTrue(sender.last("ALL_ACKED").isPresent(), sender.describe());
            lab.await(() -> lab.children(ROOT + "/msgs").isEmpty() && lab.children(ROOT + "/claims").isEmpty(),
                    Duration.ofSeconds(30), "every copy delivered or dropped");
            lab.stopAll();
            check(lab, count, killedMidDelivery);
            lab.checkClocks();
        }
    }

    /** How long the kills may take; past it the test goes on to its checks (a stuck sender then fails them). */
    private static final Duration KILLING_TIME_MAX = Duration.ofSeconds(120);

    private record Kill(String receiver, boolean midDelivery) {
    }

    private static LabProcess receiver(Lab lab, int n) {
        return lab.spawn("r" + n, SCRIPT, ROOT, "receive", "--work", "10-40");
    }

    /**
     * Kills a receiver whose last line is DELIVER; mid-delivery when that was still its last line after the
     * kill (it died before acknowledging). Empty when none was delivering.
     */
    private static Optional<Kill> killOneDelivering(Lab lab) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<LabProcess> busy = lab.alive().stream()
                    .filter(p -> p.name().startsWith("r"))
                    .filter(p -> p.lastLine().map(l -> l.is("DELIVER")).orElse(false))
                    .toList();
            if (!busy.isEmpty()) {
                LabProcess victim = busy.get(lab.random().nextInt(busy.size()));
                LabLine deliver = victim.lastLine().orElseThrow();
                victim.kill();
                return Optional.of(new Kill(victim.name(), victim.lastLine().orElseThrow() == deliver));
            }
            LabProcess.sleepMs(2);
        }
        return Optional.empty();
    }

    private static void check(Lab lab, int count, Set<String> killedMidDelivery) throws Exception {
        List<LabLine> lines = lab.allLines();
        Map<String, List<LabLine>> deliveries = new HashMap<>();
        Map<String, List<LabLine>> acks = new HashMap<>();
        Set<String> resent = new HashSet<>();
        Set<String> senderAcked = new HashSet<>();
        for (LabLine line : lines) {
            switch (line.event()) {
                case "DELIVER" -> deliveries.computeIfAbsent(line.field("msg"), m -> new ArrayList<>()).add(line);
                case "ACK" -> acks.computeIfAbsent(line.field("msg"), m -> new ArrayList<>()).add(line);
                case "RETRY" -> resent.add(line.field("msg"));
                case "ACKED" -> assertTrue(senderAcked.add(line.field("msg")), "acked twice to the sender: " + line);
                default -> { }
            }
        }
        Set<String> ackNodes = new HashSet<>(lab.children(ROOT + "/acks"));
        int duplicates = 0;
        int byCrash = 0;
        for (int n = 1; n <= count; n++) {
            String msg = "s." + n;
            assertTrue(ackNodes.contains(msg), "never acknowledged: " + msg);
            assertTrue(senderAcked.contains(msg), "the sender never saw the ack of " + msg);
            List<LabLine> delivered = deliveries.getOrDefault(msg, List.of());
            assertTrue(!delivered.isEmpty(), "never delivered: " + msg);
            String acker = new String(lab.zk().getData(ROOT + "/acks/" + msg, false, null), StandardCharsets.UTF_8);
            List<LabLine> acked = acks.getOrDefault(msg, List.of());
            assertTrue(acked.size() <= 1, "acknowledged twice: " + acked);
            if (acked.isEmpty()) {
                assertTrue(killedMidDelivery.contains(acker) || wasKilled(lab, acker),
                        msg + ": acknowledged by " + acker + ", who never said so and was not killed");
            } else {
                assertEquals(acker, acked.get(0).who(), "the ack znode names another receiver");
            }
            if (delivered.size() > 1) {
                duplicates += delivered.size() - 1;
                boolean crash = delivered.stream().anyMatch(d -> wasKilled(lab, d.who())
                        && acked.stream().noneMatch(a -> a.who().equals(d.who())));
                byCrash += crash ? 1 : 0;
                assertTrue(crash || resent.contains(msg), "duplicate delivery of " + msg
                        + " with neither a crash nor a resend to explain it: " + delivered);
            }
        }
        long dropped = lines.stream().filter(l -> l.is("DUPLICATE")).count();
        lab.report(String.format(Locale.ROOT, "messaging: %d messages all delivered and acknowledged; %d receivers "
                        + "killed mid-delivery; %d duplicate deliveries (%d messages redelivered after a crash), %d "
                        + "resends, %d duplicate copies detected and dropped by id",
                count, killedMidDelivery.size(), duplicates, byCrash, resent.size(), dropped));
    }

    private static boolean wasKilled(Lab lab, String name) {
        return lab.processes().stream().anyMatch(p -> p.name().equals(name) && p.wasKilled());
    }
}
