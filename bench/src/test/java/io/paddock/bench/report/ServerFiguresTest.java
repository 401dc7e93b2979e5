package io.paddock.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFiguresTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, ServerFigures.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, ServerFigures.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertTrue(Double.isNaN(ServerFigures.median(List.of())));
    }

    @Test
    void ratioOverZeroIsNotANumber() {
        assertTrue(Double.isNaN(Comparison.ratio(1, 0)));
        assertEquals(0.5, Comparison.ratio(1, 2));
    }

    @Test
    void chartAxisRoundsUpToOneTwoOrFive() {
        assertEquals(50_000, ThroughputChart.niceCeiling(41_234));
        assertEquals(20_000, ThroughputChart.niceCeiling(12_000));
        assertEquals(10_000, ThroughputChart.niceCeiling(10_000));
        assertEquals(1, ThroughputChart.niceCeiling(0));
    }
}
