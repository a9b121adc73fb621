package com.bakeryia.testkit.data;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** How many rows each table gets, tables in parents-first order. */
final class RowAllocation {

    private static final int MAX_WEIGHT_EXPONENT = 40;

    /** Most rows a table can take given the counts of the tables before it. */
    interface Capacity {
        long of(int table, long[] counts);
    }

    private RowAllocation() {}

    /**
     * Splits {@code total} rows in proportion to {@code 2^depth}, every table getting at least one
     * when there are enough rows; the counts always sum to {@code total}.
     */
    static long[] byDepth(long total, int[] depths) {
        int tables = depths.length;
        long[] counts = new long[tables];
        if (total < tables) {
            for (int i = 0; i < total; i++) {
                counts[i] = 1;
            }
            return counts;
        }
        long[] shares = apportion(total - tables, weights(depths));
        for (int i = 0; i < tables; i++) {
            counts[i] = 1 + shares[i];
        }
        return counts;
    }

    static long[] weights(int[] depths) {
        return Arrays.stream(depths)
                .mapToLong(depth -> 1L << Math.min(depth, MAX_WEIGHT_EXPONENT))
                .toArray();
    }

    /** Largest remainder apportionment of {@code amount} by {@code weights}; ties go to earlier tables. */
    static long[] apportion(long amount, long[] weights) {
        int tables = weights.length;
        long[] shares = new long[tables];
        BigInteger totalWeight =
                Arrays.stream(weights).mapToObj(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        if (tables == 0 || totalWeight.signum() == 0) {
            return shares;
        }
        BigInteger[] remainders = new BigInteger[tables];
        long given = 0;
        for (int i = 0; i < tables; i++) {
            BigInteger[] division = BigInteger.valueOf(amount)
                    .multiply(BigInteger.valueOf(weights[i]))
                    .divideAndRemainder(totalWeight);
            shares[i] = division[0].longValueExact();
            remainders[i] = division[1];
            given += shares[i];
        }
        int[] byRemainder = IntStream.range(0, tables)
                .boxed()
                .sorted(Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        for (int i = 0; given < amount; i = (i + 1) % tables) {
            shares[byRemainder[i]]++;
            given++;
        }
        return shares;
    }

    /**
     * Lowers counts to what each table can take and, when {@code keepTotal}, gives the rows lost to
     * tables with room left, by weight, until none is left or no table has room.
     */
    static long[] fit(long[] desired, long[] weights, Capacity capacity, boolean keepTotal) {
        long[] counts = desired.clone();
        long excess = 0;
        for (int i = 0; i < counts.length; i++) {
            long limit = capacity.of(i, counts);
            if (counts[i] > limit) {
                excess += counts[i] - limit;
                counts[i] = limit;
            }
        }
        while (keepTotal && excess > 0) {
            long[] room = new long[counts.length];
            long[] roomWeights = new long[counts.length];
            int firstWithRoom = -1;
            for (int i = 0; i < counts.length; i++) {
                room[i] = Math.max(0, capacity.of(i, counts) - counts[i]);
                if (room[i] > 0) {
                    roomWeights[i] = weights[i];
                    firstWithRoom = firstWithRoom < 0 ? i : firstWithRoom;
                }
            }
            if (firstWithRoom < 0) {
                break;
            }
            long[] extra = apportion(excess, roomWeights);
            long given = 0;
            for (int i = 0; i < counts.length; i++) {
                long added = Math.min(extra[i], room[i]);
                counts[i] += added;
                given += added;
            }
            if (given == 0) {
                given = Math.min(excess, room[firstWithRoom]);
                counts[firstWithRoom] += given;
            }
            excess -= given;
        }
        return counts;
    }
}
