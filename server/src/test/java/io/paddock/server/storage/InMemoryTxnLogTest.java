package io.paddock.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paddock.server.base.Check;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory log: the storage contract with nothing surviving a restart, plus its own bounds. */
class InMemoryTxnLogTest extends TxnLogContractTest {

    @Override
    protected TxnLog openFresh() {
        return new InMemoryTxnLog();
    }

    @Override
    protected TxnLog reopen() {
        return new InMemoryTxnLog();
    }

    @Override
    protected boolean durable() {
        return false;
    }

    @Test
    void keepsOnlyTheMostRecentEntries() {
        InMemoryTxnLog memory = new InMemoryTxnLog();
        log = memory;
        List<TxnEntry> batch = new ArrayList<>();
        int total = InMemoryTxnLog.RETAINED_ENTRIES_MAX + 5;
        for (int zxid = 1; zxid <= total; zxid++) {
            batch.add(entry(zxid, setData("/a", "v", zxid)));
        }
        memory.append(batch);
        List<TxnEntry> kept = memory.recentEntries();
        assertEquals(InMemoryTxnLog.RETAINED_ENTRIES_MAX, kept.size());
        assertEquals(6, kept.get(0).zxid());
        assertEquals(total, kept.get(kept.size() - 1).zxid());
    }

    @Test
    void refusesAnAppendOutOfOrder() {
        log = new InMemoryTxnLog();
        log.append(List.of(entry(5, setData("/a", "v", 1))));
        assertThrows(Check.InvariantViolation.class, () -> log.append(List.of(entry(5, setData("/a", "w", 2)))));
        assertThrows(Check.InvariantViolation.class, () -> log.append(List.of(entry(4, setData("/a", "w", 2)))));
    }
}
