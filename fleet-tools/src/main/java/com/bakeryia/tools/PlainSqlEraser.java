package com.bakeryia.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The benchmark's baselines: a tenant's rows erased by plain SQL, one {@code DELETE ... WHERE
 * tenant_id = ?} per table, children first, one transaction per schema, in the 12 domain schemas
 * and tenant-service's (its {@link FleetDatabase#RETAINED_TABLES} aside), and its artifact
 * directory removed. No lock, no batching, no verification, no audit. {@link #erase} does it on
 * one connection, schema after schema; {@link #eraseInParallel} as a platform engineer would by
 * hand: every schema on its own connection at once, the files removed by several threads meanwhile.
 */
public final class PlainSqlEraser {

    /** Connections {@link #eraseInParallel} holds at once: one per schema with tenant data. */
    public static final int PARALLEL_CONNECTIONS = FleetService.WITH_TENANT_DATA.size();

    private static final int FILE_THREADS = 4;

    private final FleetDatabase database;
    private final FleetSettings settings;
    private final Map<String, List<String>> deletionOrder = new LinkedHashMap<>();

    public PlainSqlEraser(FleetDatabase database, FleetSettings settings) {
        this.database = database;
        this.settings = settings;
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            deletionOrder.put(
                    service.schema(),
                    database.inspector(service.schema()).tenantTablesChildrenFirst().stream()
                            .filter(table -> !FleetDatabase.RETAINED_TABLES.contains(table))
                            .toList());
        }
    }

    /** Erases the tenant schema after schema on one connection, then its files; returns the rows deleted. */
    public long erase(UUID tenant) {
        long deleted = 0;
        try (Connection connection = database.dataSource().getConnection()) {
            for (var schema : deletionOrder.entrySet()) {
                deleted += eraseSchema(connection, schema.getKey(), schema.getValue(), tenant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Plain SQL erasure of " + tenant + " failed: " + e.getMessage(), e);
        }
        removeTree(settings.artifactsDir().resolve(tenant.toString()));
        return deleted;
    }

    /**
     * Erases the tenant from every schema at once, each on its own connection, while several threads
     * remove its files; returns the rows deleted.
     */
    public long eraseInParallel(UUID tenant) {
        ExecutorService schemas = Executors.newFixedThreadPool(PARALLEL_CONNECTIONS);
        ExecutorService files = Executors.newFixedThreadPool(FILE_THREADS);
        try {
            Future<?> tree = files.submit(
                    () -> removeTreeInParallel(settings.artifactsDir().resolve(tenant.toString()), files));
            List<Future<Long>> erasures = new ArrayList<>();
            for (var schema : deletionOrder.entrySet()) {
                erasures.add(schemas.submit(() -> {
                    try (Connection connection = database.dataSource().getConnection()) {
                        return eraseSchema(connection, schema.getKey(), schema.getValue(), tenant);
                    }
                }));
            }
            long deleted = 0;
            for (Future<Long> erasure : erasures) {
                deleted += erasure.get();
            }
            tree.get();
            return deleted;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Parallel plain SQL erasure of " + tenant + " failed: "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while erasing " + tenant, e);
        } finally {
            schemas.shutdownNow();
            files.shutdownNow();
        }
    }

    private static long eraseSchema(Connection connection, String schema, List<String> tables, UUID tenant)
            throws SQLException {
        connection.setAutoCommit(false);
        long deleted = 0;
        try {
            for (String table : tables) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + schema + "." + table + " WHERE tenant_id = ?")) {
                    delete.setObject(1, tenant);
                    deleted += delete.executeUpdate();
                }
            }
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
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

    /**
     * The files first, split over the pool's threads, then the directories deepest first, each depth
     * in parallel too (the task runs on {@code pool} and waits for its own share of it).
     */
    private static Void removeTreeInParallel(Path directory, ExecutorService pool) throws Exception {
        if (!Files.exists(directory)) {
            return null;
        }
        List<Path> regularFiles = new ArrayList<>();
        TreeMap<Integer, List<Path>> directoriesByDepth = new TreeMap<>(Comparator.reverseOrder());
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.forEach(path -> {
                if (Files.isDirectory(path)) {
                    directoriesByDepth
                            .computeIfAbsent(path.getNameCount(), depth -> new ArrayList<>())
                            .add(path);
                } else {
                    regularFiles.add(path);
                }
            });
        }
        deleteAll(regularFiles, pool);
        for (List<Path> directories : directoriesByDepth.values()) {
            deleteAll(directories, pool);
        }
        return null;
    }

    /** Deletes the paths in {@code FILE_THREADS - 1} slices on the pool (one thread is the caller's) and in this thread. */
    private static void deleteAll(List<Path> paths, ExecutorService pool) throws Exception {
        int slices = FILE_THREADS;
        List<Future<Void>> others = new ArrayList<>();
        for (int slice = 1; slice < slices; slice++) {
            others.add(pool.submit(deleting(paths, slice, slices)));
        }
        deleting(paths, 0, slices).call();
        for (Future<Void> other : others) {
            other.get();
        }
    }

    private static Callable<Void> deleting(List<Path> paths, int slice, int slices) {
        return () -> {
            for (int i = slice; i < paths.size(); i += slices) {
                Files.delete(paths.get(i));
            }
            return null;
        };
    }
}
