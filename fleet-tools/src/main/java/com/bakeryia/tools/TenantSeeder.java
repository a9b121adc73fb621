package com.bakeryia.tools;

import com.bakeryia.testkit.data.GeneratedTenant;
import com.bakeryia.testkit.data.TenantDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the domain schemas with a tenant's rows (the testkit's schema-driven generator) and
 * training-service's artifact directory with the files its {@code model_artifacts} rows describe,
 * in the layout training-service writes: {@code {artifacts-dir}/{tenant}/{model}/{file}}.
 */
public final class TenantSeeder {

    private static final int ARTIFACT_BYTES = 2048;

    private final FleetDatabase database;
    private final FleetSettings settings;
    private final int threads;

    public TenantSeeder(FleetDatabase database, FleetSettings settings, int threads) {
        this.database = database;
        this.settings = settings;
        this.threads = threads;
    }

    /**
     * Writes {@code rows} rows of the tenant, split evenly over the domain schemas, and its artifact
     * files. Tenants seeded with the same {@code rows} and {@code seed} have the same shape.
     *
     * @return rows written per service, in registry order
     */
    public Map<String, Long> seed(UUID tenant, long rows, long seed) {
        List<FleetService> services = FleetService.DOMAIN;
        Map<String, Long> written = new LinkedHashMap<>();
        List<Future<GeneratedTenant>> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < services.size(); i++) {
                long share = rows / services.size() + (i < rows % services.size() ? 1 : 0);
                String schema = services.get(i).schema();
                runs.add(pool.submit(
                        () -> new TenantDataGenerator(database.dataSource(), schema, seed).generate(tenant, share)));
            }
            for (int i = 0; i < services.size(); i++) {
                written.put(services.get(i).name(), runs.get(i).get().total());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Seeding tenant " + tenant + " failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while seeding tenant " + tenant, e);
        } finally {
            pool.shutdownNow();
        }
        writeArtifactFiles(tenant, seed);
        return written;
    }

    /**
     * Writes one file per {@code model_artifacts} row of the tenant and makes the row describe it
     * (relative path, size, SHA-256), as training-service's {@code ModelArtifactStore} would have.
     *
     * @return the number of files written
     */
    public int writeArtifactFiles(UUID tenant, long seed) {
        record Artifact(UUID id, UUID model, String type) {}
        List<Artifact> artifacts = database.jdbc()
                .sql("SELECT id, model_id, artifact_type FROM training.model_artifacts WHERE tenant_id = ?")
                .param(tenant)
                .query((rs, n) ->
                        new Artifact(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .list();
        var random = new Random(seed ^ tenant.getLeastSignificantBits());
        byte[] content = new byte[ARTIFACT_BYTES];
        List<Object[]> described = new ArrayList<>();
        for (Artifact artifact : artifacts) {
            random.nextBytes(content);
            String relative = tenant + "/" + artifact.model() + "/"
                    + artifact.type().toLowerCase() + "-" + artifact.id() + ".bin";
            write(settings.artifactsDir().resolve(relative), content);
            described.add(new Object[] {relative, content.length, sha256(content), tenant, artifact.id()});
        }
        describe(described);
        return artifacts.size();
    }

    /** The rows' descriptions of their files, in one transaction of batched updates (one commit, not one per file). */
    private void describe(List<Object[]> described) {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE training.model_artifacts SET relative_path = ?, size_bytes = ?, sha256 = ?"
                            + " WHERE tenant_id = ? AND id = ?")) {
                int pending = 0;
                for (Object[] row : described) {
                    for (int i = 0; i < row.length; i++) {
                        update.setObject(i + 1, row[i]);
                    }
                    update.addBatch();
                    if (++pending == 1000) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
                update.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot describe the artifact files in training.model_artifacts: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(partial, content);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
