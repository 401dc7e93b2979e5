package io.paddock.compat.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.KeeperException.Code;
import org.junit.jupiter.api.Test;

/** The crash test's judge, judged: each kind of loss it must catch, and each outcome it must allow. */
class LedgerTest {
    private static final int OK = Code.OK.intValue();
    private static final int LOST = Code.CONNECTIONLOSS.intValue();

    private final Ledger ledger = new Ledger();
    private final Map<String, byte[]> seen = new HashMap<>();

    private List<String> verify(String... children) {
        return ledger.verify(seen, List.of(children), List.of());
    }

    private static void assertOneViolation(List<String> violations, String mentioning) {
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains(mentioning), violations.get(0));
    }

    @Test
    void anAcknowledgedCreateMustBeThereWithItsValue() {
        ledger.issuedCreate("/g/c1", Writer.value("c1"));
        ledger.answeredCreate("/g/c1", OK);
        assertOneViolation(verify(), "acknowledged create lost: /g/c1");
        seen.put("/g/c1", Writer.value("other"));
        assertOneViolation(verify("/g/c1"), "/g/c1 holds");
        seen.put("/g/c1", Writer.value("c1"));
        assertEquals(List.of(), verify("/g/c1"));
    }

    @Test
    void aCreateInDoubtMayGoEitherWayAndCountsOnceSeen() {
        ledger.issuedCreate("/g/c1", Writer.value("c1"));
        ledger.answeredCreate("/g/c1", LOST);
        assertEquals(List.of(), verify());
        seen.put("/g/c1", Writer.value("c1"));
        assertEquals(List.of(), verify("/g/c1"));
        seen.remove("/g/c1");
        assertOneViolation(verify(), "acknowledged create lost");
    }

    @Test
    void aMultiIsAllOrNothing() {
        ledger.issuedMulti(7, "/g/m7a", Writer.value("a"), "/g/m7b", Writer.value("b"));
        ledger.answeredMulti(7, LOST);
        assertEquals(List.of(), verify());
        seen.put("/g/m7a", Writer.value("a"));
        List<String> violations = verify("/g/m7a");
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("half-applied multi")), violations.toString());
    }

    @Test
    void anAcknowledgedMultiMustBeThereWhole() {
        ledger.issuedMulti(7, "/g/m7a", Writer.value("a"), "/g/m7b", Writer.value("b"));
        ledger.answeredMulti(7, OK);
        seen.put("/g/m7a", Writer.value("a"));
        seen.put("/g/m7b", Writer.value("b"));
        assertEquals(List.of(), verify("/g/m7a", "/g/m7b"));
    }

    @Test
    void aRegisterHoldsItsLastAcknowledgedValueOrALaterOneInDoubt() {
        ledger.register("/r", Writer.value("initial"));
        ledger.issuedSetData("/r", 1, Writer.value("s1"));
        ledger.issuedSetData("/r", 2, Writer.value("s2"));
        ledger.issuedSetData("/r", 3, Writer.value("s3"));
        ledger.answeredSetData("/r", 1, LOST);
        ledger.answeredSetData("/r", 2, OK);
        ledger.answeredSetData("/r", 3, LOST);
        seen.put("/r", Writer.value("s1"));
        assertOneViolation(verify(), "neither the last acknowledged value");
    }

    @Test
    void aRegisterMayShowALaterWriteInDoubtWhichThenCounts() {
        ledger.register("/r", Writer.value("initial"));
        ledger.issuedSetData("/r", 2, Writer.value("s2"));
        ledger.issuedSetData("/r", 3, Writer.value("s3"));
        ledger.answeredSetData("/r", 2, OK);
        ledger.answeredSetData("/r", 3, LOST);
        seen.put("/r", Writer.value("s3"));
        assertEquals(List.of(), verify());
        seen.put("/r", Writer.value("s2"));
        assertOneViolation(verify(), "neither");
    }

    @Test
    void unknownNodesAndResurrectedGenerationsAreReported() {
        assertOneViolation(verify("/g/stranger"), "unexpected node /g/stranger");
        ledger.issuedCreate("/old/c1", Writer.value("c1"));
        ledger.answeredCreate("/old/c1", OK);
        ledger.deletedGeneration("/old");
        List<String> violations = ledger.verify(seen, List.of(), List.of("/old"));
        assertOneViolation(violations, "deleted generation is back: /old");
    }

    @Test
    void anAnswerNoWriterExpectsIsReported() {
        ledger.issuedCreate("/g/c1", Writer.value("c1"));
        ledger.answeredCreate("/g/c1", Code.NODEEXISTS.intValue());
        assertOneViolation(verify(), "answered NODEEXISTS");
    }
}
