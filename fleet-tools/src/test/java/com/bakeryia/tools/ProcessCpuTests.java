package com.bakeryia.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTests {

    @Test
    void readsTheCpuTimeOfARunningProcessAndGrowsWithWork() {
        String self = Long.toString(ProcessHandle.current().pid());
        double before = ProcessCpu.seconds(self);
        long sum = 0;
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
            sum += System.nanoTime() % 7;
        }

        assertThat(sum).isPositive();
        assertThat(before).isPositive();
        assertThat(ProcessCpu.seconds(self)).isGreaterThan(before);
    }

    @Test
    void answersMinusOneForAProcessThatDoesNotExist() {
        assertThat(ProcessCpu.seconds("999999999")).isEqualTo(-1);
    }
}
