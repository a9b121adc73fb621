package com.bakeryia.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataExport;
import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = {FreshDatabaseContextInitializer.class, TemporaryArtifactsDirectory.class})
class ModelArtifactFilesIntegrationTests {

    private static final String INSERT_RUNNING_JOB = """
            INSERT INTO training.training_jobs (id, tenant_id, model_type, status, claimed_by, queued_at, claimed_at,
                                                heartbeat_at, lease_expires_at)
            VALUES (?, ?, 'PROPHET', 'RUNNING', 'worker-1', now(), now(), now(), now() + interval '1 minute')
            """;
    private static final String SELECT_ARTIFACT = """
            SELECT relative_path, size_bytes, sha256 FROM training.model_artifacts WHERE id = ?
            """;

    @Autowired
    private ModelArtifactStore store;

    @Autowired
    private TenantArtifactDirectories directories;

    @Autowired
    private TenantDataDeletionService deletionService;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void storesTheFileUnderTheTenantDirectoryWithItsSizeAndChecksumInTheRows() throws Exception {
        UUID tenant = UUID.randomUUID();
        byte[] content = "serialized prophet model".getBytes();

        StoredModel stored = store(tenant, content);

        Path file = directories.root().resolve(stored.relativePath());
        assertThat(file).hasBinaryContent(content).startsWith(directories.tenantDirectory(tenant));
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(stored.sizeBytes()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256);
        assertThat(jdbc.sql(SELECT_ARTIFACT).param(stored.artifactId()).query().singleRow())
                .containsEntry("relative_path", stored.relativePath())
                .containsEntry("size_bytes", (long) content.length)
                .containsEntry("sha256", sha256);
    }

