package com.bakeryia.testkit.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Sources of column values in PostgreSQL's text input form, chosen by type and CHECK constraints. */
final class ColumnValues {

    static final long BASE_EPOCH_SECOND = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    static final long DAY_SECONDS = 86_400L;
    private static final int MAX_JITTER_SECONDS = 30 * 60;
    private static final long DEFAULT_SPAN = 1_000;
    private static final String EMAIL_DOMAIN = "@example.test";

    private ColumnValues() {}

    /** The row being generated: its index in the table, its random source and its base instant. */
    static final class RowState {
        final SplittableRandom random;
        int index;
        long baseSecond;

        RowState(SplittableRandom random) {
            this.random = random;
        }
    }

    /** Values of one column. */
    interface ValueSource {

        @Nullable
        String next(RowState row);

        /** How many distinct values this source can produce, or 0 when it is not a small finite set. */
        default long distinctValues() {
            return 0;
        }

        /** The {@code index}-th of the {@link #distinctValues()} values. */
        default String valueAt(long index) {
            throw new UnsupportedOperationException("not a finite set of values");
        }
    }

    /** What a value source needs to know about its column beyond the catalog. */
    record Context(String qualifiedColumn, CheckFacts checks, String token, int temporalRank, boolean exactTime) {}

    static ValueSource forColumn(Catalog.Column column, Context context) {
        List<String> allowed = context.checks().allowedValues(column.name());
        if (allowed != null && !allowed.isEmpty()) {
            return choice(allowed);
        }
        if (column.category() != 'A' && !column.enumLabels().isEmpty()) {
            return choice(column.enumLabels());
        }
        if (column.category() == 'A') {
            String elementType = column.elementType();
            if (elementType == null) {
                throw unsupported(column, context);
            }
            ValueSource element = column.enumLabels().isEmpty()
                    ? forType(column, context, elementType, 'X', -1)
                    : choice(column.enumLabels());
            return array(element);
        }
        return forType(column, context, column.baseType(), column.category(), column.typmod());
    }

    private static ValueSource forType(Catalog.Column column, Context context, String type, char category, int typmod) {
        CheckFacts checks = context.checks();
        String name = column.name();
        switch (type) {
            case "int2":
                return number(checks, name, 0, Short.MAX_VALUE);
            case "int4":
                return number(checks, name, 0, Integer.MAX_VALUE);
            case "int8":
                return number(checks, name, 0, Long.MAX_VALUE);
            case "numeric":
                return numeric(checks, name, typmod);
            case "float4":
            case "float8":
            case "money":
                return number(checks, name, type.equals("money") ? 2 : 3, 999_999_999_999L);
            case "uuid":
                return row -> randomUuid(row.random).toString();
            case "bool":
                return booleans();
            case "date":
            case "timestamp":
            case "timestamptz":
                return temporal(type, context.temporalRank(), context.exactTime());
            case "time":
            case "timetz":
                return row -> "%02d:%02d:%02d%s"
                        .formatted(
                                row.random.nextInt(24),
                                row.random.nextInt(60),
                                row.random.nextInt(60),
                                type.equals("timetz") ? "+00" : "");
            case "interval":
                return row -> (1 + row.random.nextInt(24 * 60)) + " minutes";
            case "json":
            case "jsonb":
                return row -> "{\"n\": " + row.index + "}";
            case "bytea":
                return row -> "\\x" + HexFormat.of().toHexDigits(row.random.nextInt());
            case "inet":
                return row -> "10.%d.%d.%d".formatted((row.index >> 16) & 255, (row.index >> 8) & 255, row.index & 255);
            case "cidr":
                return row -> "10.%d.%d.0/24".formatted((row.index >> 16) & 255, (row.index >> 8) & 255);
            case "macaddr":
                return row -> "08:00:2b:" + hexPairs(row.random.nextInt(1 << 24), 3);
            case "text":
            case "varchar":
            case "bpchar":
            case "name":
                return text(name, maxLength(type, typmod), context.token());
            default:
                if (category == 'S') {
                    return text(name, -1, context.token());
                }
                throw unsupported(column, context);
        }
    }

    static IllegalStateException unsupported(Catalog.Column column, Context context) {
        return new IllegalStateException("Cannot generate values for column %s of type %s"
                .formatted(context.qualifiedColumn(), column.formattedType()));
    }

    static UUID randomUuid(SplittableRandom random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }

    static ValueSource choice(List<String> values) {
        return new ValueSource() {
            @Override
            public String next(RowState row) {
                return values.get(row.random.nextInt(values.size()));
            }

            @Override
            public long distinctValues() {
                return values.size();
            }

            @Override
            public String valueAt(long index) {
                return values.get((int) index);
            }
        };
    }

    static ValueSource booleans() {
        return choice(List.of("f", "t"));
    }

    static ValueSource sequence(long[] values) {
        return row -> Long.toString(values[row.index]);
    }

