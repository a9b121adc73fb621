package com.bakeryia.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RowAllocationTests {

    @Test
    void splitsTheTotalExactlyByTwoToThePowerOfDepth() {
        long[] counts = RowAllocation.byDepth(1_000, new int[] {0, 1, 2, 2});

        assertThat(Arrays.stream(counts).sum()).isEqualTo(1_000);
        assertThat(counts).containsExactly(92, 182, 363, 363);
    }

    @Test
    void givesEveryTableOneRowWhenThereAreJustEnough() {
        assertThat(RowAllocation.byDepth(4, new int[] {0, 3, 3, 5})).containsExactly(1, 1, 1, 1);
        assertThat(RowAllocation.byDepth(2, new int[] {0, 1, 2})).containsExactly(1, 1, 0);
    }

    @Test
    void givesRowsATableCannotTakeToTheOthers() {
        long[] counts = RowAllocation.fit(
                new long[] {10, 10, 10},
                new long[] {1, 1, 1},
                (table, current) -> table == 0 ? 1 : table == 1 ? current[0] * 2 : TablePlan.UNBOUNDED,
                true);

        assertThat(counts[0]).isEqualTo(1);
        assertThat(counts[1]).isLessThanOrEqualTo(2);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(30);
    }

    @Test
    void onlyLowersCountsWhenTheTotalNeedNotBeKept() {
        long[] counts = RowAllocation.fit(
                new long[] {5, 5}, new long[] {1, 2}, (table, current) -> table == 0 ? 1 : TablePlan.UNBOUNDED, false);

        assertThat(counts).containsExactly(1, 5);
    }
}
