package io.paddock.server.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LogSizesTest {

    @Test
    void nothingIsCutWhileTheLogIsWithinTheLimit() {
        LogSizes sizes = new LogSizes(1_000);
        for (int zxid = 1; zxid <= 10; zxid++) {
            sizes.appended(zxid, 100);
        }
        assertEquals(1_000, sizes.keptBytes());
        assertEquals(0, sizes.deleteBelow(10));
    }

    @Test
    void overTheLimitTheCutLeavesAtMostHalf() {
        LogSizes sizes = new LogSizes(1_000);
        for (int zxid = 1; zxid <= 11; zxid++) {
            sizes.appended(zxid, 100);
        }
        // 1,100 bytes: keep at most 500, the newest five entries, so delete 1..6.
        assertEquals(7, sizes.deleteBelow(11));
        sizes.deleted(7);
        assertEquals(500, sizes.keptBytes());
        assertEquals(0, sizes.deleteBelow(11));
    }

    @Test
    void theCutNeverPassesTheSnapshot() {
        LogSizes sizes = new LogSizes(1_000);
        for (int zxid = 1; zxid <= 20; zxid++) {
            sizes.appended(zxid, 100);
        }
        // The snapshot is at 3: the log after it is needed to recover, however large.
        assertEquals(4, sizes.deleteBelow(3));
        assertEquals(0, sizes.deleteBelow(0));
    }

    @Test
    void aCutByCountForgetsTheMarksBelowIt() {
        LogSizes sizes = new LogSizes(1_000);
        for (int zxid = 1; zxid <= 9; zxid++) {
            sizes.appended(zxid, 100);
        }
        sizes.deleted(5);
        assertEquals(500, sizes.keptBytes());
        sizes.appended(10, 700);
        assertEquals(1_200, sizes.keptBytes());
        // Keeping at most 500 bytes leaves nothing: the newest entry alone is 700 (the snapshot holds it).
        assertEquals(11, sizes.deleteBelow(10));
    }

    @Test
    void aGroupOfEntriesIsOneMark() {
        LogSizes sizes = new LogSizes(1_000);
        sizes.appended(10, 400);
        sizes.appended(20, 400);
        sizes.appended(21, 300);
        // Leaving at most 500 bytes: not within the group 11..20 (its sizes are not known one by one).
        assertEquals(21, sizes.deleteBelow(21));
    }

    @Test
    void marksAreCoarseButTheCutStaysWithinAStep() {
        // Step 1,000 / 64 = 15 bytes: one-byte entries share marks, so the cut may keep up to a step more.
        LogSizes sizes = new LogSizes(1_000);
        for (int zxid = 1; zxid <= 2_000; zxid++) {
            sizes.appended(zxid, 1);
        }
        long below = sizes.deleteBelow(2_000);
        long kept = 2_000 - (below - 1);
        assertTrue(kept <= 500 && kept > 500 - 16, "kept " + kept);
    }

    @Test
    void aLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LogSizes(0));
    }

    /**
     * Against a list of every entry's size, with a snapshot after each entry: the log never holds more than
     * the limit, and a cut leaves at most half of it.
     */
    @Property(tries = 200)
    void theLogKeptStaysWithinTheLimit(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 1, max = 400) Integer> entries,
            @ForAll @IntRange(min = 64, max = 5_000) int maxBytes) {
        LogSizes sizes = new LogSizes(maxBytes);
        List<Integer> kept = new ArrayList<>();
        long firstKeptZxid = 1;
        long zxid = 0;
        for (int bytes : entries) {
            zxid++;
            sizes.appended(zxid, bytes);
            kept.add(bytes);
            long below = sizes.deleteBelow(zxid);
            if (below > 0) {
                assertTrue(below > firstKeptZxid && below <= zxid + 1, "cut below " + below);
                while (firstKeptZxid < below) {
                    kept.remove(0);
                    firstKeptZxid++;
                }
                sizes.deleted(below);
                long keptBytes = kept.stream().mapToLong(Integer::longValue).sum();
                assertTrue(keptBytes <= maxBytes / 2, "a cut kept " + keptBytes);
            }
            long keptBytes = kept.stream().mapToLong(Integer::longValue).sum();
            assertEquals(keptBytes, sizes.keptBytes());
            assertTrue(keptBytes <= maxBytes, "after a snapshot at every entry the log holds " + keptBytes);
        }
    }
}
