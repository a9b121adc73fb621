package com.bakeryia.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time from Linux's {@code /proc/<pid>/stat}, for the benchmarks. */
final class ProcessCpu {

    /** USER_HZ: Linux reports {@code utime} and {@code stime} in 1/100 s on every common architecture. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** User + system time of the process so far, in seconds; -1 when it cannot be read (no such process, no /proc). */
    static double seconds(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // The command (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
