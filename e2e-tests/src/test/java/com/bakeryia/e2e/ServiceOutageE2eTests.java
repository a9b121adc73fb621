package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bakeryia.e2e.ErasureChecks.StartedErasure;
import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.FleetApi;
import com.bakeryia.tools.FleetService;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: outages longer than a step's call retries (about half a minute in this fleet). The job
 * is not FAILED: it goes RETRYING, shows the step's last error and next attempt, retries with backoff
 * on its own, and COMPLETES once the service is back, with nobody calling retry. The same when
 * tenant-service is down for the final step, and when PostgreSQL itself is restarted in the middle of
 * a job. Each time nothing of the tenant is left and the receipt's counts are the rows counted
 * before the DELETE.
 */
@ExtendWith(FleetExtension.class)
class ServiceOutageE2eTests {

    /** Longer than the call retries of {@link RunningFleet#TEST_SETTINGS} (8 attempts, about 30 s). */
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @AfterEach
    void restartEverything(RunningFleet fleet) {
        fleet.ensureAllUp();
    }

    @Test
    void aDomainServiceDownForAMinuteMakesTheJobRetryAndItCompletesWithNobodyRetryingIt(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(2_400);
        String ops = fleet.tokens().ops();
        fleet.processes().down("suppliers-service");
        Instant down = Instant.now();

        StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        Set<String> statuses = new LinkedHashSet<>();
        JsonNode retrying = fleet.api()
                .awaitJob(
                        ops,
                        erasure.job(),
                        node -> node.path("status").asText().equals("RETRYING")
                                || FleetApi.isFinal(node.path("status").asText()),
                        OUTAGE.plus(Duration.ofSeconds(30)),
                        Duration.ofMillis(250),
                        node -> statuses.add(node.path("status").asText()));
        assertThat(retrying.path("status").asText())
                .as("the job once suppliers-service's call retries are used up: %s", retrying)
                .isEqualTo("RETRYING");
        assertThat(retrying.path("next_attempt_at").isTextual())
                .as("job's next_attempt_at")
                .isTrue();
        assertThat(retrying.path("failure_reason").isNull()
                        || retrying.path("failure_reason").isMissingNode())
                .as("failure_reason of a retrying job")
                .isTrue();
        JsonNode suppliers = step(retrying, "suppliers-service");
        assertThat(suppliers.path("status").asText()).isEqualTo("RETRYING");
        assertThat(suppliers.path("last_error").asText())
                .as("suppliers-service's last error")
                .isNotBlank();
        assertThat(suppliers.path("next_attempt_at").isTextual())
                .as("suppliers-service's next attempt")
                .isTrue();
        for (FleetService service : FleetService.DOMAIN) {
            if (!service.name().equals("suppliers-service")) {
                assertThat(step(retrying, service.name()).path("status").asText())
                        .as(service.name())
                        .isEqualTo("SUCCEEDED");
            }
        }
        assertThat(step(retrying, "tenant-service").path("status").asText())
                .as("tenant-service's step runs only after every domain step")
                .isEqualTo("PENDING");

        // The rest of the minute: the job keeps retrying on its own and is never FAILED.
        JsonNode stillActive = fleet.api()
                .awaitJob(
                        ops,
                        erasure.job(),
                        node -> FleetApi.isFinal(node.path("status").asText())
                                || !Instant.now().isBefore(down.plus(OUTAGE)),
                        OUTAGE.plus(Duration.ofSeconds(30)),
                        Duration.ofMillis(500),
                        node -> statuses.add(node.path("status").asText()));
        assertThat(stillActive.path("status").asText())
                .as("the job after suppliers-service was down for %s", OUTAGE)
                .isIn("RETRYING", "IN_PROGRESS");
        assertThat(step(stillActive, "suppliers-service").path("retries").asInt())
                .as("scheduled retries of suppliers-service's step")
                .isPositive();

        fleet.processes().up("suppliers-service");
        JsonNode completed = fleet.api().awaitStatus(ops, erasure.job(), "COMPLETED", Duration.ofMinutes(2));

        assertThat(statuses).as("statuses seen").doesNotContain("FAILED");
        assertThat(completed.path("attempt").asInt())
                .as("claims of the job: the first, and one per due retry")
                .isGreaterThanOrEqualTo(2);
        assertThat(step(completed, "suppliers-service").path("verified").asBoolean())
                .isTrue();
        ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
    }

