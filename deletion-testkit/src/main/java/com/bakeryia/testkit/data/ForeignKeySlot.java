package com.bakeryia.testkit.data;

import com.bakeryia.testkit.data.ColumnValues.RowState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Fills the columns of one foreign key from one parent row: a row of this tenant in a tenant-owned
 * parent, an existing row of any other parent, or an earlier row of the same table. Columns already
 * set (the tenant, or a column shared with an earlier foreign key) are kept and the parent row is
 * chosen to match them.
 */
final class ForeignKeySlot {

    private static final int NONE = -1;
    private static final int CURRENT = -2;

    private final TablePlan owner;
    private final Catalog.ForeignKey foreignKey;
    private final int[] columns;
    private final boolean[] fixed;
    private final boolean nullable;
    private final @Nullable TablePlan parent;
    private final @Nullable List<String[]> external;
    private final boolean self;
    private final boolean matchFixed;
    private final int[] referencedInOwner;
    private @Nullable Map<String, int[]> index;

    private ForeignKeySlot(
            TablePlan owner,
            Catalog.ForeignKey foreignKey,
            int[] columns,
            boolean[] fixed,
            boolean nullable,
            @Nullable TablePlan parent,
            @Nullable List<String[]> external,
            boolean self,
            boolean matchFixed) {
        this.owner = owner;
        this.foreignKey = foreignKey;
        this.columns = columns;
        this.fixed = fixed;
        this.nullable = nullable;
        this.parent = parent;
        this.external = external;
        this.self = self;
        this.matchFixed = matchFixed;
        this.referencedInOwner = self
                ? foreignKey.referencedColumns().stream()
                        .mapToInt(owner::indexOf)
                        .toArray()
                : new int[0];
    }

    static ForeignKeySlot self(
            TablePlan owner,
            Catalog.ForeignKey foreignKey,
            int[] columns,
            boolean[] fixed,
            boolean nullable,
            boolean onlyTenantFixed) {
        return new ForeignKeySlot(owner, foreignKey, columns, fixed, nullable, owner, null, true, !onlyTenantFixed);
    }

    static ForeignKeySlot tenantParent(
            TablePlan owner,
            Catalog.ForeignKey foreignKey,
            int[] columns,
            boolean[] fixed,
            boolean nullable,
            TablePlan parent,
            boolean matchFixed) {
        return new ForeignKeySlot(owner, foreignKey, columns, fixed, nullable, parent, null, false, matchFixed);
    }

    static ForeignKeySlot external(
            TablePlan owner,
            Catalog.ForeignKey foreignKey,
            int[] columns,
            boolean[] fixed,
            boolean nullable,
            List<String[]> rows) {
        boolean matchFixed = false;
        for (int k = 0; k < fixed.length; k++) {
            matchFixed |= fixed[k] && !foreignKey.columns().get(k).equals(Catalog.TENANT_COLUMN);
        }
        return new ForeignKeySlot(owner, foreignKey, columns, fixed, nullable, null, rows, false, matchFixed);
    }

    /** Whether a row cannot be written without a parent row. */
    boolean requiresParent() {
        return !nullable && !self;
    }

    /** Rows to choose from; {@link TablePlan#UNBOUNDED} for a reference into the same table. */
    long parentRows(long[] counts) {
        if (self) {
            return TablePlan.UNBOUNDED;
        }
        if (external != null) {
            return external.size();
        }
        return parent == null ? 0 : counts[parent.position()];
    }

    /** Whether the n-th row may take the n-th parent row, which keeps a unique foreign key unique. */
    boolean enumerable() {
        return !self && !matchFixed;
    }

    boolean owns(String column) {
        for (int k = 0; k < fixed.length; k++) {
            if (!fixed[k] && foreignKey.columns().get(k).equals(column)) {
                return true;
            }
        }
        return false;
    }

    void assign(@Nullable String[] values, RowState row, long digit) {
        int chosen = choose(values, row, digit);
        if (chosen == NONE) {
            if (!nullable) {
                throw new IllegalStateException("No row of %s.%s matches %s for a row of %s"
                        .formatted(
                                foreignKey.referencedSchema(),
                                foreignKey.referencedTable(),
                                foreignKey.describe(owner.schema()),
                                owner.qualifiedName()));
            }
            for (int k = 0; k < columns.length; k++) {
                if (!fixed[k]) {
                    values[columns[k]] = null;
                }
            }
            return;
        }
        for (int k = 0; k < columns.length; k++) {
            if (!fixed[k]) {
                values[columns[k]] = chosen == CURRENT ? values[referencedInOwner[k]] : parentValue(chosen, k);
            }
        }
    }

    private int choose(@Nullable String[] values, RowState row, long digit) {
        if (self) {
            if (matchFixed) {
                return CURRENT;
            }
            if (row.index == 0) {
                return nullable ? NONE : CURRENT;
            }
            return row.random.nextInt(row.index);
        }
        if (digit >= 0) {
            return (int) digit;
        }
        if (matchFixed) {
            int[] matching = index().get(fixedKey(values));
            return matching == null ? NONE : matching[row.random.nextInt(matching.length)];
        }
        int size = parentSize();
        return size == 0 ? NONE : row.random.nextInt(size);
    }

    private int parentSize() {
        if (external != null) {
            return external.size();
        }
        return parent == null ? 0 : parent.rowCount();
    }

    private @Nullable String parentValue(int parentRow, int k) {
        if (external != null) {
            return external.get(parentRow)[k];
        }
        TablePlan source = parent == null ? owner : parent;
        return source.keyValue(foreignKey.referencedColumns().get(k), parentRow);
    }

    private String fixedKey(@Nullable String[] values) {
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < columns.length; k++) {
            if (fixed[k]) {
                key.append(values[columns[k]]).append('\u0000');
            }
        }
        return key.toString();
    }

    private Map<String, int[]> index() {
        Map<String, int[]> built = index;
        if (built != null) {
            return built;
        }
        Map<String, List<Integer>> rows = new HashMap<>();
        for (int parentRow = 0; parentRow < parentSize(); parentRow++) {
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < columns.length; k++) {
                if (fixed[k]) {
                    key.append(parentValue(parentRow, k)).append('\u0000');
                }
            }
            rows.computeIfAbsent(key.toString(), ignored -> new ArrayList<>()).add(parentRow);
        }
        built = new HashMap<>();
        for (Map.Entry<String, List<Integer>> entry : rows.entrySet()) {
            built.put(
                    entry.getKey(),
                    entry.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        index = built;
        return built;
    }
}
