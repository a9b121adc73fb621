package com.bakeryia.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The benchmark's baseline: a tenant's rows erased by plain SQL, one {@code DELETE ... WHERE
 * tenant_id = ?} per table, children first, one transaction per schema, on one connection, and
 * its artifact directory removed. No lock, no batching, no verification, no audit.
 */
public final class PlainSqlEraser {

    private final FleetDatabase database;
    private final FleetSettings settings;
    private final Map<String, List<String>> deletionOrder = new LinkedHashMap<>();

    public PlainSqlEraser(FleetDatabase database, FleetSettings settings) {
        this.database = database;
        this.settings = settings;
        for (FleetService service : FleetService.DOMAIN) {
            deletionOrder.put(
                    service.schema(), database.inspector(service.schema()).tenantTablesChildrenFirst());
        }
    }

    /** Erases the tenant from the domain schemas and training's files; returns the rows deleted. */
    public long erase(UUID tenant) {
        long deleted = 0;
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (var schema : deletionOrder.entrySet()) {
                for (String table : schema.getValue()) {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + schema.getKey() + "." + table + " WHERE tenant_id = ?")) {
                        delete.setObject(1, tenant);
                        deleted += delete.executeUpdate();
                    }
                }
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Plain SQL erasure of " + tenant + " failed: " + e.getMessage(), e);
        }
        removeTree(settings.artifactsDir().resolve(tenant.toString()));
        return deleted;
    }

    private static void removeTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + directory, e);
        }
    }
}