    @Test
    void tenantServiceDownForTheFinalStepMakesTheJobRetryItUntilItIsBack(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(60_000);
        String ops = fleet.tokens().ops();

        StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        // Once the orchestrator has the job and its domain steps run, tenant-service is not needed until the
        // final step: stop it now, so that the final step is called while it is down.
        fleet.api()
                .awaitJob(
                        ops,
                        erasure.job(),
                        node -> !step(node, "orders-service")
                                        .path("status")
                                        .asText()
                                        .equals("PENDING")
                                || FleetApi.isFinal(node.path("status").asText()),
                        Duration.ofMinutes(1),
                        Duration.ofMillis(50),
                        node -> {});
        fleet.processes().down("tenant-service");

        JsonNode retrying = fleet.api()
                .awaitJob(
                        ops,
                        erasure.job(),
                        node -> (node.path("status").asText().equals("RETRYING")
                                        && step(node, "tenant-service")
                                                        .path("retries")
                                                        .asInt()
                                                > 0)
                                || FleetApi.isFinal(node.path("status").asText()),
                        Duration.ofMinutes(3),
                        Duration.ofMillis(250),
                        node -> {});
        assertThat(retrying.path("status").asText())
                .as("the job while tenant-service is down: %s", retrying)
                .isEqualTo("RETRYING");
        for (FleetService service : FleetService.DOMAIN) {
            assertThat(step(retrying, service.name()).path("status").asText())
                    .as(service.name())
                    .isEqualTo("SUCCEEDED");
        }
        JsonNode last = step(retrying, "tenant-service");
        assertThat(last.path("status").asText()).isEqualTo("RETRYING");
        assertThat(last.path("last_error").asText())
                .as("tenant-service's last error")
                .isNotBlank();
        assertThat(last.path("next_attempt_at").isTextual()).isTrue();
        assertThat(fleet.database().isTombstoned(tenant.id())).isFalse();

        fleet.processes().up("tenant-service");
        fleet.api().awaitStatus(ops, erasure.job(), "COMPLETED", Duration.ofMinutes(2));
        ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
        var gone = fleet.api()
                .send("GET", fleet.api().tenantUrl("/api/v1/tenants/" + tenant.id()), tenant.ownerToken(), null);
        assertThat(gone.status()).as(gone.raw()).isEqualTo(404);
    }

    @Test
    void postgresRestartedInTheMiddleOfAJobIsSurvivedAndTheJobCompletes(RunningFleet fleet) {
        assumeTrue(
                fleet.ownsPostgres(),
                "PostgreSQL is restarted only on the suite's own cluster: " + fleet.whyPostgresIsShared());
        SeededTenant tenant = fleet.seedTenant(120_000);

        StartedErasure erasure = ErasureChecks.delete(fleet, tenant);
        await("a domain step of job " + erasure.job() + " running")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> fleet.database()
                                .jdbc()
                                .sql("SELECT count(*) FROM orchestrator.deletion_step WHERE job_id = ?"
                                        + " AND status = 'IN_PROGRESS' AND NOT final_step")
                                .param(erasure.job())
                                .query(Long.class)
                                .single()
                        > 0);
        assertThat(ErasureChecks.leftovers(fleet, tenant.id()))
                .as("rows of the tenant when PostgreSQL stops")
                .isNotEmpty();

        fleet.restartPostgres(Duration.ofSeconds(20));

        ErasureChecks.awaitStatusThroughFaults(
                fleet, erasure.job(), "COMPLETED", Duration.ofMinutes(4), "after PostgreSQL's restart");
        ErasureChecks.assertErasedAsCounted(fleet, tenant, erasure);
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
