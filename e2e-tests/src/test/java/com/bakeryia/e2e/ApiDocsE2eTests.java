package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tools.ApiDocs;
import com.bakeryia.tools.FleetService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/api/ is what the services publish: each service's OpenAPI document and the merged overview. */
@ExtendWith(FleetExtension.class)
class ApiDocsE2eTests {

    private static final String REGENERATE =
            "docs/api/ is stale: regenerate it with scripts/api-docs against a local fleet";

    @Test
    void theCommittedReferenceIsWhatEveryServicePublishes(RunningFleet fleet) throws IOException {
        ApiDocs docs = new ApiDocs();
        Map<FleetService, ObjectNode> published = docs.fetch(fleet.settings());
        var root = fleet.settings().repoRoot();
        published.forEach((service, document) -> {
            assertThat(ApiDocs.file(root, service)).as(REGENERATE).exists();
            assertThat(docs.read(ApiDocs.file(root, service)))
                    .as("%s (%s)", ApiDocs.file(root, service), REGENERATE)
                    .isEqualTo(document);
            assertThat(document.path("paths").size())
                    .as("%s's operations", service.name())
                    .isPositive();
        });
        assertThat(Files.readString(ApiDocs.overviewFile(root))).as(REGENERATE).isEqualTo(docs.overview(published));
    }
}
