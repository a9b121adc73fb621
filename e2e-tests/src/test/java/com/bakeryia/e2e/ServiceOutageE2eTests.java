package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 3: a domain service down when the job starts. */
@ExtendWith(FleetExtension.class)
class ServiceOutageE2eTests {

    @AfterEach
    void restartEverything(RunningFleet fleet) {
        fleet.ensureAllUp();
    }

    @Test
    void aServiceDownWhenTheJobStartsIsRetriedAndTheJobCompletesOnceItIsBack(RunningFleet fleet) {
        fleet.processes().kill("recipes-service");
        SeededTenant tenant = fleet.seedTenant(2_400);
        String ops = fleet.tokens().ops();

        var job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        JsonNode retrying = fleet.api()
                .awaitJob(
                        ops,
                        job,
                        node -> step(node, "recipes-service").path("attempts").asInt() >= 2,
                        Duration.ofMinutes(1),
                        Duration.ofMillis(200),
                        node -> {});
        assertThat(retrying.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(step(retrying, "recipes-service").path("status").asText()).isEqualTo("IN_PROGRESS");

        fleet.processes().up("recipes-service");
        JsonNode completed = fleet.api().awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(2));

        JsonNode recipes = step(completed, "recipes-service");
        assertThat(recipes.path("attempts").asInt())
                .as("calls to recipes-service")
                .isGreaterThanOrEqualTo(2);
        assertThat(recipes.path("verified").asBoolean()).isTrue();
        assertThat(fleet.database().residue(tenant.id())).isEmpty();
        assertThat(fleet.database().isTombstoned(tenant.id())).isTrue();
    }

    @Test
    void aServiceDownPastTheRetryBudgetFailsTheJobNamingItAndARetryCompletesIt(RunningFleet fleet) {
        fleet.processes().down("suppliers-service");
        SeededTenant tenant = fleet.seedTenant(2_400);
        String ops = fleet.tokens().ops();

        var job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        JsonNode failed = fleet.api().awaitStatus(ops, job, "FAILED", Duration.ofMinutes(3));

        assertThat(failed.path("error").asText()).contains("suppliers-service");
        assertThat(step(failed, "suppliers-service").path("status").asText()).isEqualTo("FAILED");
        assertThat(step(failed, "tenant-service").path("status").asText())
                .as("tenant-service's step runs only after every domain step")
                .isEqualTo("PENDING");
        Map<String, Integer> attemptsBefore = new HashMap<>();
        for (JsonNode step : failed.path("steps")) {
            String service = step.path("service_name").asText();
            if (!service.equals("suppliers-service") && !service.equals("tenant-service")) {
                assertThat(step.path("status").asText()).as(service).isEqualTo("SUCCEEDED");
                attemptsBefore.put(service, step.path("attempts").asInt());
            }
        }
        assertThat(fleet.database().residue(tenant.id()))
                .as("only suppliers' and tenant-service's rows are left")
                .isNotEmpty()
                .allSatisfy((table, rows) -> assertThat(table).matches("(suppliers|tenant)\\..+"));
        assertThat(fleet.database().isTombstoned(tenant.id())).isFalse();

        fleet.processes().up("suppliers-service");
        ApiResponse retried = fleet.api().retry(ops, job);
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        assertThat(retried.body().path("status").asText()).isEqualTo("PENDING");
        JsonNode completed = fleet.api().awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(2));

        attemptsBefore.forEach((service, attempts) -> assertThat(
                        step(completed, service).path("attempts").asInt())
                .as("calls to %s, which had succeeded before the retry", service)
                .isEqualTo(attempts));
        assertThat(step(completed, "suppliers-service").path("verified").asBoolean())
                .isTrue();
        assertThat(fleet.database().residue(tenant.id())).isEmpty();
        assertThat(fleet.database().isTombstoned(tenant.id())).isTrue();
    }

    static JsonNode step(JsonNode job, String service) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("service_name").asText().equals(service)) {
                return step;
            }
        }
        throw new AssertionError("job has no step for " + service + ": " + job);
    }
}
