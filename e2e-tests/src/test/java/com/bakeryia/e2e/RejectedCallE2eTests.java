package com.bakeryia.e2e;

import static com.bakeryia.e2e.ServiceOutageE2eTests.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.ErasureChecks.StartedErasure;
import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.ApiResponse;
import com.bakeryia.tools.FleetService;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service that answers 403, which no retry can fix: the job is FAILED at once (no durable retry
 * scheduled), with reason {@code rejected} and an error naming the service; once the service is
 * fixed, an ops retry completes it.
 *
 * <p>suppliers-service is started with {@code DELETION_SERVICENAME=suppliers}: its endpoints keep
 * their path ({@code /api/v1/suppliers/...}, the name without {@code -service}), but the orchestrator's
 * tokens are addressed to {@code suppliers-service}, so fleet-platform authenticates them and grants
 * them no scope: 403, not 401.
 */
@ExtendWith(FleetExtension.class)
class RejectedCallE2eTests {

    private static final String SERVICE = "suppliers-service";

    @AfterEach
    void restoreTheService(RunningFleet fleet) {
        fleet.processes().down(SERVICE);
        fleet.ensureAllUp();
    }

    @Test
    void aServiceAnswering403FailsTheJobAtOnceNamingItAndARetryCompletesItOnceFixed(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(2_400);
        String ops = fleet.tokens().ops();
        fleet.processes().down(SERVICE);
        fleet.withSettings(Map.of("DELETION_SERVICENAME", "suppliers")).up(SERVICE);
        ApiResponse refused = fleet.api()
                .send(
                        "GET",
                        fleet.api().deletionPreviewUrl(FleetService.named(SERVICE), tenant.id()),
                        fleet.tokens()
                                .orchestratorServiceToken(
                                        SERVICE, tenant.id(), "tenant-data.preview", Duration.ofMinutes(2)),
                        null);
        assertThat(refused.status())
                .as("the misconfigured service refuses the orchestrator's token: %s", refused.raw())
                .isEqualTo(403);

        StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        JsonNode failed = fleet.api().awaitStatus(ops, erasure.job(), "FAILED", Duration.ofMinutes(2));

        assertThat(failed.path("failure_reason").asText()).isEqualTo("rejected");
        assertThat(failed.path("error").asText()).contains(SERVICE).contains("403");
        JsonNode rejected = step(failed, SERVICE);
        assertThat(rejected.path("status").asText()).isEqualTo("FAILED");
        assertThat(rejected.path("retries").asInt())
                .as("durable retries scheduled for a 403")
                .isZero();
        assertThat(rejected.path("attempts").asInt())
                .as("calls that answered 403 (a 4xx is not retried within the call either)")
                .isEqualTo(1);
        assertThat(step(failed, "tenant-service").path("status").asText()).isEqualTo("PENDING");
        for (FleetService service : FleetService.DOMAIN) {
            if (!service.name().equals(SERVICE)) {
                assertThat(step(failed, service.name()).path("status").asText())
                        .as(service.name())
                        .isEqualTo("SUCCEEDED");
            }
        }
        assertThat(ErasureChecks.leftovers(fleet, tenant.id()))
                .as("only suppliers' and tenant-service's rows are left")
                .isNotEmpty()
                .allSatisfy((table, rows) -> assertThat(table).matches("(suppliers|tenant)\\..+"));
        assertThat(fleet.database().isTombstoned(tenant.id())).isFalse();

        fleet.processes().down(SERVICE);
        fleet.ensureAllUp();
        ApiResponse retried = fleet.api().retry(ops, erasure.job());
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        assertThat(retried.body().path("status").asText()).isEqualTo("PENDING");
        fleet.api().awaitStatus(ops, erasure.job(), "COMPLETED", Duration.ofMinutes(2));
        ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
    }
}
