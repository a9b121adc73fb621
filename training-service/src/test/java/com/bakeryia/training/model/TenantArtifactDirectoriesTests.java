package com.bakeryia.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantArtifactDirectoriesTests {

    @Test
    void givesEachTenantADirectChildOfTheNormalizedRoot() {
        var directories = new TenantArtifactDirectories(Path.of("data/../data/./training-artifacts"));
        UUID tenant = UUID.randomUUID();

        Path directory = directories.tenantDirectory(tenant);

        assertThat(directories.root())
                .isAbsolute()
                .isEqualTo(Path.of("data/training-artifacts").toAbsolutePath());
        assertThat(directory.getParent()).isEqualTo(directories.root());
        assertThat(directory.getFileName()).hasToString(tenant.toString());
        assertThat(directories.relative(directory.resolve("m").resolve("model.bin")))
                .isEqualTo(tenant + "/m/model.bin");
    }
}
