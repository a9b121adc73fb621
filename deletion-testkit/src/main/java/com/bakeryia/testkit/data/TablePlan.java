package com.bakeryia.testkit.data;

import com.bakeryia.testkit.data.ColumnValues.RowState;
import com.bakeryia.testkit.data.ColumnValues.ValueSource;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** How one tenant-owned table is filled: a value source per column, its foreign keys, its unique keys. */
final class TablePlan {

    static final long UNBOUNDED = Long.MAX_VALUE;

    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('((?:[^']|'')+)'::regclass\\)");
    private static final Set<String> TEMPORAL_TYPES = Set.of("date", "timestamp", "timestamptz");
    private static final Set<String> NUMBER_TYPES = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");
    private static final long EXACT_TIME_STEP_SECONDS = 60;
    private static final int COPY_BUFFER_SIZE = 1 << 16;
    private static final int FETCH_SIZE = 10_000;

    private static final String NEXT_SEQUENCE_VALUES = """
            SELECT nextval(?::regclass) FROM generate_series(1, ?)
            """;
    private static final String SERIAL_SEQUENCE = """
            SELECT pg_get_serial_sequence(?, ?)
            """;

    private enum Kind {
        VALUE,
        TENANT,
        FOREIGN_KEY,
        SEQUENCE,
        COUNTING
    }

    /** One unique key's parts that are not the tenant: a column with few values, or a foreign key. */
    private record Part(int column, int slot) {}

    private final Catalog catalog;
    private final Catalog.Table table;
    private final int position;
    private final List<Catalog.Column> columns;
    private final Kind[] kinds;
    private final @Nullable ValueSource[] sources;
    private final boolean[] countingPerTenant;
    private final long[] countingFloor;
    private final int tenantIndex;
    private final boolean exactTime;
    private final long exactTimeStep;
    private final List<ForeignKeySlot> slots = new ArrayList<>();
    private final List<List<Part>> finiteKeys = new ArrayList<>();
    private final Set<String> keyColumns = new LinkedHashSet<>();

    private int rowCount;
    private Map<String, @Nullable String[]> keys = Map.of();

    TablePlan(Catalog catalog, Catalog.Table table, int position, String token) {
        this.catalog = catalog;
        this.table = table;
        this.position = position;
        this.columns =
                table.columns().stream().filter(column -> !column.generated()).toList();
        int size = columns.size();
        this.kinds = new Kind[size];
        this.sources = new ValueSource[size];
        this.countingPerTenant = new boolean[size];
        this.countingFloor = new long[size];
        CheckFacts checks = CheckFacts.parse(table.checks());
        Map<String, Integer> ranks = temporalRanks(checks);
        Set<String> foreignKeyColumns = new HashSet<>();
        table.foreignKeys().forEach(foreignKey -> foreignKeyColumns.addAll(foreignKey.columns()));
        boolean exact = false;
        boolean exactDate = false;
        int tenant = -1;
        for (int i = 0; i < size; i++) {
            Catalog.Column column = columns.get(i);
            String name = column.name();
            List<Catalog.UniqueKey> uniqueKeys = table.uniqueKeys().stream()
                    .filter(key -> key.columns().contains(name))
                    .toList();
            boolean temporal = column.category() != 'A' && TEMPORAL_TYPES.contains(column.baseType());
            boolean exactColumn = temporal && !uniqueKeys.isEmpty();
            exact |= exactColumn;
            exactDate |= exactColumn && column.baseType().equals("date");
            if (name.equals(Catalog.TENANT_COLUMN)) {
                kinds[i] = Kind.TENANT;
                tenant = i;
            } else if (foreignKeyColumns.contains(name)) {
                kinds[i] = Kind.FOREIGN_KEY;
            } else if (column.identity() || isNextval(column.defaultExpression())) {
                kinds[i] = Kind.SEQUENCE;
            } else {
                ValueSource source = ColumnValues.forColumn(
                        column,
                        new ColumnValues.Context(
                                catalog.schema() + "." + table.name() + "." + name,
                                checks,
                                token,
                                ranks.getOrDefault(name, 0),
                                exactColumn));
                boolean counting = !uniqueKeys.isEmpty()
                        && column.category() != 'A'
                        && NUMBER_TYPES.contains(column.baseType())
                        && source.distinctValues() == 0;
                kinds[i] = counting ? Kind.COUNTING : Kind.VALUE;
                sources[i] = source;
                countingPerTenant[i] =
                        uniqueKeys.stream().allMatch(key -> key.columns().contains(Catalog.TENANT_COLUMN));
                CheckFacts.Bound lower = checks.lower(name);
                countingFloor[i] = lower == null
                        ? 0
                        : lower.value().setScale(0, RoundingMode.CEILING).longValue() - (lower.inclusive() ? 1 : 0);
            }
        }
        this.tenantIndex = tenant;
        this.exactTime = exact;
        this.exactTimeStep = exactDate ? ColumnValues.DAY_SECONDS : EXACT_TIME_STEP_SECONDS;
    }

    String name() {
        return table.name();
    }

    int rowCount() {
        return rowCount;
    }

    /** Connects this table to its parents; loads the rows of parents that are not tenant-owned. */
    void link(Map<String, TablePlan> tenantPlans, Connection connection, UUID tenant) throws SQLException {
        Set<String> assigned = new HashSet<>(Set.of(Catalog.TENANT_COLUMN));
        // A narrower key sharing columns with a wider one can then follow the parent row the wider one chose.
        List<Catalog.ForeignKey> widestFirst = table.foreignKeys().stream()
                .sorted(Comparator.comparingInt((Catalog.ForeignKey foreignKey) ->
                                -foreignKey.columns().size())
                        .thenComparing(Catalog.ForeignKey::name))
                .toList();
        for (Catalog.ForeignKey foreignKey : widestFirst) {
            boolean[] fixed = new boolean[foreignKey.columns().size()];
            int[] indexes = new int[fixed.length];
            boolean anyFree = false;
            boolean freeNullable = true;
            for (int k = 0; k < fixed.length; k++) {
                String column = foreignKey.columns().get(k);
                fixed[k] = assigned.contains(column);
                indexes[k] = indexOf(column);
                if (!fixed[k]) {
                    anyFree = true;
                    freeNullable &= !columns.get(indexes[k]).notNull();
                }
            }
            boolean nullable = anyFree && freeNullable;
            boolean inSchema = foreignKey.referencedSchema().equals(catalog.schema());
            @Nullable TablePlan parent = inSchema ? tenantPlans.get(foreignKey.referencedTable()) : null;
            ForeignKeySlot slot;
            if (parent == this) {
                keyColumns.addAll(foreignKey.referencedColumns());
                slot = ForeignKeySlot.self(
                        this, foreignKey, indexes, fixed, nullable, onlyTenantFixed(foreignKey, fixed));
            } else if (parent != null) {
                parent.keyColumns.addAll(foreignKey.referencedColumns());
                slot = ForeignKeySlot.tenantParent(
                        this, foreignKey, indexes, fixed, nullable, parent, !onlyTenantFixed(foreignKey, fixed));
            } else {
                slot = ForeignKeySlot.external(
                        this,
                        foreignKey,
                        indexes,
                        fixed,
                        nullable,
                        loadExternal(connection, foreignKey, fixed, !nullable, tenant));
            }
            slots.add(slot);
            assigned.addAll(foreignKey.columns());
        }
        for (Catalog.UniqueKey key : table.uniqueKeys()) {
            List<Part> parts = finiteParts(key);
            if (parts != null) {
                finiteKeys.add(parts);
            }
        }
    }

    /** Most rows this table can take, given the row counts of the tables before it. */
    long capacity(long[] counts) {
        for (ForeignKeySlot slot : slots) {
            if (slot.requiresParent() && slot.parentRows(counts) == 0) {
                return 0;
            }
        }
        long capacity = UNBOUNDED;
        for (List<Part> parts : finiteKeys) {
            long product = 1;
            for (Part part : parts) {
                product = saturatedMultiply(product, domain(part, counts));
            }
            capacity = Math.min(capacity, product);
        }
        return capacity;
    }

    int position() {
        return position;
    }

    /** Writes {@code counts[position]} rows for the tenant with COPY in the connection's transaction. */
    void fill(Connection connection, UUID tenant, long[] counts, RowState row) throws SQLException {
        if (counts[position] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Too many rows for one table: " + counts[position]);
        }
        rowCount = (int) counts[position];
        keys = new HashMap<>();
        for (String column : keyColumns) {
            keys.put(column, new String[rowCount]);
        }
        if (rowCount == 0) {
            return;
        }
        @Nullable ValueSource[] rowSources = Arrays.copyOf(sources, sources.length);
        for (int i = 0; i < columns.size(); i++) {
            if (kinds[i] == Kind.SEQUENCE) {
                rowSources[i] = ColumnValues.sequence(nextSequenceValues(connection, columns.get(i)));
            } else if (kinds[i] == Kind.COUNTING) {
                rowSources[i] = ColumnValues.counting(countingStart(connection, i, tenant));
            }
        }
        Enumeration enumeration = planEnumeration(counts);
        int[] remembered = keyColumns.stream().mapToInt(this::indexOf).toArray();
        @Nullable String[][] keyArrays = keyColumns.stream().map(keys::get).toArray(String[][]::new);
        String tenantText = tenant.toString();
        PGCopyOutputStream out =
                new PGCopyOutputStream(connection.unwrap(PGConnection.class), copyStatement(), COPY_BUFFER_SIZE);
        try {
            StringBuilder buffer = new StringBuilder(COPY_BUFFER_SIZE + 4096);
            @Nullable String[] values = new String[columns.size()];
            for (int index = 0; index < rowCount; index++) {
                fillRow(values, index, row, rowSources, enumeration, tenantText);
                for (int k = 0; k < remembered.length; k++) {
                    keyArrays[k][index] = values[remembered[k]];
                }
                CopyText.appendRow(buffer, values);
                if (buffer.length() >= COPY_BUFFER_SIZE) {
                    out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
                    buffer.setLength(0);
                }
            }
            out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
            out.endCopy();
        } catch (IOException e) {
            throw new SQLException(e.getMessage(), e);
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    private void fillRow(
            @Nullable String[] values,
            int index,
            RowState row,
            @Nullable ValueSource[] rowSources,
            Enumeration enumeration,
            String tenantText) {
        row.index = index;
        row.baseSecond = exactTime
                ? ColumnValues.BASE_EPOCH_SECOND + index * exactTimeStep
                : ColumnValues.BASE_EPOCH_SECOND
                        + row.random.nextInt(365) * ColumnValues.DAY_SECONDS
                        + row.random.nextInt(12) * 3600L;
        for (int c = 0; c < values.length; c++) {
            ValueSource source = rowSources[c];
            if (source != null) {
                long digit = enumeration.columnDigit(c, index);
                values[c] = digit >= 0 ? source.valueAt(digit) : source.next(row);
            }
        }
        if (tenantIndex >= 0) {
            values[tenantIndex] = tenantText;
        }
        for (int s = 0; s < slots.size(); s++) {
            slots.get(s).assign(values, row, enumeration.slotDigit(s, index));
        }
    }

    @Nullable
    String keyValue(String column, int row) {
        @Nullable String[] values = keys.get(column);
        if (values == null) {
            throw new IllegalStateException(name() + "." + column + " is not kept for children");
        }
        return values[row];
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalStateException(
                "Column " + catalog.schema() + "." + name() + "." + column + " is generated or missing");
    }

    String schema() {
        return catalog.schema();
    }

    String qualifiedName() {
        return catalog.schema() + "." + name();
    }

    private String copyStatement() {
        return "COPY " + catalog.qualified(name()) + " ("
                + Catalog.quotedList(columns.stream().map(Catalog.Column::name).toList()) + ") FROM STDIN";
    }

    private boolean onlyTenantFixed(Catalog.ForeignKey foreignKey, boolean[] fixed) {
        for (int k = 0; k < fixed.length; k++) {
            if (fixed[k]
                    && !(foreignKey.columns().get(k).equals(Catalog.TENANT_COLUMN)
                            && foreignKey.referencedColumns().get(k).equals(Catalog.TENANT_COLUMN))) {
                return false;
            }
        }
        return true;
    }

    private List<String[]> loadExternal(
            Connection connection, Catalog.ForeignKey foreignKey, boolean[] fixed, boolean required, UUID tenant)
            throws SQLException {
        List<String> referenced = foreignKey.referencedColumns();
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> conditions = new ArrayList<>();
        boolean tenantFiltered = false;
        for (int k = 0; k < referenced.size(); k++) {
            String column = Catalog.quote(referenced.get(k));
            sql.append(k == 0 ? "" : ", ").append(column).append("::text");
            conditions.add(column + " IS NOT NULL");
            if (fixed[k] && foreignKey.columns().get(k).equals(Catalog.TENANT_COLUMN)) {
                conditions.add(column + "::text = ?");
                tenantFiltered = true;
            }
        }
        sql.append(" FROM ")
                .append(Catalog.quote(foreignKey.referencedSchema()))
                .append('.')
                .append(Catalog.quote(foreignKey.referencedTable()))
                .append(" WHERE ")
                .append(String.join(" AND ", conditions))
                .append(" ORDER BY ")
                .append(Catalog.quotedList(referenced));
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            for (int k = 0; k < referenced.size(); k++) {
                if (fixed[k] && foreignKey.columns().get(k).equals(Catalog.TENANT_COLUMN)) {
                    statement.setString(parameter++, tenant.toString());
                }
            }
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String[] values = new String[referenced.size()];
                    for (int k = 0; k < values.length; k++) {
                        values[k] = result.getString(k + 1);
                    }
                    rows.add(values);
                }
            }
        }
        if (rows.isEmpty() && required) {
            throw new IllegalStateException(
                    "Table %s.%s has no rows%s, but %s.%s needs one for its foreign key %s (%s): insert that data first"
                            .formatted(
                                    foreignKey.referencedSchema(),
                                    foreignKey.referencedTable(),
                                    tenantFiltered ? " for tenant " + tenant : "",
                                    catalog.schema(),
                                    name(),
                                    foreignKey.name(),
                                    String.join(", ", foreignKey.columns())));
        }
        return rows;
    }

    private @Nullable List<Part> finiteParts(Catalog.UniqueKey key) {
        if (key.hasExpression()) {
            return null;
        }
        Set<Part> parts = new LinkedHashSet<>();
        for (String column : key.columns()) {
            if (column.equals(Catalog.TENANT_COLUMN)) {
                continue;
            }
            int slot = owningSlot(column);
            if (slot >= 0) {
                if (!slots.get(slot).enumerable()) {
                    return null;
                }
                parts.add(new Part(-1, slot));
            } else {
                int index = indexOf(column);
                ValueSource source = sources[index];
                if (kinds[index] != Kind.VALUE || source == null || source.distinctValues() == 0) {
                    return null;
                }
                parts.add(new Part(index, -1));
            }
        }
        return List.copyOf(parts);
    }

    private int owningSlot(String column) {
        for (int s = 0; s < slots.size(); s++) {
            if (slots.get(s).owns(column)) {
                return s;
            }
        }
        return -1;
    }

    private long domain(Part part, long[] counts) {
        if (part.slot() >= 0) {
            return slots.get(part.slot()).parentRows(counts);
        }
        ValueSource source = sources[part.column()];
        return source == null ? UNBOUNDED : source.distinctValues();
    }

    /**
     * Row n takes the n-th combination of the values of each small unique key, so those keys stay
     * unique; a digit is {@code (n / divisor) % radix}.
     */
    private record Enumeration(long[] columnDivisor, long[] columnRadix, long[] slotDivisor, long[] slotRadix) {

        long columnDigit(int column, int row) {
            return columnRadix[column] > 0 ? (row / columnDivisor[column]) % columnRadix[column] : -1;
        }

        long slotDigit(int slot, int row) {
            return slotRadix[slot] > 0 ? (row / slotDivisor[slot]) % slotRadix[slot] : -1;
        }
    }

    private Enumeration planEnumeration(long[] counts) {
        Enumeration enumeration = new Enumeration(
                new long[columns.size()], new long[columns.size()], new long[slots.size()], new long[slots.size()]);
        List<List<Part>> smallestFirst = new ArrayList<>(finiteKeys);
        smallestFirst.sort(Comparator.comparingLong(parts ->
                parts.stream().mapToLong(part -> domain(part, counts)).reduce(1, TablePlan::saturatedMultiply)));
        Set<Part> assigned = new HashSet<>();
        for (List<Part> parts : smallestFirst) {
            long divisor = 1;
            for (Part part : parts) {
                if (assigned.add(part)) {
                    long radix = Math.max(1, domain(part, counts));
                    if (part.slot() >= 0) {
                        enumeration.slotDivisor()[part.slot()] = divisor;
                        enumeration.slotRadix()[part.slot()] = radix;
                    } else {
                        enumeration.columnDivisor()[part.column()] = divisor;
                        enumeration.columnRadix()[part.column()] = radix;
                    }
                    divisor = saturatedMultiply(divisor, radix);
                }
            }
        }
        return enumeration;
    }

    private long[] nextSequenceValues(Connection connection, Catalog.Column column) throws SQLException {
        String sequence = sequenceOf(connection, column);
        long[] values = new long[rowCount];
        try (PreparedStatement statement = connection.prepareStatement(NEXT_SEQUENCE_VALUES)) {
            statement.setString(1, sequence);
            statement.setInt(2, rowCount);
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet result = statement.executeQuery()) {
                for (int i = 0; result.next(); i++) {
                    values[i] = result.getLong(1);
                }
            }
        }
        return values;
    }

    private String sequenceOf(Connection connection, Catalog.Column column) throws SQLException {
        String defaultExpression = column.defaultExpression();
        if (defaultExpression != null) {
            Matcher matcher = NEXTVAL.matcher(defaultExpression);
            if (matcher.find()) {
                return matcher.group(1).replace("''", "'");
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(SERIAL_SEQUENCE)) {
            statement.setString(1, catalog.qualified(name()));
            statement.setString(2, column.name());
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getString(1) != null) {
                    return result.getString(1);
                }
            }
        }
        throw new IllegalStateException("No sequence found for " + qualifiedName() + "." + column.name());
    }

    private long countingStart(Connection connection, int index, UUID tenant) throws SQLException {
        String column = Catalog.quote(columns.get(index).name());
        String sql = "SELECT coalesce(floor(max(" + column + ")), 0)::bigint FROM " + catalog.qualified(name())
                + (countingPerTenant[index] && tenantIndex >= 0 ? " WHERE tenant_id = ?" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (countingPerTenant[index] && tenantIndex >= 0) {
                statement.setObject(1, tenant);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Math.max(result.getLong(1), countingFloor[index]);
            }
        }
    }

    private Map<String, Integer> temporalRanks(CheckFacts checks) {
        Map<String, Catalog.Column> temporal = new LinkedHashMap<>();
        for (Catalog.Column column : columns) {
            if (column.category() != 'A' && TEMPORAL_TYPES.contains(column.baseType())) {
                temporal.put(column.name(), column);
            }
        }
        Map<String, List<String>> later = new HashMap<>();
        Map<String, Integer> waiting = new HashMap<>();
        temporal.keySet().forEach(name -> waiting.put(name, 0));
        for (CheckFacts.Ordering ordering : checks.orderings()) {
            if (temporal.containsKey(ordering.earlier())
                    && temporal.containsKey(ordering.later())
                    && !ordering.earlier().equals(ordering.later())) {
                later.computeIfAbsent(ordering.earlier(), key -> new ArrayList<>())
                        .add(ordering.later());
                waiting.merge(ordering.later(), 1, Integer::sum);
            }
        }
        PriorityQueue<Catalog.Column> ready = new PriorityQueue<>(Comparator.comparingInt(Catalog.Column::position));
        temporal.values().stream()
                .filter(column -> waiting.get(column.name()) == 0)
                .forEach(ready::add);
        Map<String, Integer> ranks = new LinkedHashMap<>();
        while (!ready.isEmpty()) {
            Catalog.Column column = ready.poll();
            ranks.put(column.name(), ranks.size());
            for (String next : later.getOrDefault(column.name(), List.of())) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    ready.add(temporal.get(next));
                }
            }
        }
        for (String name : temporal.keySet()) {
            ranks.putIfAbsent(name, ranks.size());
        }
        return ranks;
    }

    private static boolean isNextval(@Nullable String defaultExpression) {
        return defaultExpression != null && NEXTVAL.matcher(defaultExpression).find();
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : UNBOUNDED;
    }
}
