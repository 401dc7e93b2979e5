package io.paddock.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void cpuSecondsAreUserPlusSystemTicks() {
        // A command name with a space and a parenthesis, as /proc prints it.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 125 0 0 20 0 30 0 100 0 0";
        assertEquals(3.75, ProcStat.cpuSeconds(stat), 1e-9);
    }

    @Test
    void statusFieldsAreKib() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assertEquals(102400, ProcStat.statusKib(status, "VmRSS:"));
        assertEquals(204800, ProcStat.statusKib(status, "VmHWM:"));
        assertEquals(0, ProcStat.statusKib(status, "VmSwap:"));
    }

    @Test
    void samplesThisProcess() {
        ProcStat.Sample self = ProcStat.self();
        assertTrue(self.rssBytes() > 0);
        assertTrue(self.rssPeakBytes() >= self.rssBytes());
        assertTrue(self.cpuSeconds() >= 0);
    }

    @Test
    void otherProcessesCountUserProcessesNotKernelThreads() {
        String user = "77 (mvn) S 1 77 77 0 -1 4194560 0 0 0 0 100 50 30 20 20 0 30 0 100 0 0";
        String kernel = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 100 50 0 0 20 0 1 0 2 0 0";
        assertEquals(1.5, OtherProcesses.userProcessCpuSeconds(user), 1e-9);
        assertEquals(-1, OtherProcesses.userProcessCpuSeconds(kernel));
        OtherProcesses before = OtherProcesses.sample(java.util.Set.of(ProcessHandle.current().pid()));
        assertTrue(OtherProcesses.sample(java.util.Set.of()).cpuSecondsSince(before) >= 0);
    }
}