    @Test
    void previewCountsTheTenantsFilesAndBytes() {
        UUID tenant = UUID.randomUUID();
        store(tenant, new byte[1000]);
        store(tenant, new byte[234]);
        store(UUID.randomUUID(), new byte[5000]);

        DeletionPreview preview = deletionService.preview(tenant);

        assertThat(preview.external()).containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(2, 1234));
        assertThat(preview.counts()).containsEntry("trained_models", 2L).containsEntry("model_artifacts", 2L);
    }

    @Test
    void deletionRemovesTheTenantsDirectoryWithItsRowsAndNothingOfAnotherTenant() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        store(tenant, new byte[300]);
        store(tenant, new byte[700]);
        StoredModel neighbourModel = store(neighbour, new byte[4096]);
        var inspector = new SchemaInspector(dataSource, "training");
        Map<String, String> neighbourRows = inspector.checksums(neighbour);

        DeletionResult result = deletionService.delete(tenant);

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.externalDeleted()).containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(2, 1000));
        assertThat(directories.tenantDirectory(tenant)).doesNotExist();
        assertThat(inspector.totalRows(tenant)).isZero();
        assertThat(directories.root().resolve(neighbourModel.relativePath())).hasSize(4096);
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourRows);
        assertThat(deletionService.preview(neighbour).external())
                .containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(1, 4096));
    }

    @Test
    void aFileThatCannotBeDeletedFailsTheRunNamingItWhileTheRowsAreStillDeleted() throws Exception {
        UUID tenant = UUID.randomUUID();
        StoredModel kept = store(tenant, new byte[64]);
        store(tenant, new byte[32]);
        Path file = directories.root().resolve(kept.relativePath());

        DeletionResult result;
        try (UndeletableFile ignored = UndeletableFile.lock(file)) {
            result = deletionService.delete(tenant);
        }

        assertThat(result.success()).isFalse();
        assertThat(result.verified()).isFalse();
        assertThat(result.errors())
                .anySatisfy(error -> assertThat(error)
                        .startsWith(ModelArtifactFiles.NAME + ": could not delete " + kept.relativePath()))
                .anySatisfy(error -> assertThat(error).contains("1 items (64 bytes) of the tenant remain"));
        assertThat(result.deletedCounts()).containsEntry("trained_models", 2L).containsEntry("model_artifacts", 2L);
        assertThat(result.externalDeleted()).containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(1, 32));
        assertThat(new SchemaInspector(dataSource, "training").totalRows(tenant))
                .isZero();
        assertThat(file).exists();

        DeletionResult retry = deletionService.delete(tenant);

        assertThat(retry.success()).as(retry.errors().toString()).isTrue();
        assertThat(retry.externalDeleted()).containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(1, 64));
        assertThat(directories.tenantDirectory(tenant)).doesNotExist();
    }

    @Test
    void manyModelsAreRemovedOverTheDeletionThreadsAndOneUndeletableFileStaysNamedAlone() throws Exception {
        UUID tenant = UUID.randomUUID();
        List<StoredModel> models = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            models.add(store(tenant, new byte[10 + i]));
        }
        StoredModel kept = models.get(17);
        Path file = directories.root().resolve(kept.relativePath());

        DeletionResult result;
        try (UndeletableFile ignored = UndeletableFile.lock(file)) {
            result = deletionService.delete(tenant);
        }

        assertThat(result.success()).isFalse();
        assertThat(result.errors())
                .filteredOn(error -> error.startsWith(ModelArtifactFiles.NAME + ": could not delete"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(ModelArtifactFiles.NAME + ": could not delete " + kept.relativePath());
        assertThat(result.externalDeleted())
                .containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(22, sizes(23) - (10 + 17)));
        assertThat(file).exists();
        try (var left = Files.walk(directories.tenantDirectory(tenant))) {
            assertThat(left.filter(Files::isRegularFile).toList()).containsExactly(file);
        }

        DeletionResult retry = deletionService.delete(tenant);

        assertThat(retry.success()).as(retry.errors().toString()).isTrue();
        assertThat(retry.externalDeleted()).containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(1, 27));
        assertThat(directories.tenantDirectory(tenant)).doesNotExist();
    }

    /** 10 + 11 + ... + (10 + n - 1): the bytes of the models stored above. */
    private static long sizes(int n) {
        return 10L * n + (long) n * (n - 1) / 2;
    }

    @Test
    void removesALinkInTheTenantDirectoryWithoutFollowingIt() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        StoredModel neighbourModel = store(neighbour, new byte[128]);
        Path neighbourDirectory = directories.tenantDirectory(neighbour);
        Files.createDirectories(directories.tenantDirectory(tenant));
        Files.createSymbolicLink(directories.tenantDirectory(tenant).resolve("escape"), neighbourDirectory);

        assertThat(deletionService.preview(tenant).external())
                .containsEntry(ModelArtifactFiles.NAME, new ExternalDataUsage(1, 0));

        DeletionResult result = deletionService.delete(tenant);

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(directories.tenantDirectory(tenant)).doesNotExist();
        assertThat(directories.root().resolve(neighbourModel.relativePath())).hasSize(128);
    }

    @Test
    void exportsTheTenantsModelFilesByteForByteButNeitherAnotherTenantsNorWhatALinkPointsTo() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        var random = new Random(42);
        byte[] first = new byte[200_000];
        random.nextBytes(first);
        byte[] second = "{\"weights\": [0.1, -2e-9]}\n\u0000\\".getBytes(StandardCharsets.UTF_8);
        StoredModel firstModel = store(tenant, first);
        StoredModel secondModel = store(tenant, second);
        StoredModel neighbourModel = store(neighbour, new byte[128]);
        Files.createSymbolicLink(
                directories.tenantDirectory(tenant).resolve("escape"), directories.tenantDirectory(neighbour));

        var archive = new ByteArrayOutputStream();
        try (TenantDataExport export = deletionService.openExport(tenant)) {
            export.writeTo(archive);
        }

        var files = new LinkedHashMap<String, byte[]>();
        String manifest = null;
        try (var zip = new ZipInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().startsWith("files/")) {
                    files.put(entry.getName(), zip.readAllBytes());
                } else if (entry.getName().equals("export.json")) {
                    manifest = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(files.keySet())
                .containsExactlyInAnyOrder(exported(tenant, firstModel), exported(tenant, secondModel));
        assertThat(files.get(exported(tenant, firstModel))).isEqualTo(first);
        assertThat(files.get(exported(tenant, secondModel))).isEqualTo(second);
        assertThat(files.keySet())
                .noneMatch(name -> name.contains(neighbourModel.relativePath()) || name.contains("escape"));
        assertThat(manifest)
                .contains("\"" + exported(tenant, firstModel) + "\":200000")
                .contains("\"" + exported(tenant, secondModel) + "\":" + second.length);
    }

    /** The entry of a stored model in the tenant's export: below files/model-artifact-files/, relative to the tenant's directory. */
    private static String exported(UUID tenant, StoredModel model) {
        assertThat(model.relativePath()).startsWith(tenant + "/");
        return "files/" + ModelArtifactFiles.NAME + "/"
                + model.relativePath().substring(tenant.toString().length() + 1);
    }

    private StoredModel store(UUID tenant, byte[] content) {
        UUID job = UUID.randomUUID();
        jdbc.sql(INSERT_RUNNING_JOB).params(job, tenant).update();
        return store.store(tenant, job, ModelType.PROPHET, new ByteArrayInputStream(content));
    }
}
