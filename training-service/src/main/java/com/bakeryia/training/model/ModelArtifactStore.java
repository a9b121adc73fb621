package com.bakeryia.training.model;

import com.bakeryia.deletion.TenantErasureFence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a trained model: its file under {@code {training.artifacts-dir}/{tenantId}/{modelId}/} and
 * its {@code trained_models} and {@code model_artifacts} rows (path, size, SHA-256) in one
 * operation. The file is complete before the rows commit; when the rows cannot be written the file
 * is removed again, so a committed row always has its file.
 */
@Component
public class ModelArtifactStore {

    static final String MODEL_FILE = "model.bin";
    private static final String CONTENT_TYPE = "application/octet-stream";

    private static final String TENANT_FENCED =
            "SELECT EXISTS (SELECT 1 FROM training." + TenantErasureFence.TABLE + " WHERE tenant_id = ?)";

    private static final String INSERT_MODEL = """
            INSERT INTO training.trained_models (id, tenant_id, job_id, model_type, status, trained_at, created_at)
            VALUES (:id, :tenantId, :jobId, :modelType, 'ACTIVE', :trainedAt, :trainedAt)
            """;

    private static final String INSERT_ARTIFACT = """
            INSERT INTO training.model_artifacts
                (id, tenant_id, model_id, artifact_type, relative_path, size_bytes, sha256, content_type, created_at)
            VALUES (:id, :tenantId, :modelId, 'MODEL', :path, :size, :sha256, :contentType, :createdAt)
            """;

    private final TenantArtifactDirectories directories;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ModelArtifactStore(
            TenantArtifactDirectories directories, JdbcClient jdbc, TransactionTemplate transaction, Clock clock) {
        this.directories = directories;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Writes the model's file and commits its rows.
     *
     * @param tenantId the tenant
     * @param jobId the tenant's training job that produced the model
     * @param type the model family
     * @param content the serialized model; read to its end, not closed
     * @return what was stored
     * @throws UncheckedIOException when the file cannot be written (no row is written then)
     */
    public StoredModel store(UUID tenantId, UUID jobId, ModelType type, InputStream content) {
        UUID modelId = UUID.randomUUID();
        Path directory = directories.tenantDirectory(tenantId).resolve(modelId.toString());
        Path file = directory.resolve(MODEL_FILE);
        WrittenFile written = write(directory, file, content);
        var stored = new StoredModel(
                modelId, UUID.randomUUID(), directories.relative(file), written.size(), written.sha256());
        Timestamp now = Timestamp.from(Instant.now(clock));
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.sql(INSERT_MODEL)
                        .param("id", modelId)
                        .param("tenantId", tenantId)
                        .param("jobId", jobId)
                        .param("modelType", type.name())
                        .param("trainedAt", now)
                        .update();
                jdbc.sql(INSERT_ARTIFACT)
                        .param("id", stored.artifactId())
                        .param("tenantId", tenantId)
                        .param("modelId", modelId)
                        .param("path", stored.relativePath())
                        .param("size", stored.sizeBytes())
                        .param("sha256", stored.sha256())
                        .param("contentType", CONTENT_TYPE)
                        .param("createdAt", now)
                        .update();
            });
        } catch (RuntimeException e) {
            removeQuietly(file, directory, e);
            removeTenantDirectoryIfErased(tenantId, e);
            throw e;
        }
        return stored;
    }

    /**
     * After a refused store of an erased tenant, removes the tenant's directory too when it is empty,
     * so that not even its name stays on disk. Only for a fenced tenant: every store of such a tenant
     * fails anyway, whereas removing a live tenant's directory could trip a concurrent store.
     */
    private void removeTenantDirectoryIfErased(UUID tenantId, RuntimeException failure) {
        try {
            boolean erased =
                    jdbc.sql(TENANT_FENCED).param(tenantId).query(Boolean.class).single();
            if (erased) {
                Files.deleteIfExists(directories.tenantDirectory(tenantId));
            }
        } catch (DirectoryNotEmptyException stillInUse) {
            // a file of the tenant's is there: the next deletion run removes it
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private record WrittenFile(long size, String sha256) {}

    private static WrittenFile write(Path directory, Path file, InputStream content) {
        Path partial = directory.resolve(MODEL_FILE + ".partial");
        try {
            Files.createDirectories(directory);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                size = content.transferTo(out);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return new WrittenFile(size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("Could not write model file " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void removeQuietly(Path file, Path directory, RuntimeException failure) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
