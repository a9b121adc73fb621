package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.ApiResponse;
import com.bakeryia.tools.FleetDatabase;
import com.bakeryia.tools.FleetService;
import com.bakeryia.tools.ReceiptVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenarios 1 and 2: the owner's DELETE erases every row and file of the tenant and nothing of anyone else. */
@ExtendWith(FleetExtension.class)
class ErasureE2eTests {

    @Test
    void ownersDeleteErasesEveryRowAndFileOfTheTenantAndLeavesFiveOtherTenantsIdentical(RunningFleet fleet) {
        FleetDatabase database = fleet.database();
        List<SeededTenant> others =
                IntStream.range(0, 5).mapToObj(i -> fleet.seedTenant(3_000)).toList();
        SeededTenant tenant = fleet.seedTenant(24_000);
        long seededRows = database.rowCounts(tenant.id()).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(seededRows).as("rows of the tenant before").isGreaterThan(24_000);
        assertThat(database.artifactFiles(tenant.id()))
                .as("artifact files before")
                .isPositive();
        Map<UUID, Map<String, String>> checksumsBefore = new HashMap<>();
        Map<UUID, Long> filesBefore = new HashMap<>();
        for (SeededTenant other : others) {
            checksumsBefore.put(other.id(), database.checksums(other.id()));
            filesBefore.put(other.id(), database.artifactFiles(other.id()));
        }
        Map<String, String> sharedBefore = database.sharedChecksums();

        ApiResponse accepted = fleet.api().requestDeletion(tenant.ownerToken(), tenant.id());

        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.body().path("status").asText()).isEqualTo("DELETION_PENDING");
        UUID jobId = UUID.fromString(accepted.body().path("job_id").asText());
        // The owner is sent to their own status at tenant-service, not to the ops API (issue 16).
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/tenants/" + tenant.id() + "/deletion");
        String ops = fleet.tokens().ops();
        JsonNode job = fleet.api().awaitStatus(ops, jobId, "COMPLETED", Duration.ofMinutes(3));

        assertThat(job.path("steps"))
                .hasSize(FleetService.WITH_TENANT_DATA.size())
                .allSatisfy(step -> {
                    assertThat(step.path("status").asText()).isEqualTo("SUCCEEDED");
                    assertThat(step.path("verified").asBoolean()).isTrue();
                });
        assertThat(job.path("total_deleted").asLong()).isGreaterThanOrEqualTo(seededRows);
        assertThat(database.residue(tenant.id()))
                .as("rows of the tenant left in the 13 schemas")
                .isEmpty();
        assertThat(database.rowCounts(tenant.id())).as("tables checked").hasSizeGreaterThan(50);
        assertThat(database.artifactFiles(tenant.id()))
                .as("artifact files left")
                .isZero();
        assertThat(database.isTombstoned(tenant.id())).as("tombstone").isTrue();
        assertThat(fleet.api()
                        .send("GET", fleet.api().tenantUrl("/api/v1/tenants/" + tenant.id()), tenant.ownerToken(), null)
                        .status())
                .as("the erased tenant through the API")
                .isEqualTo(404);

        for (SeededTenant other : others) {
            assertThat(database.checksums(other.id()))
                    .as("rows of untouched tenant %s", other.id())
                    .isEqualTo(checksumsBefore.get(other.id()));
            assertThat(database.artifactFiles(other.id()))
                    .as("artifact files of untouched tenant %s", other.id())
                    .isEqualTo(filesBefore.get(other.id()));
        }
        assertThat(database.sharedChecksums()).as("shared tables").isEqualTo(sharedBefore);

        JsonNode receipt = fleet.api().receipt(ops, jobId);
        String jwksUri = URI.create(fleet.api().orchestratorUrl("/"))
                .resolve(receipt.path("jwks_uri").asText())
                .toString();
        var verified = ReceiptVerifier.verify(
                receipt.path("receipt").asText(),
                fleet.api().send("GET", jwksUri, null, null).raw());
        assertThat(verified.claims())
                .containsEntry("tenant_id", tenant.id().toString())
                .containsEntry("job_id", jobId.toString())
                .containsEntry("verified", true);
        assertThat((Map<?, ?>) verified.claims().get("services")).hasSize(FleetService.WITH_TENANT_DATA.size());
    }
}