    static ValueSource counting(long after) {
        return row -> Long.toString(after + row.index + 1);
    }

    static ValueSource text(String column, int maxLength, String token) {
        boolean email = column.toLowerCase(Locale.ROOT).contains("email");
        return row -> {
            if (email) {
                String address = "c" + row.index + "." + token + EMAIL_DOMAIN;
                if (maxLength < 0 || address.length() <= maxLength) {
                    return address;
                }
            }
            return fit(column, token + "-" + row.index, maxLength);
        };
    }

    /** Keeps the unique tail (token and row index) when the column is too short for the whole value. */
    static String fit(String prefix, String core, int maxLength) {
        String whole = prefix + "-" + core;
        if (maxLength < 0 || whole.length() <= maxLength) {
            return whole;
        }
        if (core.length() + 1 < maxLength) {
            return prefix.substring(0, maxLength - core.length() - 1) + "-" + core;
        }
        return core.substring(core.length() - maxLength);
    }

    private static int maxLength(String type, int typmod) {
        return (type.equals("varchar") || type.equals("bpchar")) && typmod > 4 ? typmod - 4 : -1;
    }

    private static ValueSource numeric(CheckFacts checks, String column, int typmod) {
        if (typmod < 4) {
            return number(checks, column, 2, 999_999_999_999L);
        }
        int precision = ((typmod - 4) >> 16) & 0xFFFF;
        int scale = (typmod - 4) & 0xFFFF;
        long max = precision >= 18 ? Long.MAX_VALUE / 10 : pow10(precision) - 1;
        return number(checks, column, Math.min(scale, 12), max);
    }

    private static ValueSource number(CheckFacts checks, String column, int scale, long maxUnscaled) {
        long unit = pow10(scale);
        CheckFacts.Bound lowerBound = checks.lower(column);
        CheckFacts.Bound upperBound = checks.upper(column);
        Long explicitHigh = upperBound == null ? null : unscaled(upperBound, scale, false);
        long low = lowerBound != null
                ? unscaled(lowerBound, scale, true)
                : explicitHigh != null ? Math.min(unit, explicitHigh) : unit;
        long high = explicitHigh != null ? explicitHigh : saturatedAdd(low, DEFAULT_SPAN * unit);
        high = Math.min(high, maxUnscaled);
        long lowest = Math.min(low, high);
        long highest = high;
        boolean finite = explicitHigh != null;
        return new ValueSource() {
            @Override
            public String next(RowState row) {
                long span = highest - lowest + 1;
                long unscaled = span > 0 ? lowest + row.random.nextLong(span) : lowest;
                return format(unscaled, scale);
            }

            @Override
            public long distinctValues() {
                long span = highest - lowest + 1;
                return finite && span > 0 ? span : 0;
            }

            @Override
            public String valueAt(long index) {
                return format(lowest + index, scale);
            }
        };
    }

    private static long unscaled(CheckFacts.Bound bound, int scale, boolean lower) {
        BigDecimal shifted = bound.value().movePointRight(scale);
        BigDecimal rounded = shifted.setScale(0, lower ? RoundingMode.CEILING : RoundingMode.FLOOR);
        if (!bound.inclusive() && rounded.compareTo(shifted) == 0) {
            rounded = lower ? rounded.add(BigDecimal.ONE) : rounded.subtract(BigDecimal.ONE);
        }
        BigDecimal limit = BigDecimal.valueOf(Long.MAX_VALUE / 2);
        return rounded.max(limit.negate()).min(limit).longValueExact();
    }

    private static String format(long unscaled, int scale) {
        return scale == 0
                ? Long.toString(unscaled)
                : BigDecimal.valueOf(unscaled, scale).toPlainString();
    }

    private static ValueSource temporal(String type, int rank, boolean exact) {
        return row -> {
            long second =
                    row.baseSecond + rank * DAY_SECONDS + (exact ? 0 : row.random.nextInt(MAX_JITTER_SECONDS + 1));
            return switch (type) {
                case "date" ->
                    LocalDate.ofEpochDay(Math.floorDiv(second, DAY_SECONDS)).toString();
                case "timestamp" ->
                    LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString();
                default -> Instant.ofEpochSecond(second).toString();
            };
        };
    }

    private static ValueSource array(ValueSource element) {
        return row -> {
            StringBuilder out = new StringBuilder("{");
            int size = 1 + row.random.nextInt(2);
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    out.append(',');
                }
                String value = element.next(row);
                if (value == null) {
                    out.append("NULL");
                } else {
                    out.append('"')
                            .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                            .append('"');
                }
            }
            return out.append('}').toString();
        };
    }

    private static String hexPairs(int value, int bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = bytes - 1; i >= 0; i--) {
            if (out.length() > 0) {
                out.append(':');
            }
            out.append(HexFormat.of().toHexDigits((byte) (value >> (8 * i))));
        }
        return out.toString();
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
