package com.bakeryia.deletion;

import com.bakeryia.fleet.retention.RetentionPurge;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retention purge of one of deletion-core's retained tables in the service's schema: the {@link
 * TenantErasureFence} ({@code tenant-erasure-fence}, by {@code fenced_at}) or the {@link
 * TenantErasureLedger} ({@code tenant-erasure-ledger}, by {@code erased_at}), as the service's runtime
 * role (the schema owner's default privileges grant it DELETE on both).
 */
final class ErasureRecordPurge implements RetentionPurge {

    static final String FENCE = "tenant-erasure-fence";
    static final String LEDGER = "tenant-erasure-ledger";

    private final String name;
    private final Period retention;
    private final JdbcTemplate jdbc;
    private final String schema;

    ErasureRecordPurge(String name, Period retention, JdbcTemplate jdbc, String schema) {
        this.name = name;
        this.retention = retention;
        this.jdbc = jdbc;
        this.schema = schema;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int purgeBatch(Instant now, int batch) {
        Instant before = now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
        return FENCE.equals(name)
                ? TenantErasureFence.purgeFencedBefore(jdbc, schema, before, batch)
                : TenantErasureLedger.purgeErasedBefore(jdbc, schema, before, batch);
    }
}
