package com.bakeryia.tools;

import com.bakeryia.testkit.data.SchemaInspector;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fleet's database seen directly, not through the services: what a tenant has left in the
 * schemas and on disk, checksums of its rows, its tombstone.
 */
public final class FleetDatabase implements AutoCloseable {

    /**
     * Tables that keep a tenant's id by design after its erasure: tenant-service's tombstones (proof
     * of erasure) and its record of the request (the former owner's status page, for
     * tenant.deletion.status-retention). Each schema's write fence is retained too; the testkit's
     * inspector leaves it out.
     */
    public static final Set<String> RETAINED_TABLES = Set.of("tenant_tombstones", "tenant_deletion_requests");

    private final FleetSettings settings;
    private final HikariDataSource dataSource;
    private final Map<String, SchemaInspector> inspectors = new ConcurrentHashMap<>();

    public FleetDatabase(FleetSettings settings, int poolSize) {
        this.settings = settings;
        var config = new HikariConfig();
        config.setJdbcUrl(settings.dbUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setPoolName("fleet-database");
        this.dataSource = new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    /** Rows of the tenant per {@code schema.table} in the schemas with tenant data, retained tables aside. */
    public Map<String, Long> rowCounts(UUID tenant) {
        var counts = new LinkedHashMap<String, Long>();
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            inspector(service.schema()).rowCounts(tenant).forEach((table, rows) -> {
                if (!RETAINED_TABLES.contains(table)) {
                    counts.put(service.schema() + "." + table, rows);
                }
            });
        }
        return counts;
    }

    /** The non-zero entries of {@link #rowCounts(UUID)}: what is left of the tenant. */
    public Map<String, Long> residue(UUID tenant) {
        var residue = new LinkedHashMap<String, Long>();
        rowCounts(tenant).forEach((table, rows) -> {
            if (rows > 0) {
                residue.put(table, rows);
            }
        });
        return residue;
    }

    /** Row checksums of the tenant per {@code schema.table}, to show another tenant's data untouched. */
    public Map<String, String> checksums(UUID tenant) {
        var checksums = new LinkedHashMap<String, String>();
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            inspector(service.schema())
                    .checksums(tenant)
                    .forEach((table, sum) -> checksums.put(service.schema() + "." + table, sum));
        }
        return checksums;
    }

    /** Checksums of the tables all tenants share (external's cities and weather, system templates). */
    public Map<String, String> sharedChecksums() {
        var checksums = new LinkedHashMap<String, String>();
        for (FleetService service : FleetService.DOMAIN) {
            inspector(service.schema())
                    .sharedTableChecksums()
                    .forEach((table, sum) -> checksums.put(service.schema() + "." + table, sum));
        }
        return checksums;
    }

    public boolean isTombstoned(UUID tenant) {
        return jdbc().sql("SELECT count(*) FROM tenant.tenant_tombstones WHERE tenant_id = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Files of the tenant under training's artifact directory. */
    public long artifactFiles(UUID tenant) {
        Path directory = settings.artifactsDir().resolve(tenant.toString());
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    public SchemaInspector inspector(String schema) {
        return inspectors.computeIfAbsent(schema, name -> new SchemaInspector(dataSource, name));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
