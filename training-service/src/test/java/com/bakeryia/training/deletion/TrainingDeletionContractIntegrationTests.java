package com.bakeryia.training.deletion;

import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;
import com.bakeryia.training.model.ModelArtifactFiles;
import com.bakeryia.training.model.TemporaryArtifactsDirectory;
import com.bakeryia.training.model.TenantArtifactDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

@ContextConfiguration(initializers = TemporaryArtifactsDirectory.class)
class TrainingDeletionContractIntegrationTests extends TenantDataDeletionContractTests {

    @Autowired
    private TenantArtifactDirectories directories;

    /** Two models' files of the tenant, as the training workers leave them. */
    @Override
    protected void seedExternalData(UUID tenantId) {
        try {
            for (int model = 0; model < 2; model++) {
                Path directory = Files.createDirectories(directories
                        .tenantDirectory(tenantId)
                        .resolve(UUID.randomUUID().toString()));
                Files.write(directory.resolve("model.bin"), new byte[1024 * (model + 1)]);
                Files.writeString(directory.resolve("features.json"), "{\"lags\": [1, 7, 14]}");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant's files counted straight from the directory (files and their bytes), not through the service. */
    @Override
    protected Map<String, ExternalDataUsage> externalDataOf(UUID tenantId) {
        Path directory = directories.tenantDirectory(tenantId);
        if (!Files.exists(directory)) {
            return Map.of(ModelArtifactFiles.NAME, ExternalDataUsage.NONE);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            long bytes = 0;
            for (Path file : regular) {
                bytes += Files.size(file);
            }
            return Map.of(ModelArtifactFiles.NAME, new ExternalDataUsage(regular.size(), bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
